/**
 * The committed starter dock (resources/starter-dock) does what it is for: seeded into an empty dock under the
 * real checker, every learnware is usable; each user task made of held-out rows of one learnware's subset
 * finds that learnware first; a task joining two subsets finds a mixture holding both; seeding again adds
 * nothing; and the packages are the ones the index (and a rebuild) says they are.
 */

import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildStarterDock } from '../scripts/starter-dock/buildStarter'
import { buildImageLearnwares } from '../scripts/starter-dock/imageLearnwares'
import { dockCheck } from '../src/engine/check'
import { loadTableFile } from '../src/engine/data'
import { readIdxImages, readIdxLabels } from '../src/engine/data/images'
import { readLearnwarePackage } from '../src/engine/learnware'
import { predictWithLearnwareImages } from '../src/engine/predict'
import { openDock, type Dock } from '../src/engine/dock'
import { readStarterIndex, seedStarterDock, starterDockDir, type SeedReport } from '../src/engine/dock/starter'
import { searchDockWithImages, searchDockWithTable, searchDockWithTexts } from '../src/engine/search'
import { createHashedNgramEmbedder, loadTextTableFile } from '../src/engine/text'

const repoRoot = join(import.meta.dirname, '..')
const starterDir = join(repoRoot, 'resources', 'starter-dock')

interface UserTaskRecord {
  file: string
  dataset: string
  sources: string[]
  rows: number
  /** 'text' for the Brown-corpus tasks (column `text`, target = genre group), 'image' for Fashion-MNIST (IDX gz); absent for tables. */
  kind?: string
  groups?: string[]
  /** Image tasks: the IDX labels file (Fashion-MNIST codes 0–9) and the class names. */
  labelsFile?: string
  classes?: string[]
}

const allTasks = (JSON.parse(readFileSync(join(starterDir, 'user-tasks', 'index.json'), 'utf8')) as { tasks: UserTaskRecord[] }).tasks
const userTasks = allTasks.filter((task) => task.kind === undefined)
const textTasks = allTasks.filter((task) => task.kind === 'text')
const imageTasks = allTasks.filter((task) => task.kind === 'image')
const singleSourceTasks = userTasks.filter((task) => task.sources.length === 1)
const mixedTasks = userTasks.filter((task) => task.sources.length > 1)
const indexLearnwares = (JSON.parse(readFileSync(join(starterDir, 'index.json'), 'utf8')) as { learnwares: { slug: string; kind?: string }[] }).learnwares
const textSlugs = new Set(indexLearnwares.filter((l) => l.kind === 'text').map((l) => l.slug))
const imageSlugs = new Set(indexLearnwares.filter((l) => l.kind === 'image').map((l) => l.slug))

let dockDir: string
let dock: Dock
let firstSeed: SeedReport
/** Starter slug → dock id. */
const idOf = new Map<string, string>()

beforeAll(async () => {
  dockDir = await mkdtemp(join(tmpdir(), 'starter-dock-'))
  dock = await openDock(dockDir, { check: dockCheck() })
  firstSeed = await seedStarterDock(dock, starterDir)
  for (const added of firstSeed.added) idOf.set(added.slug, added.id)
}, 180_000)

afterAll(async () => {
  dock?.close()
  if (dockDir) await rm(dockDir, { recursive: true, force: true })
})

