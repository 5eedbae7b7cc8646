/**
 * Jobs: long work the UI starts and then follows through `job` events. A job is queued, runs (at most
 * `maxConcurrent` at a time), and
 * ends exactly once: `done` with its result, `error` with `{ code, message, hint }`, or `cancelled`.
 * Progress is clamped to 0–1, never goes back, is throttled, and reaches 1 before `done`. Finished jobs are
 * kept (the newest `retainFinished`) so a page that reconnects can ask `get(jobId)`.
 *
 * Example:
 *   const ticket = jobs.start('specGenerate', { run: async ({ signal, progress }) => fit(signal, progress) })
 *   jobs.cancel(ticket.jobId)      // { jobId, cancelled: true }
 *   await jobs.settled(ticket.jobId)
 */

import type { AnyJobState, JobCancelResult, JobKind, JobResults, JobState, JobTicket } from '../../shared/api'
import { HostError, toApiError, type Logger } from '../errors'
import type { EventBus } from '../eventBus'

export interface JobContext {
  signal: AbortSignal
  /** Any fraction; the manager keeps the reported progress monotone and within 0–1. */
  progress(fraction: number, detail?: string | null): void
}

export interface JobDefinition<K extends JobKind> {
  run(context: JobContext): Promise<JobResults[K]>
}

export interface JobManagerOptions {
  maxConcurrent?: number
  retainFinished?: number
  /** Least time between two progress events of a job (default 100 ms). */
  progressIntervalMs?: number
  log?: Logger
}

interface Job {
  state: JobState<JobKind, unknown>
  definition: JobDefinition<JobKind>
  controller: AbortController
  lastEmittedAt: number
  lastEmittedFraction: number
  settled: Promise<void>
  settle: () => void
}

export class JobManager {
  private readonly jobs = new Map<string, Job>()
  private readonly queue: Job[] = []
  private readonly running = new Set<Job>()
  private next = 1
  private readonly maxConcurrent: number
  private readonly retainFinished: number
  private readonly progressIntervalMs: number

  constructor(private readonly bus: EventBus, private readonly options: JobManagerOptions = {}) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 2)
    this.retainFinished = options.retainFinished ?? 100
    this.progressIntervalMs = options.progressIntervalMs ?? 100
  }

  start<K extends JobKind>(kind: K, definition: JobDefinition<K>): JobTicket<K> {
    const jobId = `job-${this.next++}`
    let settle!: () => void
    const settled = new Promise<void>((resolve) => (settle = resolve))
    const job: Job = {
      state: { jobId, kind, status: 'queued', fraction: 0, detail: null, result: null, error: null, startedAt: new Date().toISOString() },
      definition: definition as unknown as JobDefinition<JobKind>,
      controller: new AbortController(),
      lastEmittedAt: 0,
      lastEmittedFraction: -1,
      settled,
      settle
    }
    this.jobs.set(jobId, job)
    this.queue.push(job)
    this.emitProgress(job, 0, this.hasFreeSlot() ? 'Starting' : 'Waiting for another job to finish', true)
    this.pump()
    return { jobId, kind }
  }

  cancel(jobId: string): JobCancelResult {
    const job = this.jobOf(jobId)
    const { status } = job.state
    if (status === 'done' || status === 'error' || status === 'cancelled') return { jobId, cancelled: false }
    job.controller.abort()
    if (status === 'queued') {
      this.queue.splice(this.queue.indexOf(job), 1)
      this.finish(job, { status: 'cancelled' })
    }
    return { jobId, cancelled: true }
  }

  get(jobId: string): AnyJobState {
    return { ...this.jobOf(jobId).state } as AnyJobState
  }

  list(): AnyJobState[] {
    return [...this.jobs.values()].map((job) => ({ ...job.state }) as AnyJobState)
  }

  /** Resolves when the job has ended, however it ended. */
  async settled(jobId: string): Promise<AnyJobState> {
    const job = this.jobOf(jobId)
    await job.settled
    return this.get(jobId)
  }

  /** Cancels everything and waits for running jobs to stop (app shutdown). */
  async shutdown(): Promise<void> {
    for (const job of [...this.queue, ...this.running]) this.cancel(job.state.jobId)
    await Promise.all([...this.jobs.values()].map((job) => job.settled))
  }

  private jobOf(jobId: string): Job {
    const job = this.jobs.get(jobId)
    if (!job) throw new HostError('NOT_FOUND', `No job with id ${jobId}`, 'Finished jobs are forgotten after a while; start it again.')
    return job
  }

  private hasFreeSlot(): boolean {
    return this.running.size < this.maxConcurrent
  }

  private pump(): void {
    while (this.queue.length > 0 && this.hasFreeSlot()) {
      const job = this.queue.shift()!
      this.running.add(job)
      job.state.status = 'running'
      void this.execute(job)
    }
  }

  private async execute(job: Job): Promise<void> {
    const context: JobContext = {
      signal: job.controller.signal,
      progress: (fraction, detail) => this.emitProgress(job, fraction, detail ?? job.state.detail, false)
    }
    try {
      const result = await job.definition.run(context)
      this.emitProgress(job, 1, job.state.detail, true)
      this.finish(job, { status: 'done', result })
    } catch (error) {
      const apiError = toApiError(error, this.options.log)
      if (apiError.code === 'CANCELLED' || job.controller.signal.aborted) this.finish(job, { status: 'cancelled' })
      else this.finish(job, { status: 'error', error: apiError })
    } finally {
      this.running.delete(job)
      this.pump()
    }
  }

  private emitProgress(job: Job, fraction: number, detail: string | null, force: boolean): void {
    const value = Math.min(1, Math.max(job.state.fraction, Number.isFinite(fraction) ? fraction : 0))
    const detailChanged = detail !== job.state.detail
    job.state.fraction = value
    job.state.detail = detail
    if (job.state.status !== 'queued' && job.state.status !== 'running') return
    const now = Date.now()
    const due = force || detailChanged || now - job.lastEmittedAt >= this.progressIntervalMs || (value === 1 && job.lastEmittedFraction < 1)
    if (!due || (value === job.lastEmittedFraction && !detailChanged && !force)) return
    job.lastEmittedAt = now
    job.lastEmittedFraction = value
    this.bus.emit('job', { jobId: job.state.jobId, kind: job.state.kind, status: 'progress', fraction: value, detail } as never)
  }

  private finish(job: Job, outcome: { status: 'done'; result: unknown } | { status: 'error'; error: ReturnType<typeof toApiError> } | { status: 'cancelled' }): void {
    const { jobId, kind } = job.state
    job.state.status = outcome.status
    if (outcome.status === 'done') {
      job.state.result = outcome.result
      this.bus.emit('job', { jobId, kind, status: 'done', result: outcome.result } as never)
    } else if (outcome.status === 'error') {
      job.state.error = outcome.error
      this.bus.emit('job', { jobId, kind, status: 'error', error: outcome.error } as never)
    } else {
      this.bus.emit('job', { jobId, kind, status: 'cancelled' } as never)
    }
    job.settle()
    this.forgetOldJobs()
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((job) => !['queued', 'running'].includes(job.state.status))
    for (const job of finished.slice(0, Math.max(0, finished.length - this.retainFinished))) this.jobs.delete(job.state.jobId)
  }
}
