import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unzipSync, strFromU8 } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTableFile } from '../../../src/engine/data'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import { readLearnwarePackage } from '../../../src/engine/learnware'
import { modelClassNames, packLearnware, type PackLearnwareInput } from '../../../src/engine/pack'
import { MANIFEST_TABLE_ENCODING_KEY, predictWithLearnware } from '../../../src/engine/predict'
import { OnnxModelCache } from '../../../src/engine/runtime'
import { suggestGamma } from '../../../src/engine/spec'
import { maxAbsDifference } from '../train/tabularFixture'
import {
  readFixtureCsv,
  selectColumns,
  splitCsv,
  trainOnFile,
  withCategory,
  withClassNames,
  writeCsv,
  type TrainedOnFile
} from './packFixtures'

const SPECIES = ['setosa', 'versicolor', 'virginica']
const cache = new OnnxModelCache({ maxModels: 4 })
let dir: string
let iris: TrainedOnFile
let irisHeldOut: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-pack-'))
  const { train, heldOut } = splitCsv(withClassNames(readFixtureCsv('iris'), SPECIES), 0.25, 7)
  iris = await trainOnFile(writeCsv(dir, 'iris-train.csv', train), 'target', 'Classification')
  irisHeldOut = writeCsv(dir, 'iris-held-out.csv', heldOut)
})

afterAll(async () => {
  await cache.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const semantic = (task: 'Classification' | 'Regression' = 'Classification'): PackLearnwareInput['semantic'] => ({
  name: 'Iris species',
  description: 'Species of an iris from four measurements',
  task,
  scenarios: ['Nature'],
  license: 'MIT'
})

async function expectCode(promise: Promise<unknown>, code: LearnwareErrorCode): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (!isLearnwareError(error)) throw error
    expect(error.code).toBe(code)
    return `${error.message} (${error.hint ?? ''})`
  }
  throw new Error(`expected LearnwareError ${code}, nothing was thrown`)
}

function manifestOf(zip: Uint8Array): Record<string, unknown> {
  return JSON.parse(strFromU8(unzipSync(zip)['learnware-dock.json']))
}

