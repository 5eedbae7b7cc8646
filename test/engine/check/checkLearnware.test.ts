import { afterAll, describe, expect, it } from 'vitest'
import { checkLearnwarePackage, dockCheck, type LearnwareCheckReport } from '../../../src/engine/check'
import { runCheck } from '../../../src/engine/dock/packageCheck'
import { readLearnwarePackage, type LearnwarePackage } from '../../../src/engine/learnware'
import { createRng } from '../../../src/engine/math/rng'
import { addClassifierOutputs, addDense, loadOnnxModel, OnnxGraphBuilder, OnnxModelCache, onnxAttr, sha256Hex } from '../../../src/engine/runtime'
import { onnx } from '../../../src/engine/runtime/onnxProto'
import { beimingwuPythonPackage } from '../learnware/packageFixtures'
import { diabetesLearnware, irisLearnware, rkmeOf, tableOf, tableSemanticSpec } from '../predict/trainedLearnware'

const IRIS_WEIGHTS = [0.4, 0.1, -0.5, 1, -0.5, -0.5, -1.5, 0.2, 1.3, -1.5, -0.2, 1.7]

/** X[N,4] → `trunk` → dense(4→3) → softmax probabilities + label, like every classifier the runner reads. */
function irisShapedClassifier(trunk: (g: OnnxGraphBuilder, x: string) => string): Uint8Array {
  const g = new OnnxGraphBuilder()
  const x = g.addInput('X', 'float', ['N', 4])
  const logits = addDense(g, trunk(g, x), { inputSize: 4, outputSize: 3, weights: IRIS_WEIGHTS, bias: [0, 0, 0] })
  addClassifierOutputs(g, logits, { classCount: 3 })
  return g.toBytes()
}

/** 0 / 0 in every cell: NaN probabilities for any input. */
const nanModel = () => irisShapedClassifier((g, x) => {
  const zero = g.addOp('Sub', [x, x])
  return g.addOp('Div', [zero, zero])
})

/** sqrt(x + 1): finite on iris-like rows (all ≥ 0.1), NaN for the negative values random normals bring. */
const sqrtModel = () => irisShapedClassifier((g, x) => g.addOp('Sqrt', [g.addOp('Add', [x, g.addInitializer('one', [1], [1])])]))

/** A Loop of `trips` do-nothing iterations (~1 µs each in onnxruntime): slow, but tiny to store. */
function slowModel(trips: number): Uint8Array {
  const tensor = (name: string, elemType: number, scalar: boolean): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType, ...(scalar ? { shape: { dim: [] } } : {}) } }
  })
  const { INT64, BOOL, FLOAT } = onnx.TensorProto.DataType
  const body: onnx.IGraphProto = {
    name: 'spin',
    input: [tensor('i', INT64, true), tensor('c', BOOL, true), tensor('s', FLOAT, false)],
    output: [tensor('c_out', BOOL, true), tensor('s_out', FLOAT, false)],
    node: [
      { opType: 'Identity', input: ['c'], output: ['c_out'] },
      { opType: 'Identity', input: ['s'], output: ['s_out'] }
    ]
  }
  return irisShapedClassifier((g, x) => {
    const trip = g.addInitializer('trips', new BigInt64Array([BigInt(trips)]), [], 'int64')
    const go = g.addInitializer('go', [1], [], 'bool')
    return g.addOp('Loop', [trip, go, x], { body: onnxAttr.graph(body) })
  })
}

function failedNames(report: LearnwareCheckReport): string[] {
  return report.checks.filter((check) => !check.ok).map((check) => check.name)
}

const cache = new OnnxModelCache({ maxModels: 4 })
afterAll(() => cache.dispose())

describe('checkLearnwarePackage on real trained learnwares', () => {
  it('marks a softmax regression trained on iris usable, every check passing', async () => {
    const { pkg } = await irisLearnware()
    const report = await checkLearnwarePackage(pkg)
    expect(report.reasons).toEqual([])
    expect(report.status).toBe('usable')
    expect(report.checks.map((check) => check.name)).toEqual([
      'semantic', 'stat-spec', 'model-kind', 'model-load', 'input-width', 'probe-run', 'output-rows', 'output-values', 'output-shape', 'time-limit'
    ])
    expect(report.checks.every((check) => check.ok && check.detail.length > 0)).toBe(true)
    expect(report.checks.find((check) => check.name === 'probe-run')!.detail).toMatch(/10 rows herded from the RKME/)
  })

  it('marks a ridge regression trained on diabetes usable', async () => {
    const { pkg } = await diabetesLearnware()
    const report = await checkLearnwarePackage(pkg, { samples: 25, seed: 3 })
    expect(report).toMatchObject({ status: 'usable', reasons: [] })
    expect(report.checks.find((check) => check.name === 'output-shape')!.detail).toMatch(/1 value per row/)
  })

  it('gives the same report for the same seed', async () => {
    const { pkg } = await irisLearnware()
    const first = await checkLearnwarePackage(pkg, { seed: 5 })
    const second = await checkLearnwarePackage(pkg, { seed: 5 })
    const withoutTimes = (report: LearnwareCheckReport) => report.checks.filter((check) => check.name !== 'time-limit' && check.name !== 'model-load')
    expect(withoutTimes(second)).toEqual(withoutTimes(first))
  })

  it('shares the session through the cache and leaves it loaded for later predictions', async () => {
    const { pkg } = await irisLearnware()
    const report = await checkLearnwarePackage(pkg, { cache })
    expect(report.status).toBe('usable')
    expect(pkg.model.kind === 'onnx' && cache.has(sha256Hex(pkg.model.onnxBytes))).toBe(true)
  })
})

