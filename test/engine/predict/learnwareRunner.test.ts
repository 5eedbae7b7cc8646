import { afterAll, describe, expect, it } from 'vitest'
import { parseTableText } from '../../../src/engine/data'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import { readLearnwarePackage } from '../../../src/engine/learnware'
import { createRng } from '../../../src/engine/math/rng'
import {
  alignColumns,
  MANIFEST_TABLE_ENCODING_KEY,
  normalizeColumnName,
  predictLearnwareRows,
  predictWithLearnware,
  type LearnwarePrediction
} from '../../../src/engine/predict'
import { buildLinearClassifierOnnx, OnnxModelCache } from '../../../src/engine/runtime'
import { trainLogisticRegression } from '../../../src/engine/train'
import { beimingwuPythonPackage } from '../learnware/packageFixtures'
import { maxAbsDifference } from '../train/tabularFixture'
import {
  diabetesLearnware,
  featureColumns,
  IRIS_CLASSES,
  irisLearnware,
  packageLearnware,
  rkmeOf,
  tableOf,
  tableSemanticSpec,
  type CsvFixture
} from './trainedLearnware'

async function expectCode(promise: Promise<unknown>, code: LearnwareErrorCode): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (!isLearnwareError(error)) throw error
    expect(error.code).toBe(code)
    return `${error.message} (${error.hint})`
  }
  throw new Error(`expected LearnwareError ${code}, nothing was thrown`)
}

function classification(prediction: LearnwarePrediction) {
  if (prediction.task !== 'classification') throw new Error(`expected a classification, got ${prediction.task}`)
  return prediction
}

const cache = new OnnxModelCache({ maxModels: 4 })
afterAll(() => cache.dispose())

