import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import { openDock, PYTHON_MODEL_REASON, type Dock, type DockCheck } from '../../../src/engine/dock'
import { writeLearnwarePackage } from '../../../src/engine/learnware'
import { innerProduct, mmd2 } from '../../../src/engine/spec'
import { generateSemanticSpec } from '../../../src/engine/spec/semantic'
import { fitSlice, pythonPackage, removeDir, tablePackage, tempDockDir } from './dockFixtures'

let dir: string
let dock: Dock

beforeEach(async () => {
  dir = await tempDockDir()
  dock = await openDock(dir)
})

afterEach(async () => {
  dock.close()
  await removeDir(dir)
})

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

async function expectError(promise: Promise<unknown> | (() => unknown), code: LearnwareErrorCode, message?: RegExp) {
  let caught: unknown
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (error) {
    caught = error
  }
  expect(isLearnwareError(caught), `expected a LearnwareError ${code}, got ${String(caught)}`).toBe(true)
  const error = caught as { code: string; message: string }
  expect(error.code).toBe(code)
  if (message) expect(error.message).toMatch(message)
}

describe('add and get', () => {
  it('stores a real wine package under packages/<sha256>.zip and returns it with its parsed specs', async () => {
    const zip = await tablePackage({ dataset: 'wine', name: 'Wine cultivar' })
    const { spec } = await fitSlice({ dataset: 'wine' })

    const added = await dock.add(zip)

    expect(added).toEqual({ id: 'lwd-00000001', status: 'usable', reason: '', duplicate: false })
    expect(readdirSync(join(dir, 'packages'))).toEqual([`${sha256(zip)}.zip`])
    expect(readdirSync(join(dir, 'staging'))).toEqual([])
    const entry = dock.get(added.id)
    expect(entry).toMatchObject({
      id: 'lwd-00000001',
      originId: null,
      name: 'Wine cultivar',
      dataType: 'Table',
      task: 'Classification',
      library: 'Scikit-learn',
      license: 'MIT',
      scenarios: ['Nature'],
      status: 'usable',
      statusReason: '',
      packageSha256: sha256(zip),
      packageSize: zip.byteLength,
      statSpecType: 'RKMETableSpecification',
      featuresPerRow: 13
    })
    expect(entry.statSpec?.z).toEqual(spec.z)
    expect(entry.statSpec?.beta).toEqual(spec.beta)
    expect(entry.selfInner).toBeCloseTo(innerProduct(spec, spec), 12)
    expect(entry.semanticSpec.Name).toEqual({ Type: 'String', Values: 'Wine cultivar' })
    expect(entry.inputDescription?.Dimension).toBe(13)
    expect(entry.inputDescription?.Description['0']).toBe('alcohol')
    expect(entry.outputDescription?.Dimension).toBe(3)
    expect(Date.parse(entry.createdAt)).not.toBeNaN()
    expect(await dock.packageBytes(added.id)).toEqual(Buffer.from(zip))
  })

  it('adds a package given as a path', async () => {
    const path = join(dir, '..', `${Date.now()}-iris.zip`)
    await writeFile(path, await tablePackage({ dataset: 'iris' }))
    try {
      expect((await dock.add(path)).id).toBe('lwd-00000001')
      expect(dock.get('lwd-00000001').featuresPerRow).toBe(4)
    } finally {
      await removeDir(path)
    }
  })

  it('refuses the same bytes twice with DOCK_CONFLICT naming the existing id, or returns it when asked', async () => {
    const zip = await tablePackage({ dataset: 'iris' })
    const first = await dock.add(zip)

    await expectError(dock.add(zip, { label: 'iris.zip' }), 'DOCK_CONFLICT', /iris\.zip is already in the dock as lwd-00000001/)
    const again = await dock.add(zip, { onDuplicate: 'return-existing' })

    expect(again).toEqual({ ...first, duplicate: true })
    expect(dock.list()).toHaveLength(1)
    expect(readdirSync(join(dir, 'staging'))).toEqual([])
  })
})