describe('checkLearnwarePackage finds what is wrong', () => {
  it('marks a wrong Output.Dimension invalid, naming it', async () => {
    const { pkg } = await irisLearnware({ semantic: { output: { dimension: 4, descriptions: ['a', 'b', 'c', 'd'] } } })
    const report = await checkLearnwarePackage(pkg)
    expect(report.status).toBe('invalid')
    expect(failedNames(report)).toEqual(['output-shape'])
    expect(report.reasons[0]).toMatch(/probabilities have 3 columns but Output\.Dimension is 4/)
  })

  it('marks labels beyond Output.Dimension invalid', async () => {
    const { pkg } = await irisLearnware({ semantic: { output: { dimension: 2 } } })
    const report = await checkLearnwarePackage(pkg, { samples: 30 })
    expect(report.status).toBe('invalid')
    expect(report.reasons.join('; ')).toMatch(/label 2 \(row \d+\) is outside \[0, 2\) given by Output\.Dimension/)
  })

  it('marks a model whose input width differs from the specification invalid', async () => {
    const base = await irisLearnware()
    const threeColumns = tableOf(base.heldOut, { columns: ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm'] })
    const { pkg } = await irisLearnware({
      semantic: { input: { dimension: 3, descriptions: threeColumns.featureNames } },
      rkme: await rkmeOf(threeColumns)
    })
    const report = await checkLearnwarePackage(pkg)
    expect(report.status).toBe('invalid')
    expect(failedNames(report)).toEqual(['input-width'])
    expect(report.reasons[0]).toMatch(/takes 4 features per row \(input X: float\[N,4\]\) but the specification describes 3/)
  })

  it('marks corrupt ONNX bytes invalid with a readable reason', async () => {
    const garbage = Uint8Array.from({ length: 300 }, (_, i) => (i * 91 + 7) % 256)
    const { pkg } = await irisLearnware({ onnx: garbage })
    const report = await checkLearnwarePackage(pkg)
    expect(report.status).toBe('invalid')
    expect(failedNames(report)).toEqual(['model-load'])
    expect(report.reasons[0]).toMatch(/^The model cannot be loaded: learnware "Classification test learnware": model\.onnx: not an ONNX model/)
    expect(report.reasons[0]).not.toMatch(/\n|at .*\.ts:\d+/)
  })

  it('marks a model that answers NaN invalid for non-finite outputs', async () => {
    const { pkg } = await irisLearnware({ onnx: nanModel() })
    const report = await checkLearnwarePackage(pkg)
    expect(report.status).toBe('invalid')
    expect(failedNames(report)).toEqual(['output-values'])
    expect(report.reasons[0]).toMatch(/non-finite outputs \(NaN or ±∞\) for 10 of 10 probe rows: probabilities of row 1 is NaN/)
  })

  it('probes with rows herded from the RKME, not random normals', async () => {
    const model = await loadOnnxModel(sqrtModel())
    const rng = createRng(1)
    const normals = Float32Array.from({ length: 40 }, () => rng.normal() * 2)
    const onNormals = await model.predict(normals, 10, 4)
    await model.dispose()
    expect(onNormals.task === 'classification' && onNormals.probabilities!.some(Number.isNaN)).toBe(true)
    const { pkg } = await irisLearnware({ onnx: sqrtModel() })
    expect(await checkLearnwarePackage(pkg, { samples: 50 })).toMatchObject({ status: 'usable', reasons: [] })
  })

  it('marks a model slower than timeoutMs invalid, and returns', async () => {
    const { pkg } = await irisLearnware({ onnx: slowModel(1_000_000) })
    const started = Date.now()
    const report = await checkLearnwarePackage(pkg, { timeoutMs: 100 })
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(report.status).toBe('invalid')
    expect(failedNames(report)).toEqual(['time-limit'])
    expect(report.reasons[0]).toMatch(/^Loading the model and predicting 10 rows took \d+ ms, longer than the 100 ms limit$/)
    const relaxed = await checkLearnwarePackage(pkg, { timeoutMs: 60_000 })
    expect(relaxed.status).toBe('usable')
  })

  it('counts loading against a tiny timeoutMs', async () => {
    const { pkg } = await irisLearnware()
    const report = await checkLearnwarePackage(pkg, { timeoutMs: 0.001 })
    expect(report.status).toBe('invalid')
    expect(report.reasons.join('; ')).toMatch(/longer than the 0\.001 ms limit/)
  })

  it('reports every semantic problem and skips the model', async () => {
    const { pkg } = await irisLearnware()
    const spec = pkg.semanticSpec!
    const broken: LearnwarePackage = {
      ...pkg,
      semanticSpec: { ...spec, Task: { Type: 'Class', Values: ['Clasification'] }, Name: { Type: 'String', Values: '' } }
    }
    const report = await checkLearnwarePackage(broken)
    expect(report.status).toBe('invalid')
    expect(report.reasons).toEqual([
      expect.stringMatching(/^Semantic specification: Task: "Clasification" is not one of Classification/),
      expect.stringMatching(/^Semantic specification: Name must not be empty/)
    ])
    expect(report.checks.some((check) => check.name === 'model-load')).toBe(false)
  })

  it('marks a package without a semantic specification invalid', async () => {
    const { pkg } = await irisLearnware()
    const report = await checkLearnwarePackage({ ...pkg, semanticSpec: null })
    expect(report).toMatchObject({ status: 'invalid', reasons: [expect.stringMatching(/no semantic specification/)] })
  })

  it('checks the table RKME: it must parse, have a finite self-distance and match Input.Dimension', async () => {
    const { pkg } = await irisLearnware()
    const withRkme = (json: unknown): LearnwarePackage => ({ ...pkg, statSpecs: [{ ...pkg.statSpecs[0], json }] })
    const rkme = pkg.statSpecs[0].json as Record<string, unknown>

    const empty = await checkLearnwarePackage(withRkme({ ...rkme, z: [] }))
    expect(empty.reasons).toEqual([expect.stringMatching(/^Statistical specification rkme\.json: field "z"/)])

    const huge = await checkLearnwarePackage(withRkme({ ...rkme, z: [[1e200, 0, 0, 0]], beta: [1] }))
    expect(huge.reasons).toEqual([expect.stringMatching(/rkme\.json: dist\(spec, spec\) is NaN/)])

    const fiveWide = await checkLearnwarePackage(withRkme({ ...rkme, z: [[1, 2, 3, 4, 5]], beta: [1] }))
    expect(fiveWide.reasons).toEqual(['rkme.json describes 5 features per row but Input.Dimension is 4'])
    expect([empty, huge, fiveWide].every((report) => report.status === 'invalid')).toBe(true)
  })

  it('requires a table RKME when Data is Table', async () => {
    const { pkg } = await irisLearnware()
    const report = await checkLearnwarePackage({ ...pkg, statSpecs: [{ type: 'RKMEImageSpecification', fileName: 'rkme_image.json', json: {} }] })
    expect(report).toMatchObject({ status: 'invalid', reasons: ['Data is Table but the package has no RKMETableSpecification'] })
  })

  it('marks a manifest with unsupported preprocessing invalid', async () => {
    const { pkg } = await irisLearnware({ manifest: { preprocessing: { kind: 'pca', components: 2 } } })
    const report = await checkLearnwarePackage(pkg)
    expect(report.status).toBe('invalid')
    expect(failedNames(report)).toEqual(['manifest'])
    expect(report.reasons[0]).toMatch(/preprocessing "pca" is not supported/)
  })
})

describe('Python learnwares', () => {
  it('marks a Beimingwu Python package not-runnable with the reason, never running it', async () => {
    const semanticSpec = tableSemanticSpec('Classification', ['alcohol', 'malic acid', 'ash'], ['c1', 'c2', 'c3'])
    const pkg = await readLearnwarePackage(beimingwuPythonPackage({ id: '00000042', semanticSpec }))
    const report = await checkLearnwarePackage(pkg)
    expect(report.status).toBe('not-runnable')
    expect(report.reasons).toEqual([expect.stringMatching(/^The model is Python code \(class MyModel in __init__\.py\)/)])
    expect(report.checks.filter((check) => check.ok).map((check) => check.name)).toEqual(['semantic', 'stat-spec'])
  })

  it('still marks a Python package with an invalid spec invalid', async () => {
    const pkg = await readLearnwarePackage(beimingwuPythonPackage({ id: '00000042', semanticSpec: { Name: 'x' } }))
    expect((await checkLearnwarePackage(pkg)).status).toBe('invalid')
  })
})

describe('dockCheck', () => {
  it('answers in the shape of the dock’s pluggable check, reasons joined with "; "', async () => {
    const good = await irisLearnware()
    expect(await runCheck(dockCheck({ cache }), good.pkg)).toEqual({ status: 'usable', reason: '' })
    const { pkg } = await irisLearnware({ semantic: { output: { dimension: 2 } } })
    const report = await checkLearnwarePackage(pkg, { samples: 30 })
    expect(await runCheck(dockCheck({ samples: 30 }), pkg)).toEqual({ status: 'invalid', reason: report.reasons.join('; ') })
  })

  it('refuses nonsense options as a usage error', async () => {
    const { pkg } = await irisLearnware()
    await expect(checkLearnwarePackage(pkg, { samples: 0 })).rejects.toMatchObject({ code: 'USAGE' })
  })
})
