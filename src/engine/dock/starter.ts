/**
 * The starter dock: learnwares trained by Learnware Dock on public data (resources/starter-dock, built by
 * `npm run build:starter-dock`), so a new user's search has something to find on first run. Seeding imports
 * every starter package the dock does not hold yet — matched by sha256, so running it again adds nothing —
 * and checks each zip against the sha256 its index records before it goes in. `starterDockDir()` finds the
 * folder from wherever the engine runs: the sources (src/engine/dock), an esbuild bundle (out/cli,
 * out/main) or a packaged Electron app (process.resourcesPath/starter-dock).
 *
 * Example:
 *   const dock = await openDock(defaultDockDir(), { check: dockCheck() })
 *   const report = await seedStarterDock(dock, starterDockDir())
 *   report.added.length; report.skipped.length       // 32, 0 the first time; 0, 32 after that
 */

import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { LearnwareError } from '../errors'
import type { ProgressListener } from '../progress'
import type { Dock } from './dock'
import type { DockCheck, DockStatus } from './packageCheck'

export const STARTER_INDEX_FILE = 'index.json'

export interface StarterLearnwareRecord {
  slug: string
  /** Path of the zip relative to the starter folder, e.g. `packages/iris-setosa-vs-versicolor.zip`. */
  file: string
  name: string
  sha256: string
  dataset: string
  subset: string
}

export interface SeedOptions {
  /** Check for the imports (default: the dock's own). */
  check?: DockCheck
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface SeedReport {
  added: { slug: string; id: string; status: DockStatus; reason: string }[]
  /** Already in the dock (same package bytes). */
  skipped: { slug: string; id: string }[]
}

export async function seedStarterDock(dock: Dock, starterDir: string, options: SeedOptions = {}): Promise<SeedReport> {
  const records = await readStarterIndex(starterDir)
  const known = new Map(dock.list().map((entry) => [entry.packageSha256, entry.id]))
  const report: SeedReport = { added: [], skipped: [] }
  const task = 'starter dock'
  options.onProgress?.({ status: 'start', task })
  for (const [i, record] of records.entries()) {
    if (options.signal?.aborted) throw new LearnwareError('CANCELLED', 'Seeding the starter dock was cancelled')
    const existing = known.get(record.sha256)
    if (existing) report.skipped.push({ slug: record.slug, id: existing })
    else {
      const bytes = await readStarterPackage(starterDir, record)
      const result = await dock.add(bytes, { check: options.check, onDuplicate: 'return-existing', label: `${record.slug}.zip` })
      if (result.duplicate) report.skipped.push({ slug: record.slug, id: result.id })
      else report.added.push({ slug: record.slug, id: result.id, status: result.status, reason: result.reason })
    }
    options.onProgress?.({ status: 'progress', task, fraction: (i + 1) / records.length, detail: record.name })
  }
  options.onProgress?.({ status: 'done', task })
  return report
}

/** Marker written into a dock once the starter learnwares were offered to it. */
export const STARTER_MARKER_FILE = 'starter-dock-seeded.json'

/**
 * Seeds a dock from the starter dock the first time only: a marker file in the dock folder remembers it,
 * so learnwares the user removed later do not come back on the next launch. Returns null when the dock
 * had been seeded before.
 */
export async function seedStarterDockOnce(dock: Dock, starterDir: string, options: SeedOptions = {}): Promise<SeedReport | null> {
  const marker = join(dock.dir, STARTER_MARKER_FILE)
  if (existsSync(marker)) return null
  const report = await seedStarterDock(dock, starterDir, options)
  await writeFile(marker, `${JSON.stringify({ seededAt: new Date().toISOString(), added: report.added.length, skipped: report.skipped.length })}\n`)
  return report
}

/** The starter learnwares listed in `<starterDir>/index.json`, in dock order. */
export async function readStarterIndex(starterDir: string): Promise<StarterLearnwareRecord[]> {
  const path = join(starterDir, STARTER_INDEX_FILE)
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    throw new LearnwareError(missing ? 'IO_NOT_FOUND' : 'SPEC_INVALID_JSON', `${path}: ${missing ? 'no such file' : 'not readable JSON'}`, {
      cause, hint: 'Rebuild the starter dock with npm run build:starter-dock.'
    })
  }
  const list = (parsed as { learnwares?: unknown } | null)?.learnwares
  if (!Array.isArray(list) || !list.every(isRecord)) {
    throw new LearnwareError('SPEC_BAD_FORMAT', `${path}: "learnwares" must be a list of {slug, file, name, sha256, dataset, subset}`)
  }
  return list
}

async function readStarterPackage(starterDir: string, record: StarterLearnwareRecord): Promise<Uint8Array> {
  const path = resolve(starterDir, record.file)
  if (!path.startsWith(resolve(starterDir) + sep)) {
    throw new LearnwareError('PACKAGE_UNSAFE', `${STARTER_INDEX_FILE}: ${record.slug} points outside the starter folder (${record.file})`)
  }
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (cause) {
    throw new LearnwareError('IO_NOT_FOUND', `${path}: the starter package of ${record.slug} is missing`, { cause, hint: 'Rebuild the starter dock with npm run build:starter-dock.' })
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (sha256 !== record.sha256) {
    throw new LearnwareError('PACKAGE_INVALID', `${path} has sha256 ${sha256.slice(0, 12)}…, but ${STARTER_INDEX_FILE} records ${record.sha256.slice(0, 12)}…`, {
      hint: 'The package or the index was changed by hand; rebuild the starter dock with npm run build:starter-dock.'
    })
  }
  return bytes
}

/**
 * The starter folder: `process.resourcesPath/starter-dock` in a packaged Electron app, else the repository's
 * `resources/starter-dock` seen from this file (src/engine/dock) or from a bundle one level under out/.
 */
export function starterDockDir(): string {
  const candidates: string[] = []
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath
  if (typeof resourcesPath === 'string') candidates.push(join(resourcesPath, 'starter-dock'))
  if (typeof __dirname === 'string') {
    candidates.push(resolve(__dirname, '../../../resources/starter-dock'), resolve(__dirname, '../../resources/starter-dock'))
  }
  const found = candidates.find((dir) => existsSync(join(dir, STARTER_INDEX_FILE)))
  if (found) return found
  throw new LearnwareError('IO_NOT_FOUND', `No starter dock found (looked in ${candidates.join(', ') || 'no folder'})`, {
    hint: 'Build it with npm run build:starter-dock, and ship resources/starter-dock with the app.'
  })
}

function isRecord(value: unknown): value is StarterLearnwareRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return ['slug', 'file', 'name', 'sha256', 'dataset', 'subset'].every((key) => typeof record[key] === 'string')
}
