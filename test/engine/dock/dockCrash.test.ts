import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDock } from '../../../src/engine/dock'
import { createRng } from '../../../src/engine/math/rng'
import { removeDir, tablePackageInput } from './dockFixtures'

const repoRoot = resolve(import.meta.dirname, '../../..')
const ROUNDS = 25
const MIN_ROUNDS = 10
const TIME_BUDGET_MS = 25_000
const SEED = 20_240_917

let workDir: string
let importerScript: string
let inputPath: string

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'lwd-dock-crash-'))
  importerScript = join(workDir, 'crashImporter.cjs')
  await build({
    entryPoints: [join(import.meta.dirname, 'crashImporter.ts')],
    outfile: importerScript,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent'
  })
  const input = await tablePackageInput({ dataset: 'iris', firstRow: 0, rowCount: 120 })
  inputPath = join(workDir, 'input.json')
  writeFileSync(inputPath, JSON.stringify({
    semanticSpec: input.semanticSpec,
    statSpecJson: input.statSpecs[0].json,
    onnxBase64: Buffer.from(input.onnxModel).toString('base64'),
    manifest: input.manifest
  }))
})

afterAll(async () => {
  await removeDir(workDir)
})

interface KilledRun {
  lines: string[]
  stderr: string
}

/** Runs the importer and SIGKILLs it `delayMs` after it is ready (or after it starts, when `early`). */
function runAndKill(dockDir: string, tag: string, delayMs: number, early: boolean): Promise<KilledRun> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, [importerScript, dockDir, inputPath, tag], {
      env: { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    const kill = () => setTimeout(() => child.kill('SIGKILL'), delayMs)
    if (early) kill()
    child.stdout.on('data', (chunk: Buffer) => {
      const wasReady = stdout.includes('ready\n')
      stdout += chunk.toString()
      if (!early && !wasReady && stdout.includes('ready\n')) kill()
    })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.on('error', rejectRun)
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') rejectRun(new Error(`importer exited by itself (code ${code}):\n${stdout}\n${stderr}`))
      // only whole lines: a line cut by the kill was never fully reported
      else resolveRun({ lines: stdout.split('\n').slice(0, -1), stderr })
    })
  })
}

type InFlight = { op: 'add' } | { op: 'update' | 'remove'; id: string } | null

/** What the importer reported as committed, and the operation it was in when killed. */
function replay(lines: string[], present: ReadonlySet<string>): { expected: Set<string>; inFlight: InFlight; reportedAdds: string[] } {
  const expected = new Set(present)
  const reportedAdds: string[] = []
  let inFlight: InFlight = null
  for (const line of lines) {
    const [word, op, id] = line.split(' ')
    if (word === 'error') throw new Error(`importer failed: ${line}`)
    if (word === 'begin') inFlight = op === 'add' ? { op: 'add' } : { op: op as 'update' | 'remove', id }
    if (word !== 'done') continue
    inFlight = null
    if (op === 'add') {
      expected.add(id)
      reportedAdds.push(id)
    }
    if (op === 'remove') expected.delete(id)
  }
  return { expected, inFlight, reportedAdds }
}

const seqOf = (id: string) => Number(id.slice('lwd-'.length))
const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

it('a dock SIGKILLed at random moments while importing is always whole when reopened', { timeout: 60_000 }, async () => {
  const rng = createRng(SEED)
  const dockDir = join(workDir, 'dock')
  const started = Date.now()
  let present = new Set<string>()
  const removed = new Set<string>()
  let highestSeq = 0
  const tally = { rounds: 0, midOperation: 0, unreportedCommits: 0, stagingRemoved: 0, orphansRemoved: 0 }

  for (let round = 0; round < ROUNDS && (round < MIN_ROUNDS || Date.now() - started < TIME_BUDGET_MS); round++) {
    const early = rng.next() < 0.15
    const run = await runAndKill(dockDir, `r${round}`, Math.floor(rng.next() * (early ? 150 : 400)), early)
    const { expected, inFlight, reportedAdds } = replay(run.lines, present)

    const dock = await openDock(dockDir)
    try {
      const rows = dock.list()
      const actual = new Set(rows.map((row) => row.id))
      const extra = [...actual].filter((id) => !expected.has(id))
      const missing = [...expected].filter((id) => !actual.has(id))
      const context = `round ${round} (seed ${SEED}), in flight: ${JSON.stringify(inFlight)}, extra ${extra}, missing ${missing}`

      // the row set is what was reported, give or take the one operation that was in flight
      if (inFlight?.op === 'add') {
        expect(missing, context).toEqual([])
        expect(extra.length, context).toBeLessThanOrEqual(1)
      } else if (inFlight?.op === 'remove') {
        expect(extra, context).toEqual([])
        expect(missing.filter((id) => id !== inFlight.id), context).toEqual([])
      } else {
        expect([extra, missing], context).toEqual([[], []])
      }
      // new ids are fresh: above every id seen before, never one that was removed
      for (const id of [...reportedAdds, ...extra]) {
        expect(removed.has(id), context).toBe(false)
        expect(seqOf(id), context).toBeGreaterThan(highestSeq)
      }
      // every row has its whole package, and nothing else is on disk
      expect(dock.recovery.flagged, context).toEqual([])
      for (const row of rows) {
        expect(row.status, context).toBe('usable')
        expect(sha256File(join(dockDir, 'packages', `${row.packageSha256}.zip`)), context).toBe(row.packageSha256)
      }
      const files = readdirSync(join(dockDir, 'packages')).sort()
      expect(files, context).toEqual(rows.map((row) => `${row.packageSha256}.zip`).sort())
      expect(readdirSync(join(dockDir, 'staging')), context).toEqual([])

      for (const id of [...present, ...reportedAdds]) if (!actual.has(id)) removed.add(id)
      for (const id of actual) highestSeq = Math.max(highestSeq, seqOf(id))
      for (const id of reportedAdds) highestSeq = Math.max(highestSeq, seqOf(id))
      present = actual
      tally.rounds++
      if (inFlight) tally.midOperation++
      if (extra.length > 0 && inFlight?.op === 'add') tally.unreportedCommits++
      tally.stagingRemoved += dock.recovery.stagingFilesRemoved
      tally.orphansRemoved += dock.recovery.orphanPackagesRemoved.length
    } finally {
      dock.close()
    }
  }

  console.info(`crash test: ${JSON.stringify(tally)}, ${present.size} learnwares, highest id ${highestSeq}, ${Date.now() - started} ms`)
  expect(tally.rounds).toBeGreaterThanOrEqual(MIN_ROUNDS)
  // the kills must actually land inside imports, or this test proves nothing
  expect(tally.midOperation).toBeGreaterThanOrEqual(tally.rounds / 2)
  expect(highestSeq).toBeGreaterThanOrEqual(tally.rounds)
})