describe('ids', () => {
  it('never reuses an id after a removal, even across reopening', async () => {
    const a = await dock.add(await tablePackage({ dataset: 'iris', name: 'A' }))
    const b = await dock.add(await tablePackage({ dataset: 'iris', name: 'B' }))
    await dock.remove(b.id)
    dock.close()
    dock = await openDock(dir)
    const c = await dock.add(await tablePackage({ dataset: 'iris', name: 'C' }))
    await dock.remove(a.id)
    await dock.remove(c.id)
    dock.close()
    dock = await openDock(dir)
    const d = await dock.add(await tablePackage({ dataset: 'iris', name: 'D' }))

    expect([a.id, b.id, c.id, d.id]).toEqual(['lwd-00000001', 'lwd-00000002', 'lwd-00000003', 'lwd-00000004'])
    expect(dock.list().map((entry) => entry.id)).toEqual(['lwd-00000004'])
  })

  it('finds a learnware imported from Beimingwu by its origin id, and refuses an ambiguous one', async () => {
    const fromBeimingwu = await dock.add(await tablePackage({ dataset: 'wine', originId: '00000042' }))

    expect(dock.get('00000042').id).toBe(fromBeimingwu.id)
    expect(dock.get(fromBeimingwu.id).originId).toBe('00000042')
    expect(dock.list({ text: '00000042' }).map((entry) => entry.id)).toEqual([fromBeimingwu.id])

    const newerVersion = await dock.add(await tablePackage({ dataset: 'wine', originId: '00000042', name: 'Wine v2' }))
    await expectError(() => dock.get('00000042'), 'DOCK_CONFLICT', new RegExp(`${fromBeimingwu.id}, ${newerVersion.id}`))
    await expectError(() => dock.get('00000043'), 'DOCK_NOT_FOUND', /"00000043"/)
  })
})

describe('status checks', () => {
  it('marks a Python-model package not-runnable and never runs it', async () => {
    const added = await dock.add(await pythonPackage({ dataset: 'iris', originId: '00000007' }))

    expect(added.status).toBe('not-runnable')
    expect(added.reason).toBe(PYTHON_MODEL_REASON)
    expect(dock.get('00000007')).toMatchObject({ id: added.id, name: 'iris model', featuresPerRow: 4 })
  })

  it('marks a learnware with an invalid semantic spec invalid and lists every problem', async () => {
    const zip = await pythonPackage({ dataset: 'iris' })   // no semantic spec inside

    const added = await dock.add(zip)

    expect(added.status).toBe('invalid')
    expect(added.reason).toMatch(/^Semantic specification: /)
    expect(added.reason).toMatch(/Data/)
    expect(added.reason).toMatch(/Name must not be empty/)
  })

  it('uses a pluggable check, and a check that throws makes the learnware invalid', async () => {
    const seen: string[] = []
    const check: DockCheck = async (pkg) => {
      seen.push(String(pkg.semanticSpec?.Name.Values))
      return { status: 'not-runnable', reason: 'probe rows timed out' }
    }
    const checked = await dock.add(await tablePackage({ dataset: 'iris', name: 'Checked' }), { check })
    const failing = await dock.add(await tablePackage({ dataset: 'iris', name: 'Failing' }), {
      check: async () => { throw new Error('onnxruntime crashed') }
    })

    expect(seen).toEqual(['Checked'])
    expect(checked).toMatchObject({ status: 'not-runnable', reason: 'probe rows timed out' })
    expect(failing).toMatchObject({ status: 'invalid', reason: 'The check failed: Unexpected error: onnxruntime crashed' })
  })
})

