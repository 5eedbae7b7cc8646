/**
 * Jobs as the UI sees them: progress clamped to 0–1 and never going back, reaching 1 before `done`;
 * exactly one ending per job (done, error with a readable message and no stack, or cancelled); queued
 * jobs waiting for a free slot and cancellable before they start; unknown ids answered NOT_FOUND.
 */

import { describe, expect, it } from 'vitest'
import type { JobEvent, ServerEventMessage } from '../../src/shared/api'
import { LearnwareError } from '../../src/engine/errors'
import { EventBus } from '../../src/server/eventBus'
import { JobManager } from '../../src/server/jobs/jobManager'

function setup(maxConcurrent = 2) {
  const bus = new EventBus()
  const events: JobEvent[] = []
  bus.listen((message: ServerEventMessage) => message.name === 'job' && events.push(message.payload))
  return { jobs: new JobManager(bus, { maxConcurrent, progressIntervalMs: 0 }), events }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('JobManager', () => {
  it('keeps progress monotone and within 0–1, ending at 1 before done', async () => {
    const { jobs, events } = setup()
    const ticket = jobs.start('specGenerate', {
      run: async ({ progress }) => {
        for (const fraction of [0.2, 0.1, 0.5, Number.NaN, 7, 0.9]) {
          progress(fraction, 'fitting')
          await tick()
        }
        return { k: 3 } as never
      }
    })
    await jobs.settled(ticket.jobId)
    const mine = events.filter((e) => e.jobId === ticket.jobId)
    const fractions = mine.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1])
    expect(Math.max(...fractions)).toBe(1)
    expect(fractions.at(-1)).toBe(1)
    expect(mine.at(-1)).toEqual({ jobId: ticket.jobId, kind: 'specGenerate', status: 'done', result: { k: 3 } })
    expect(jobs.get(ticket.jobId)).toMatchObject({ status: 'done', fraction: 1, result: { k: 3 }, error: null })
  })

  it('reports a failure as { code, message, hint } and a bug without its stack', async () => {
    const { jobs, events } = setup()
    const expected = jobs.start('dockImport', { run: async () => { throw new LearnwareError('PACKAGE_INVALID', 'x.zip has no learnware.yaml', { hint: 'Add it.' }) } })
    const bug = jobs.start('dockImport', { run: async () => { throw new TypeError("Cannot read properties of undefined (reading 'z')\n    at secret.ts:1:1") } })
    await jobs.settled(expected.jobId)
    await jobs.settled(bug.jobId)
    expect(events.find((e) => e.jobId === expected.jobId && e.status === 'error')).toMatchObject({ error: { code: 'PACKAGE_INVALID', message: 'x.zip has no learnware.yaml', hint: 'Add it.' } })
    const bugEvent = events.find((e) => e.jobId === bug.jobId && e.status === 'error') as Extract<JobEvent, { status: 'error' }>
    expect(bugEvent.error.code).toBe('INTERNAL')
    expect(bugEvent.error.message).not.toContain('secret.ts')
  })

  it('runs at most maxConcurrent jobs; a queued job can be cancelled before it starts', async () => {
    const { jobs, events } = setup(1)
    let release!: () => void
    const first = jobs.start('searchRun', { run: () => new Promise((resolve) => (release = () => resolve({} as never))) })
    let secondRan = false
    const second = jobs.start('searchRun', { run: async () => { secondRan = true; return {} as never } })
    await tick()
    expect(jobs.get(first.jobId).status).toBe('running')
    expect(jobs.get(second.jobId).status).toBe('queued')
    expect(events.find((e) => e.jobId === second.jobId)).toMatchObject({ status: 'progress', fraction: 0, detail: 'Waiting for another job to finish' })
    expect(jobs.cancel(second.jobId)).toEqual({ jobId: second.jobId, cancelled: true })
    release()
    await jobs.settled(first.jobId)
    expect(secondRan).toBe(false)
    expect(events.filter((e) => e.jobId === second.jobId && e.status !== 'progress')).toEqual([{ jobId: second.jobId, kind: 'searchRun', status: 'cancelled' }])
  })

  it('cancels a running job through its AbortSignal, ending it exactly once', async () => {
    const { jobs, events } = setup()
    const ticket = jobs.start('specGenerate', {
      run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new LearnwareError('CANCELLED', 'Specification cancelled'))))
    })
    await tick()
    expect(jobs.cancel(ticket.jobId).cancelled).toBe(true)
    await jobs.settled(ticket.jobId)
    expect(jobs.cancel(ticket.jobId).cancelled).toBe(false)
    expect(events.filter((e) => e.jobId === ticket.jobId && e.status !== 'progress').map((e) => e.status)).toEqual(['cancelled'])
  })

  it('answers NOT_FOUND for an unknown job', () => {
    const { jobs } = setup()
    expect(() => jobs.get('job-404')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
  })

  it('cancels everything on shutdown', async () => {
    const { jobs } = setup()
    const ticket = jobs.start('specGenerate', {
      run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new LearnwareError('CANCELLED', 'stop'))))
    })
    await jobs.shutdown()
    expect(jobs.get(ticket.jobId).status).toBe('cancelled')
  })
})