describe('packLearnware with a real trained classifier', () => {
  it('describes inputs and outputs from the table, stores labels and encoding, and the checker finds it usable', async () => {
    const result = await packLearnware({ onnxModel: iris.onnx, table: iris.table, semantic: semantic(), gamma: 'auto', checkOptions: { cache } })
    expect(result.check?.status).toBe('usable')
    expect(result.check?.checks.every((c) => c.ok)).toBe(true)
    expect(result.semanticSpec.Input).toEqual({
      Dimension: 4,
      Description: { 0: 'sepal_length_cm', 1: 'sepal_width_cm', 2: 'petal_length_cm', 3: 'petal_width_cm' }
    })
    expect(result.semanticSpec.Output).toEqual({ Dimension: 3, Description: { 0: 'setosa', 1: 'versicolor', 2: 'virginica' } })
    expect(result.semanticSpec.Library.Values).toEqual(['Others'])
    const manifest = manifestOf(result.zip)
    expect(manifest).toMatchObject({
      input: { name: 'X', shape: [null, 4], dtype: 'float32' },
      output: { name: 'probabilities', shape: [null, 3], kind: 'probabilities' },
      labels: SPECIES
    })
    expect(manifest[MANIFEST_TABLE_ENCODING_KEY]).toEqual(iris.table.encoding)
    expect(result.spec.gamma).toBe(suggestGamma(iris.table.matrix, iris.table.rowsKept, 4))
    expect(result.spec.numPoints).toBe(iris.table.totalRows)
    expect(result.warnings).toEqual([])
  })

  it('makes a package whose predictions on held-out rows are the model’s, named with the training classes', async () => {
    const { zip } = await packLearnware({ onnxModel: iris.onnx, table: iris.table, semantic: semantic(), check: false })
    const pkg = await readLearnwarePackage(zip)
    const heldOut = await loadTableFile(irisHeldOut, { target: 'target' })
    const { prediction, alignment } = await predictWithLearnware(pkg, heldOut, { cache })
    if (prediction.task !== 'classification' || iris.model.task !== 'classification') throw new Error('expected a classifier')
    const expected = Array.from(iris.model.predict(heldOut.matrix, heldOut.rowsKept), (code) => SPECIES[code])
    expect(prediction.labelNames).toEqual(expected)
    expect(alignment).toMatchObject({ by: 'name', missing: [], extra: [] })
  })

  it('reports the spec fitting’s progress: monotone, ending at 1', async () => {
    const fractions: number[] = []
    await packLearnware({ onnxModel: iris.onnx, table: iris.table, semantic: semantic(), check: false, onProgress: (e) => { if (e.status === 'progress') fractions.push(e.fraction) } })
    expect(fractions.length).toBeGreaterThan(1)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    expect(fractions[fractions.length - 1]).toBe(1)
  })

  it('is deterministic: the same inputs give the same bytes', async () => {
    const input = { onnxModel: iris.onnx, table: iris.table, semantic: semantic(), check: false, seed: 3 }
    const [a, b] = await Promise.all([packLearnware(input), packLearnware(input)])
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true)
  })

  it('encodes a categorical column at prediction time exactly as in training', async () => {
    const csv = withCategory(withClassNames(readFixtureCsv('iris'), SPECIES), 'petal_size', 'petal_length_cm', [[2, 'small'], [5, 'medium']], 'large')
    const { train, heldOut } = splitCsv(csv, 0.25, 11)
    const trained = await trainOnFile(writeCsv(dir, 'cat-train.csv', train), 'target', 'Classification')
    expect(trained.table.encoding.features.find((f) => f.name === 'petal_size')).toMatchObject({ kind: 'categorical', categories: ['large', 'medium', 'small'] })
    const { zip, check } = await packLearnware({ onnxModel: trained.onnx, table: trained.table, semantic: semantic(), gamma: 'auto', checkOptions: { cache } })
    expect(check?.status).toBe('usable')
    // Only "medium" flowers, columns shuffled: the user's file alone would code "medium" as 0, training coded it 1.
    const mediumOnly = { header: heldOut.header, rows: heldOut.rows.filter((row) => row[heldOut.header.indexOf('petal_size')] === 'medium') }
    const columns = ['petal_size', 'petal_width_cm', 'sepal_length_cm', 'petal_length_cm', 'sepal_width_cm']
    const userPath = writeCsv(dir, 'cat-user.csv', selectColumns(mediumOnly, columns))
    const user = await loadTableFile(userPath)
    expect(user.encoding.features.find((f) => f.name === 'petal_size')?.categories).toEqual(['medium'])
    const { prediction } = await predictWithLearnware(await readLearnwarePackage(zip), user, { cache })
    const asTrained = await loadTableFile(writeCsv(dir, 'cat-as-trained.csv', mediumOnly), { target: 'target', tableEncoding: trained.table.encoding })
    if (prediction.task !== 'classification' || trained.model.task !== 'classification') throw new Error('expected a classifier')
    expect(Array.from(prediction.labels!)).toEqual(Array.from(trained.model.predict(asTrained.matrix, asTrained.rowsKept)))
  })
})

describe('packLearnware with a real regressor', () => {
  it('describes the output with the target name and predicts the model’s values', async () => {
    const { train, heldOut } = splitCsv(readFixtureCsv('diabetes'), 0.25, 3)
    const diabetes = await trainOnFile(writeCsv(dir, 'diabetes-train.csv', train), 'target', 'Regression')
    const result = await packLearnware({
      onnxModel: diabetes.onnx,
      table: diabetes.table,
      semantic: { ...semantic('Regression'), name: 'Diabetes progression', scenarios: ['Health'] },
      gamma: 'auto',
      checkOptions: { cache }
    })
    expect(result.check?.status).toBe('usable')
    expect(result.semanticSpec.Output).toEqual({ Dimension: 1, Description: { 0: 'target' } })
    expect(manifestOf(result.zip)).toMatchObject({ output: { name: 'prediction', shape: [null, 1], kind: 'values' } })
    expect(manifestOf(result.zip).labels).toBeUndefined()
    const user = await loadTableFile(writeCsv(dir, 'diabetes-held-out.csv', heldOut), { target: 'target' })
    const { prediction } = await predictWithLearnware(await readLearnwarePackage(result.zip), user, { cache })
    if (prediction.task !== 'regression' || diabetes.model.task !== 'regression') throw new Error('expected a regressor')
    expect(maxAbsDifference(prediction.values, diabetes.model.predict(user.matrix, user.rowsKept))).toBeLessThan(1e-3)
  })
})