describe('the starter dock', () => {
  it('is found from the engine sources', () => {
    expect(starterDockDir()).toBe(starterDir)
  })

  it('seeds at least 30 learnwares, all usable under the real checker', async () => {
    expect(firstSeed.skipped).toEqual([])
    expect(firstSeed.added.length).toBeGreaterThanOrEqual(30)
    for (const added of firstSeed.added) expect({ slug: added.slug, status: added.status, reason: added.reason }).toEqual({ slug: added.slug, status: 'usable', reason: '' })
    expect(dock.list({ status: 'usable' })).toHaveLength(firstSeed.added.length)
  })

  it('adds nothing when seeded again', async () => {
    const again = await seedStarterDock(dock, starterDir)
    expect(again.added).toEqual([])
    expect(again.skipped.map((s) => s.slug)).toEqual(firstSeed.added.map((a) => a.slug))
    expect(dock.list()).toHaveLength(firstSeed.added.length)
  })

  it('has packages whose sha256 matches the index', async () => {
    for (const record of await readStarterIndex(starterDir)) {
      const bytes = readFileSync(join(starterDir, record.file))
      expect(createHash('sha256').update(bytes).digest('hex'), record.slug).toBe(record.sha256)
      expect(dock.get(idOf.get(record.slug)!).packageSha256).toBe(record.sha256)
    }
  })

  it('has a user task for every learnware and a few mixed ones', () => {
    expect(new Set(singleSourceTasks.map((t) => t.sources[0]))).toEqual(new Set([...idOf.keys()].filter((slug) => !textSlugs.has(slug) && !imageSlugs.has(slug))))
    expect(mixedTasks.length).toBeGreaterThanOrEqual(3)
  })

  it.each(singleSourceTasks.map((task) => [task.file, task] as const))('ranks the source of %s first', async (_, task) => {
    const table = await loadTableFile(join(starterDir, 'user-tasks', task.file), { target: 'target' })
    expect(table.rowsKept).toBe(task.rows)
    const result = await searchDockWithTable(dock, table)
    expect(result.single[0]?.id, `top: ${result.single.slice(0, 3).map((s) => s.name).join(' | ')}`).toBe(idOf.get(task.sources[0]))
  })

  it.each(mixedTasks.map((task) => [task.file, task] as const))('finds a mixture holding both sources of %s', async (_, task) => {
    const table = await loadTableFile(join(starterDir, 'user-tasks', task.file), { target: 'target' })
    const result = await searchDockWithTable(dock, table)
    expect(result.mixture, 'no mixture found').not.toBeNull()
    for (const source of task.sources) expect(result.mixture!.ids).toContain(idOf.get(source))
  })
  it('has at least 20 Brown-corpus text learnwares, usable, English, made with the built-in embedder', () => {
    expect(textSlugs.size).toBeGreaterThanOrEqual(20)
    for (const slug of textSlugs) {
      const entry = dock.get(idOf.get(slug)!)
      expect({ slug, status: entry.status, type: entry.statSpecType, language: entry.language, embedder: entry.embedder })
        .toEqual({ slug, status: 'usable', type: 'RKMETextSpecification', language: ['en'], embedder: createHashedNgramEmbedder().id })
    }
    expect(textTasks.length).toBe(10)
  })

  it('finds, for text user tasks, a learnware trained on both of the task\'s genre groups first (9 of 10) or among the top 3 (all)', async () => {
    const slugOf = new Map([...idOf].map(([slug, id]) => [id, slug]))
    let topRight = 0
    for (const task of textTasks) {
      const docs = await loadTextTableFile(join(starterDir, 'user-tasks', task.file), { column: 'text', labelColumn: 'target' })
      expect(docs.texts).toHaveLength(task.rows)
      expect(new Set(docs.labels)).toEqual(new Set(task.groups))
      const result = await searchDockWithTexts(dock, docs.texts, { mixture: 'none' })
      const top3 = result.single.slice(0, 3).map((s) => slugOf.get(s.id)!)
      if (task.sources.includes(top3[0])) topRight++
      expect(top3.some((slug) => task.sources.includes(slug)), `${task.file}: top 3 ${top3.join(' | ')}`).toBe(true)
    }
    // Lexical embeddings confuse fiction + lore/hobbies with fiction + belles-lettres/religion/humour (ADR 0007).
    expect(topRight).toBeGreaterThanOrEqual(9)
  }, 60_000)

  it('has at least 20 Fashion-MNIST image learnwares, usable, with image specs, that classify held-out images', async () => {
    expect(imageSlugs.size).toBeGreaterThanOrEqual(20)
    for (const slug of imageSlugs) {
      const entry = dock.get(idOf.get(slug)!)
      expect({ slug, status: entry.status, type: entry.statSpecType }).toEqual({ slug, status: 'usable', type: 'RKMEImageSpecification' })
    }
    expect(imageTasks.length).toBe(10)
    // Run one learnware on a user task of its two main classes: its model is right on most images.
    const task = imageTasks[0]
    const images = await readIdxImages(join(starterDir, 'user-tasks', task.file))
    const pkg = await readLearnwarePackage(await dock.packageBytes(idOf.get(task.sources[0])!))
    const { prediction } = await predictWithLearnwareImages(pkg, images)
    const codes = await readIdxLabels(join(starterDir, 'user-tasks', task.labelsFile!))
    const right = (prediction.task === 'classification' ? prediction.labelNames ?? [] : []).filter((name, i) => name === FASHION_NAMES[codes[i]]).length
    expect(right / images.count).toBeGreaterThan(0.7)
  })

  it('finds, for image user tasks, a learnware trained on both of their classes first (9 of 10) or among the top 3 (all)', async () => {
    const slugOf = new Map([...idOf].map(([slug, id]) => [id, slug]))
    let topRight = 0
    for (const task of imageTasks) {
      const images = await readIdxImages(join(starterDir, 'user-tasks', task.file))
      const codes = await readIdxLabels(join(starterDir, 'user-tasks', task.labelsFile!))
      expect(images.count).toBe(task.rows)
      expect(new Set(Array.from(codes, (c) => FASHION_NAMES[c]))).toEqual(new Set(task.classes))
      const result = await searchDockWithImages(dock, images, { k: 20 })
      const top3 = result.single.slice(0, 3).map((s) => slugOf.get(s.id)!)
      if (task.sources.includes(top3[0])) topRight++
      expect(top3.some((slug) => task.sources.includes(slug)), `${task.file}: top 3 ${top3.join(' | ')}`).toBe(true)
    }
    console.info(`image user tasks: a learnware trained on both classes ranked first for ${topRight} of ${imageTasks.length}`)
    // 10 of 10 when the dock was built; one spare for a different float summation order elsewhere.
    expect(topRight).toBeGreaterThanOrEqual(9)
  }, 300_000)
})