describe('list', () => {
  it('filters by status, data type, task and text', async () => {
    const iris = await dock.add(await tablePackage({ dataset: 'iris', name: 'Iris flowers', description: 'Petal and sepal sizes' }))
    const diabetes = await dock.add(await tablePackage({ dataset: 'diabetes', name: 'Diabetes progression' }))
    const python = await dock.add(await pythonPackage({ dataset: 'wine', originId: '00000009', name: 'Wine (Python)' }))

    const ids = (filter: Parameters<Dock['list']>[0]) => dock.list(filter).map((entry) => entry.id)
    expect(ids({})).toEqual([iris.id, diabetes.id, python.id])
    expect(ids({ status: 'usable' })).toEqual([iris.id, diabetes.id])
    expect(ids({ status: ['not-runnable', 'invalid'] })).toEqual([python.id])
    expect(ids({ task: 'Regression' })).toEqual([diabetes.id])
    expect(ids({ dataType: 'Table', task: 'Classification' })).toEqual([iris.id, python.id])
    expect(ids({ text: 'SEPAL' })).toEqual([iris.id])
    expect(ids({ text: '100%' })).toEqual([])
    expect(ids({ featuresPerRow: 10 })).toEqual([diabetes.id])
    expect(ids({ limit: 1, offset: 1 })).toEqual([diabetes.id])
  })
})

describe('update and remove', () => {
  it('updates the semantic spec, re-checks, and keeps the package', async () => {
    const zip = await tablePackage({ dataset: 'wine', name: 'Wine' })
    const { id } = await dock.add(zip)
    const renamed = { ...dock.get(id).semanticSpec, Name: { Type: 'String', Values: 'Wine cultivar (renamed)' } }

    expect(await dock.update(id, { semanticSpec: renamed })).toEqual({ id, status: 'usable', reason: '' })
    expect(dock.get(id)).toMatchObject({ name: 'Wine cultivar (renamed)', packageSha256: sha256(zip) })

    const broken = { ...renamed, License: { Type: 'Class', Values: ['WTFPL'] } }
    const invalid = await dock.update(id, { semanticSpec: broken })
    expect(invalid.status).toBe('invalid')
    expect(invalid.reason).toMatch(/License/)
    // update(id) alone re-checks with the stored spec
    expect((await dock.update(id)).status).toBe('invalid')
    expect((await dock.update(id, { semanticSpec: renamed })).status).toBe('usable')
  })

  it('refuses a semantic spec whose Input.Dimension disagrees with the package spec', async () => {
    const { id } = await dock.add(await tablePackage({ dataset: 'wine' }))
    const wrong = generateSemanticSpec({
      name: 'Wine', description: 'd', data: 'Table', task: 'Classification', library: 'Scikit-learn',
      scenarios: ['Nature'], license: 'MIT', input: { dimension: 4 }, output: { dimension: 3 }
    })

    await expectError(dock.update(id, { semanticSpec: wrong }), 'SPEC_DIMENSION_MISMATCH', /13 features per row .* Input\.Dimension is 4/)
    expect(dock.get(id).name).toBe('wine model')
  })

  it('replaces the package: same id, new file, old file gone, search spec refreshed', async () => {
    const oldZip = await tablePackage({ dataset: 'iris', firstRow: 0, rowCount: 100 })
    const { id } = await dock.add(oldZip)
    const before = dock.specCandidates()[0].spec
    const newZip = await tablePackage({ dataset: 'iris', firstRow: 50, rowCount: 100, name: 'Iris v2' })

    expect(await dock.update(id, { zip: newZip })).toEqual({ id, status: 'usable', reason: '' })

    expect(readdirSync(join(dir, 'packages'))).toEqual([`${sha256(newZip)}.zip`])
    expect(dock.get(id)).toMatchObject({ name: 'Iris v2', packageSha256: sha256(newZip) })
    const after = dock.specCandidates()[0].spec
    expect(after).not.toBe(before)
    expect(after.z).toEqual((await fitSlice({ dataset: 'iris', firstRow: 50, rowCount: 100 })).spec.z)
    // the same bytes again is only a re-check
    expect((await dock.update(id, { zip: newZip })).status).toBe('usable')
    expect(readdirSync(join(dir, 'packages'))).toEqual([`${sha256(newZip)}.zip`])
  })

  it('refuses to update to bytes another learnware already has', async () => {
    const a = await dock.add(await tablePackage({ dataset: 'iris', name: 'A' }))
    const bZip = await tablePackage({ dataset: 'iris', name: 'B' })
    const b = await dock.add(bZip)

    await expectError(dock.update(a.id, { zip: bZip }), 'DOCK_CONFLICT', new RegExp(b.id))
    expect(readdirSync(join(dir, 'packages'))).toHaveLength(2)
  })

  it('removes the row and its package file', async () => {
    const zip = await tablePackage({ dataset: 'wine' })
    const { id } = await dock.add(zip)

    await dock.remove(id)

    await expectError(() => dock.get(id), 'DOCK_NOT_FOUND')
    await expectError(dock.remove(id), 'DOCK_NOT_FOUND')
    expect(existsSync(join(dir, 'packages', `${sha256(zip)}.zip`))).toBe(false)
    expect(dock.specCandidates()).toEqual([])
  })
})

