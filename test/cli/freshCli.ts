/**
 * Builds the CLI bundle once before a test file spawns it. `bin/learnware-dock.cjs` rebuilds a stale bundle
 * by itself, but test files run in parallel and two processes rebuilding at once can let a third load a
 * half-written bundle; so the first test file to get here builds under a lock (a directory, created
 * atomically) and the others wait for it. Afterwards the bundle is newer than the sources and no spawned
 * CLI rebuilds it.
 *
 * Example:
 *   beforeAll(() => ensureFreshCli())
 */

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../helpers/fixtures'

const bundle = join(repoRoot, 'out', 'cli', 'index.cjs')
const lockDir = join(tmpdir(), `learnware-dock-cli-build-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}.lock`)
const STALE_LOCK_MS = 120_000

export function ensureFreshCli(): void {
  if (!bundleIsStale()) return
  const deadline = Date.now() + STALE_LOCK_MS
  while (!tryLock()) {
    if (Date.now() > deadline) rmSync(lockDir, { recursive: true, force: true })
    sleep(100)
  }
  try {
    if (!bundleIsStale()) return
    const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-cli.mjs')], { cwd: repoRoot, encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`building the CLI failed:\n${result.stderr}`)
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
  }
}

function bundleIsStale(): boolean {
  return !existsSync(bundle) || statSync(bundle).mtimeMs < newestSourceTime(join(repoRoot, 'src'))
}

function newestSourceTime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs)
  }
  return newest
}

function tryLock(): boolean {
  try {
    mkdirSync(lockDir)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
