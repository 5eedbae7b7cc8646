import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import { repoRoot } from '../helpers/fixtures'
import { ensureFreshCli } from './freshCli'

const starter = join(repoRoot, 'resources', 'starter-dock')
const tasks = (JSON.parse(readFileSync(join(starter, 'user-tasks', 'index.json'), 'utf8')) as { tasks: { file: string; sources: string[] }[] }).tasks
const learnwares = (JSON.parse(readFileSync(join(starter, 'index.json'), 'utf8')) as { learnwares: { slug: string; name: string }[] }).learnwares
let home: string

beforeAll(() => {
  ensureFreshCli()
  home = mkdtempSync(join(tmpdir(), 'lw-home-'))
})
afterAll(() => rmSync(home, { recursive: true, force: true }))

describe('a first-time user of the command line (default dock)', () => {
  // The default dock lives under XDG_DATA_HOME; a private one per test run keeps the machine's dock out of it.
  const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: home, HOME: home })

  it('finds, for held-out rows of a starter data set, the learnware trained on the matching part first', () => {
    const singleSource = tasks.filter((t) => t.sources.length === 1)
    for (const task of [singleSource[0], singleSource.find((t) => t.file.startsWith('digits'))!, singleSource.find((t) => t.file.startsWith('diabetes'))!]) {
      const result = runCli(['search', '--data', join(starter, 'user-tasks', task.file), '--target', 'target', '--json'], { env: env() })
      expect(result.code, result.stderr).toBe(0)
      const top = JSON.parse(result.stdout).single[0]
      expect(top.name).toBe(learnwares.find((l) => l.slug === task.sources[0])!.name)
    }
  })

  it('seeds the starter learnwares once: a removed learnware stays removed', () => {
    const list = JSON.parse(runCli(['dock', 'list', '--json'], { env: env() }).stdout).learnwares as { id: string }[]
    expect(list.length).toBe(learnwares.length)
    expect(runCli(['dock', 'rm', list[0].id], { env: env() }).code).toBe(0)
    const after = JSON.parse(runCli(['dock', 'list', '--json'], { env: env() }).stdout).learnwares as { id: string }[]
    expect(after.length).toBe(learnwares.length - 1)
  })
})