describe('specCandidates', () => {
  it('gives table specs with ⟨Φ,Φ⟩ for search, filtered by feature count and status, parsed once', async () => {
    const iris = await dock.add(await tablePackage({ dataset: 'iris', firstRow: 0, rowCount: 120 }))
    const wine = await dock.add(await tablePackage({ dataset: 'wine' }))
    const python = await dock.add(await pythonPackage({ dataset: 'iris', originId: '00000011', firstRow: 30, rowCount: 120 }))
    await dock.add(await pythonPackage({ dataset: 'iris', firstRow: 0, rowCount: 90 }))   // invalid: no semantic spec

    const fourFeatures = dock.specCandidates({ featuresPerRow: 4 })
    expect(fourFeatures.map((candidate) => candidate.id)).toEqual([iris.id, python.id])
    expect(dock.specCandidates().map((candidate) => candidate.id)).toEqual([iris.id, wine.id, python.id])
    expect(dock.specCandidates({ statuses: ['usable'] }).map((candidate) => candidate.id)).toEqual([iris.id, wine.id])
    expect(dock.specCandidates({ featuresPerRow: 4 })[0].spec).toBe(fourFeatures[0].spec)

    // the cached ⟨Φ,Φ⟩ gives MMD² with cross terms only, and the closest iris learnware wins
    const user = (await fitSlice({ dataset: 'iris', firstRow: 100, rowCount: 50 })).spec
    const userSelf = innerProduct(user, user)
    const distances = fourFeatures.map((c) => c.selfInner - 2 * innerProduct(c.spec, user) + userSelf)
    fourFeatures.forEach((candidate, i) => expect(distances[i]).toBeCloseTo(mmd2(candidate.spec, user), 10))
    expect(distances[1]).toBeLessThan(distances[0])
  })
})

describe('non-table specifications', () => {
  it('stores a text-spec learnware without a parsed table spec and keeps it out of table search', async () => {
    const { onnx } = await fitSlice({ dataset: 'iris' })
    const zip = writeLearnwarePackage({
      semanticSpec: generateSemanticSpec({
        name: 'Review sentiment', description: 'Positive or negative', data: 'Text', task: 'Classification',
        library: 'PyTorch', scenarios: ['Internet'], license: 'Apache-2.0', output: { dimension: 2 }
      }),
      statSpecs: [{ type: 'RKMETextSpecification', json: { z: [[0.5, 0.25]], beta: [1], gamma: 0.1, num_points: 10 } }],
      onnxModel: onnx(),
      manifest: { input: { name: 'X' }, output: { name: 'probabilities' } }
    })

    const { id, status } = await dock.add(zip)

    expect(status).toBe('usable')
    // The text spec is parsed (its embedding RKME gives the width and ⟨Φ,Φ⟩); no `embedder` key = Beimingwu's MiniLM.
    expect(dock.get(id)).toMatchObject({
      dataType: 'Text', statSpecType: 'RKMETextSpecification', featuresPerRow: 2, statSpec: null,
      language: [], embedder: 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2'
    })
    expect(dock.get(id).selfInner).toBeCloseTo(1, 12)
    expect(dock.get(id).statSpecJson).toMatchObject({ type: 'RKMETextSpecification', num_points: 10 })
    expect(dock.specCandidates()).toEqual([])
    expect(dock.textSpecCandidates().map((c) => c.id)).toEqual([id])
  })
})

describe('a closed dock', () => {
  it('refuses calls with a USAGE error', async () => {
    dock.close()
    await expectError(() => dock.list(), 'USAGE', /is closed/)
    await expectError(dock.add(new Uint8Array(10)), 'USAGE')
  })
})