describe('predictWithLearnware on a real trained learnware', () => {
  it('predicts held-out iris rows exactly as the TypeScript model does, with the learnware’s class names', async () => {
    const { pkg, model, heldOut } = await irisLearnware()
    const table = tableOf(heldOut, { target: 'target' })
    const result = await predictWithLearnware(pkg, table, { cache, timeoutMs: 10_000 })
    const out = classification(result.prediction)
    expect(Array.from(out.labels!)).toEqual(Array.from(model.predict(table.matrix, table.rowsKept)))
    expect(maxAbsDifference(out.probabilities!, model.predictProbabilities(table.matrix, table.rowsKept))).toBeLessThan(1e-5)
    expect(out.labelNames).toEqual(Array.from(out.labels!, (label) => IRIS_CLASSES[label]))
    expect(out.classNames).toEqual(IRIS_CLASSES)
    expect(result.alignment).toMatchObject({ by: 'name', missing: [], extra: [] })
    expect(result.alignment.matched.every((m) => m.input === m.column)).toBe(true)
  })

  it('aligns a shuffled, renamed header by name and gives the same predictions', async () => {
    const { pkg, heldOut } = await irisLearnware()
    const inOrder = await predictWithLearnware(pkg, tableOf(heldOut, { target: 'target' }))
    const shuffled = tableOf(heldOut, {
      columns: ['petal_width_cm', 'target', 'sepal_width_cm', 'petal_length_cm', 'sepal_length_cm'],
      rename: { petal_width_cm: 'Petal Width CM', sepal_width_cm: 'sepal.width.cm', sepal_length_cm: 'SEPAL-LENGTH-CM' }
    })
    const result = await predictWithLearnware(pkg, shuffled)
    expect(result.alignment).toEqual({
      by: 'name',
      matched: [
        { input: 'sepal_length_cm', column: 'SEPAL-LENGTH-CM' },
        { input: 'sepal_width_cm', column: 'sepal.width.cm' },
        { input: 'petal_length_cm', column: 'petal_length_cm' },
        { input: 'petal_width_cm', column: 'Petal Width CM' }
      ],
      missing: [],
      extra: ['target'],
      sourceColumns: [4, 2, 3, 0]
    })
    expect(Array.from(classification(result.prediction).labels!)).toEqual(Array.from(classification(inOrder.prediction).labels!))
    expect(classification(result.prediction).probabilities).toEqual(classification(inOrder.prediction).probabilities)
  })

  it('reports a missing column and refuses to guess when the learnware stores no training means', async () => {
    const { pkg, heldOut } = await irisLearnware()
    const table = tableOf(heldOut, { columns: ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm'] })
    const message = await expectCode(predictWithLearnware(pkg, table), 'DATA_MISSING_COLUMN')
    expect(message).toMatch(/user\.csv: missing column "petal_width_cm" needed by learnware "Classification test learnware"/)
    expect(message).toMatch(/your columns: sepal_length_cm, sepal_width_cm, petal_length_cm/)
  })

  it('fills a missing column with the stored training mean and says so', async () => {
    const base = await irisLearnware()
    const encoding = base.train.encoding
    const { pkg, model, heldOut } = await irisLearnware({ manifest: { [MANIFEST_TABLE_ENCODING_KEY]: encoding } })
    const table = tableOf(heldOut, { columns: ['petal_length_cm', 'sepal_length_cm', 'sepal_width_cm'] })
    const result = await predictWithLearnware(pkg, table)
    expect(result.alignment.missing).toEqual(['petal_width_cm'])
    expect(result.imputedCells).toBe(table.rowsKept)
    expect(result.notes.join(' ')).toMatch(/Missing column "petal_width_cm" was filled with the learnware's training mean/)

    const full = tableOf(heldOut, { target: 'target' })
    const expected = Float32Array.from(full.matrix)
    for (let r = 0; r < full.rowsKept; r++) expected[r * 4 + 3] = encoding.features[3].fill
    expect(Array.from(classification(result.prediction).labels!)).toEqual(Array.from(model.predict(expected, full.rowsKept)))
  })

  it('uses the user’s column order when the file has no header and the counts match', async () => {
    const { pkg, heldOut } = await irisLearnware()
    const named = await predictWithLearnware(pkg, tableOf(heldOut, { target: 'target' }))
    const bare = tableOf(heldOut, { columns: featureColumns(heldOut), header: false })
    const result = await predictWithLearnware(pkg, bare)
    expect(result.alignment.by).toBe('position')
    expect(result.notes).toContain('Columns were matched by their order (user.csv has no header row).')
    expect(classification(result.prediction).labels).toEqual(classification(named.prediction).labels)
  })

  it('uses the order when no column name is shared, and refuses when the counts differ too', async () => {
    const { pkg, heldOut } = await irisLearnware()
    const rename = { sepal_length_cm: 'a', sepal_width_cm: 'b', petal_length_cm: 'c', petal_width_cm: 'd', target: 'e' }
    const four = await predictWithLearnware(pkg, tableOf(heldOut, { columns: featureColumns(heldOut), rename }))
    expect(four.alignment.by).toBe('position')
    expect(four.alignment.matched[0]).toEqual({ input: 'sepal_length_cm', column: 'a' })
    const message = await expectCode(predictWithLearnware(pkg, tableOf(heldOut, { rename })), 'SPEC_DIMENSION_MISMATCH')
    expect(message).toMatch(/user\.csv has 5 feature columns but learnware "Classification test learnware" takes 4 \(sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm\)/)
  })

  it('predicts a regression learnware’s values (diabetes, ridge)', async () => {
    const { pkg, model, heldOut } = await diabetesLearnware()
    const table = tableOf(heldOut, { target: 'target', targetTask: 'regression' })
    const { prediction } = await predictWithLearnware(pkg, table, { cache })
    if (prediction.task !== 'regression') throw new Error('expected regression')
    expect(prediction.targetsPerRow).toBe(1)
    expect(prediction.targetNames).toEqual(['disease progression'])
    expect(maxAbsDifference(prediction.values, model.predict(table.matrix, table.rowsKept))).toBeLessThan(1e-3)
  })

  it('refuses a Python learnware with MODEL_NOT_RUNNABLE', async () => {
    const semanticSpec = tableSemanticSpec('Classification', ['alcohol', 'malic acid', 'ash'], ['c1', 'c2', 'c3'])
    const pkg = await readLearnwarePackage(beimingwuPythonPackage({ id: '00000042', semanticSpec }))
    const table = parseTableText('alcohol,malic acid,ash\n13,2,2.4\n')
    const message = await expectCode(predictWithLearnware(pkg, table), 'MODEL_NOT_RUNNABLE')
    expect(message).toMatch(/^learnware 00000042 \("Classification test learnware"\) cannot be run here: The model is Python code/)
  })
})

describe('manifest preprocessing and stored encodings', () => {
  it('applies the manifest’s standardisation before the graph', async () => {
    const mean = [5.84, 3.06, 3.76, 1.2]
    const std = [0.83, 0.43, 1.76, 0.76]
    const weights = [0.4, 0.1, -0.5, 1, -0.5, -0.5, -1.5, 0.2, 1.3, -1.5, -0.2, 1.7]
    const base = await irisLearnware()
    const inGraph = await irisLearnware({ onnx: buildLinearClassifierOnnx({ featureCount: 4, classCount: 3, weights, bias: [0, 0, 0], standardization: { mean, std } }) })
    const inManifest = await irisLearnware({
      onnx: buildLinearClassifierOnnx({ featureCount: 4, classCount: 3, weights, bias: [0, 0, 0] }),
      manifest: { preprocessing: { kind: 'standardize', mean, scale: std } }
    })
    const table = tableOf(base.heldOut, { target: 'target' })
    const expected = classification((await predictWithLearnware(inGraph.pkg, table)).prediction)
    const actual = classification((await predictWithLearnware(inManifest.pkg, table)).prediction)
    expect(actual.labels).toEqual(expected.labels)
    expect(maxAbsDifference(actual.probabilities!, expected.probabilities!)).toBeLessThan(1e-5)
  })

  it('re-encodes categories the learnware’s way, whatever categories the user’s file has', async () => {
    const rng = createRng(11)
    const colours = ['blue', 'green', 'red']
    const rows = Array.from({ length: 120 }, () => {
      const colour = colours[rng.int(3)]
      const size = Math.round(rng.next() * 100) / 10
      return [colour, String(size), colour === 'red' || (colour === 'green' && size > 5) ? '1' : '0']
    })
    const training: CsvFixture = { header: ['colour', 'size', 'label'], rows }
    const train = tableOf(training, { target: 'label' })
    expect(train.encoding.features[0]).toMatchObject({ name: 'colour', categories: colours })
    const model = trainLogisticRegression({ features: train.matrix, rows: train.rowsKept, cols: 2, labels: train.target!.codes! })
    const pkg = await packageLearnware({
      semantic: tableSemanticSpec('Classification', train.featureNames, ['no', 'yes']),
      rkme: await rkmeOf(train),
      onnx: model.toOnnx(),
      manifest: { input: { name: 'X', shape: [null, 2] }, output: { name: 'probabilities' }, [MANIFEST_TABLE_ENCODING_KEY]: train.encoding }
    })
    // the user's file has no blue rows, one unseen colour, and its columns the other way round
    const user = parseTableText('size,colour\n7.5,green\n2,green\n1,red\n9,red\n4,purple\n', { source: 'user.csv' })
    expect(user.encoding.features[1].categories).toEqual(['green', 'purple', 'red'])
    const result = await predictWithLearnware(pkg, user)
    expect(result.unreadable).toEqual({ colour: 1 })
    expect(result.notes.join(' ')).toMatch(/Column "colour": 1 value is unknown to the learnware/)
    const learnwareWay = Float32Array.from([1, 7.5, 1, 2, 2, 1, 2, 9])
    expect(Array.from(classification(result.prediction).labels!.subarray(0, 4))).toEqual(Array.from(model.predict(learnwareWay, 4)))
    expect(Array.from(model.predict(learnwareWay, 4))).toEqual([1, 0, 1, 1])
    const usersOwnCodes = Float32Array.from([0, 7.5, 0, 2, 2, 1, 2, 9]) // green = 0 in the user's file: read as blue
    expect(Array.from(model.predict(usersOwnCodes, 4))).not.toEqual([1, 0, 1, 1])
  })

  it('predicts rows already in the learnware’s order (for the reuse code)', async () => {
    const { pkg, model, train } = await irisLearnware()
    const prediction = classification(await predictLearnwareRows(pkg, train.matrix, train.rowsKept, { cache }))
    expect(Array.from(prediction.labels!)).toEqual(Array.from(model.predict(train.matrix, train.rowsKept)))
  })
})

describe('alignColumns', () => {
  it('matches exact names first, then names equal up to case, spaces, _, - and .', () => {
    expect(normalizeColumnName(' Mean Radius ')).toBe(normalizeColumnName('mean_radius'))
    expect(normalizeColumnName('sepal.width-cm')).toBe('sepalwidthcm')
    const alignment = alignColumns(['age', 'Age', 'blood pressure', 'bmi'], ['AGE', 'age', 'Blood_Pressure', 'notes'])
    expect(alignment.matched).toEqual([
      { input: 'age', column: 'age' },
      { input: 'Age', column: 'AGE' },
      { input: 'blood pressure', column: 'Blood_Pressure' }
    ])
    expect(alignment).toMatchObject({ by: 'name', missing: ['bmi'], extra: ['notes'], sourceColumns: [1, 0, 2, -1] })
  })

  it('uses each user column at most once', () => {
    const alignment = alignColumns(['x', 'X'], ['x'])
    expect(alignment).toMatchObject({ matched: [{ input: 'x', column: 'x' }], missing: ['X'], extra: [] })
  })
})