describe('packLearnware: the kernel width', () => {
  it('warns that γ = 0.1 is degenerate on wine’s raw features and suggests auto; auto does not warn', async () => {
    const wine = await trainOnFile(writeCsv(dir, 'wine.csv', readFixtureCsv('wine')), 'target', 'Classification')
    const input = { onnxModel: wine.onnx, table: wine.table, semantic: { ...semantic(), name: 'Wine' }, check: false }
    const fixed = await packLearnware(input)
    expect(fixed.spec.gamma).toBe(0.1)
    expect(fixed.warnings).toHaveLength(1)
    expect(fixed.warnings[0]).toMatch(/γ = 0\.1 .*wine\.csv.*--gamma auto/)
    const auto = await packLearnware({ ...input, gamma: 'auto' })
    expect(auto.spec.gamma).toBeLessThan(0.01)
    expect(auto.warnings).toEqual([])
  })

  it('refuses a gamma that is not a positive number', async () => {
    await expectCode(packLearnware({ onnxModel: iris.onnx, table: iris.table, semantic: semantic(), gamma: -1 }), 'USAGE')
  })
})

describe('packLearnware refuses models that do not fit the data, naming both', () => {
  it('a model whose input width differs from the table’s feature count', async () => {
    const wine = await loadTableFile(writeCsv(dir, 'wine-for-iris.csv', readFixtureCsv('wine')), { target: 'target', targetTask: 'classification' })
    const message = await expectCode(packLearnware({ onnxModel: iris.onnx, table: wine, semantic: semantic() }), 'SPEC_DIMENSION_MISMATCH')
    expect(message).toMatch(/model\.onnx takes 4 features per row \(input X: float\[N,4\]\) but wine-for-iris\.csv has 13 feature columns/)
  })

  it('a classifier of 3 classes packed with a table of 2 classes', async () => {
    const twoClasses = readFixtureCsv('iris')
    twoClasses.rows = twoClasses.rows.filter((row) => row[4] !== '2')
    const table = await loadTableFile(writeCsv(dir, 'two-classes.csv', twoClasses), { target: 'target', targetTask: 'classification' })
    const message = await expectCode(packLearnware({ onnxModel: iris.onnx, table, semantic: semantic() }), 'PACK_MISMATCH')
    expect(message).toMatch(/predicts 3 classes but the target column of two-classes\.csv has 2/)
  })

  it('a classifier packed as a regressor, and a continuous target packed as classes', async () => {
    expect(await expectCode(packLearnware({ onnxModel: iris.onnx, table: iris.table, semantic: semantic('Regression') }), 'PACK_MISMATCH'))
      .toMatch(/not numeric/)
    const diabetes = await loadTableFile(writeCsv(dir, 'diabetes-all.csv', readFixtureCsv('diabetes')), { target: 'target', targetTask: 'regression' })
    expect(await expectCode(packLearnware({ onnxModel: iris.onnx, table: diabetes, semantic: semantic() }), 'PACK_MISMATCH')).toMatch(/continuous numbers/)
  })

  it('a table loaded without its target, bytes that are not ONNX, and a semantic field left empty', async () => {
    const noTarget = await loadTableFile(irisHeldOut)
    expect(await expectCode(packLearnware({ onnxModel: iris.onnx, table: noTarget, semantic: semantic() }), 'DATA_MISSING_COLUMN')).toMatch(/--target/)
    await expectCode(packLearnware({ onnxModel: new TextEncoder().encode('not a model'), table: iris.table, semantic: semantic() }), 'MODEL_INVALID')
    expect(await expectCode(packLearnware({ onnxModel: iris.onnx, table: iris.table, semantic: { ...semantic(), name: '' } }), 'SEMANTIC_INVALID')).toMatch(/Name/)
  })
})

describe('modelClassNames: class order between the model and the table', () => {
  it('follows the order a converter recorded as string labels, and indices 0..C−1 otherwise', () => {
    expect(modelClassNames(['no', 'yes'], ['yes', 'no'], 2, 'm.onnx', 't.csv')).toEqual(['yes', 'no'])
    expect(modelClassNames(['a', 'b', 'c'], [0, 1, 2], null, 'm.onnx', 't.csv')).toEqual(['a', 'b', 'c'])
    expect(modelClassNames(['a', 'b', 'c'], null, null, 'm.onnx', 't.csv')).toEqual(['a', 'b', 'c'])
  })

  it('refuses class values that are not indices and labels the table does not hold', () => {
    expect(() => modelClassNames(['1', '2', '3'], [1, 2, 3], 3, 'm.onnx', 't.csv')).toThrow(/emits the class values "1", "2", "3" rather than class indices 0–2/)
    expect(() => modelClassNames(['cat', 'dog'], ['cat', 'bird'], 2, 'm.onnx', 't.csv')).toThrow(/knows the classes "cat", "bird" but the target column of t\.csv holds "cat", "dog"/)
  })
})