const FASHION_NAMES = ['t-shirt_top', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle_boot']

describe('rebuilding the starter dock', () => {
  it('gives the committed packages, byte for byte (iris and wine)', async () => {
    const index = await readStarterIndex(starterDir)
    const committed = new Map(index.map((record) => [record.slug, record.sha256]))
    const rebuilt = await buildStarterDock({ datasetsDir: join(repoRoot, 'resources', 'datasets'), only: ['iris', 'wine'] })
    expect(rebuilt.learnwares.length).toBeGreaterThan(0)
    for (const learnware of rebuilt.learnwares) expect(learnware.sha256, learnware.slug).toBe(committed.get(learnware.slug))
    for (const task of rebuilt.userTasks) {
      expect(readFileSync(join(starterDir, 'user-tasks', `${task.name}.csv`), 'utf8'), task.name).toBe(task.csv)
    }
  }, 120_000)

  it('gives the committed text packages and text user tasks, byte for byte', async () => {
    const committed = new Map((await readStarterIndex(starterDir)).map((record) => [record.slug, record.sha256]))
    const rebuilt = await buildStarterDock({ datasetsDir: join(repoRoot, 'resources', 'datasets'), only: ['brown'] })
    expect(rebuilt.learnwares).toEqual([])
    expect(rebuilt.textLearnwares.length).toBeGreaterThanOrEqual(20)
    for (const learnware of rebuilt.textLearnwares) {
      expect(createHash('sha256').update(learnware.zip).digest('hex'), learnware.slug).toBe(committed.get(learnware.slug))
    }
    for (const task of rebuilt.textUserTasks) {
      expect(readFileSync(join(starterDir, 'user-tasks', `${task.name}.csv`), 'utf8'), task.name).toBe(task.csv)
    }
  }, 240_000)

  it('gives the committed image packages and image user tasks, byte for byte (the first 3 learnwares)', async () => {
    const committed = new Map((await readStarterIndex(starterDir)).map((record) => [record.slug, record.sha256]))
    const rebuilt = await buildImageLearnwares(join(repoRoot, 'resources', 'datasets'), undefined, 3)
    expect(rebuilt.learnwares).toHaveLength(3)
    for (const learnware of rebuilt.learnwares) {
      expect(createHash('sha256').update(learnware.zip).digest('hex'), learnware.slug).toBe(committed.get(learnware.slug))
    }
    for (const task of rebuilt.userTasks) {
      expect(Buffer.from(task.imagesGz).equals(readFileSync(join(starterDir, 'user-tasks', `${task.name}-images-idx3-ubyte.gz`))), task.name).toBe(true)
      expect(Buffer.from(task.labelsGz).equals(readFileSync(join(starterDir, 'user-tasks', `${task.name}-labels-idx1-ubyte.gz`))), task.name).toBe(true)
    }
  }, 120_000)
})
