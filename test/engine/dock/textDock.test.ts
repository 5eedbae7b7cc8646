import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkLearnwarePackage, dockCheck } from '../../../src/engine/check'
import { applyMigrations, CATALOG_MIGRATIONS, openCatalog, openDock, type Dock } from '../../../src/engine/dock'
import { BEIMINGWU_TEXT_EMBEDDER_ID } from '../../../src/engine/text'
import { readLearnwarePackage } from '../../../src/engine/learnware'
import { predictWithLearnwareTexts } from '../../../src/engine/predict'
import { createHashedNgramEmbedder, type TextCollection } from '../../../src/engine/text'
import { brownTexts, loadBrown, textPackage } from './textFixtures'

let brown: TextCollection
let dir: string
let dock: Dock
let zip: Uint8Array

beforeAll(async () => {
  brown = await loadBrown()
  zip = await textPackage(brown, ['fiction_romance', 'press_reportage', 'learned'], 'Romance, press, learned')
  dir = await mkdtemp(join(tmpdir(), 'text-dock-'))
  dock = await openDock(dir, { check: dockCheck() })
}, 60_000)

afterAll(async () => {
  dock?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('text learnwares in the dock', () => {
  it('checks a packed text learnware usable, probing its model with points herded in embedding space', async () => {
    const report = await checkLearnwarePackage(await readLearnwarePackage(zip, { label: 'text.zip' }))
    expect(report.status, report.reasons.join('; ')).toBe('usable')
  })

  it('stores the language and embedder of a text learnware in the catalog', async () => {
    const { id } = await dock.add(zip)
    const entry = dock.get(id)
    expect(entry).toMatchObject({ status: 'usable', statSpecType: 'RKMETextSpecification', dataType: 'Text', featuresPerRow: 384 })
    expect(entry.language).toEqual(['en'])
    expect(entry.embedder).toBe(createHashedNgramEmbedder().id)
    const [candidate] = dock.textSpecCandidates()
    expect(candidate).toMatchObject({ id, embedder: createHashedNgramEmbedder().id, language: ['en'] })
    expect(candidate.selfInner).toBeGreaterThan(0)
    expect(dock.specCandidates()).toEqual([])
  })

  it('predicts genres from raw strings (embedded in TypeScript, then the ONNX model)', async () => {
    const pkg = await readLearnwarePackage(zip, { label: 'text.zip' })
    const texts = brownTexts(brown, ['press_reportage'], 'user').slice(0, 20)
    const { prediction, embedder } = await predictWithLearnwareTexts(pkg, texts)
    expect(embedder).toBe(createHashedNgramEmbedder().id)
    if (prediction.task !== 'classification') throw new Error('expected a classification')
    expect(prediction.classNames).toEqual(['fiction_romance', 'learned', 'press_reportage'])
    const right = prediction.labelNames!.filter((name) => name === 'press_reportage').length
    expect(right).toBeGreaterThanOrEqual(14)
  })

  it('refuses a text learnware whose manifest names another embedder than its spec', async () => {
    const other = { ...createHashedNgramEmbedder(), id: 'someone/else-384', embed: createHashedNgramEmbedder().embed }
    const pkg = await readLearnwarePackage(zip, { label: 'text.zip' })
    if (pkg.model.kind !== 'onnx') throw new Error('expected ONNX')
    const tampered = { ...pkg, model: { ...pkg.model, manifest: { ...pkg.model.manifest, textInput: { embedder: other.id, dimension: 384 } } } }
    const report = await checkLearnwarePackage(tampered)
    expect(report.status).toBe('invalid')
    expect(report.reasons.join(' ')).toMatch(/embeds texts with someone\/else-384/)
  })

  it('marks a text model whose manifest says nothing about its text input not-runnable, not invalid', async () => {
    const pkg = await readLearnwarePackage(zip, { label: 'text.zip' })
    if (pkg.model.kind !== 'onnx') throw new Error('expected ONNX')
    const { textInput: _dropped, ...manifest } = pkg.model.manifest as Record<string, unknown>
    const report = await checkLearnwarePackage({ ...pkg, model: { ...pkg.model, manifest: manifest as typeof pkg.model.manifest } })
    expect(report.status).toBe('not-runnable')
    expect(report.reasons.join(' ')).toMatch(/no "textInput"/)
  })
})

describe('catalog migration 2 (text languages and embedder)', () => {
  it('fills the new columns of text learnwares already in the catalog; a spec without "embedder" is MiniLM\'s', async () => {
    const db = openCatalog(join(dir, 'migration.sqlite'))
    try {
      expect(applyMigrations(db, CATALOG_MIGRATIONS.slice(0, 1), 'migration.sqlite')).toEqual([1])
      const insert = db.prepare(`INSERT INTO learnwares (seq, id, name, description, scenarios_json, semantic_spec_json, status, status_reason,
        package_sha256, package_size, stat_spec_type, stat_spec_json, created_at, updated_at)
        VALUES (?, ?, 'n', 'd', '[]', '{}', 'not-runnable', '', ?, 1, ?, ?, 'now', 'now')`)
      insert.run(1, 'lwd-00000001', 'a'.repeat(64), 'RKMETextSpecification', JSON.stringify({ type: 'RKMETextSpecification', language: ['zh-cn', 'en'] }))
      insert.run(2, 'lwd-00000002', 'b'.repeat(64), 'RKMETextSpecification', JSON.stringify({ type: 'RKMETextSpecification', language: ['en'], embedder: 'x/y' }))
      insert.run(3, 'lwd-00000003', 'c'.repeat(64), 'RKMETableSpecification', '{}')
      expect(applyMigrations(db, CATALOG_MIGRATIONS, 'migration.sqlite')).toEqual([2])
      expect(db.prepare('SELECT id, language_json, embedder FROM learnwares ORDER BY seq').all()).toEqual([
        { id: 'lwd-00000001', language_json: '["zh-cn","en"]', embedder: BEIMINGWU_TEXT_EMBEDDER_ID },
        { id: 'lwd-00000002', language_json: '["en"]', embedder: 'x/y' },
        { id: 'lwd-00000003', language_json: null, embedder: null }
      ])
    } finally {
      db.close()
    }
  })
})
