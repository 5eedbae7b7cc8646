import { afterAll, describe, expect, it } from 'vitest'
import {
  addClassifierOutputs,
  addDenseStack,
  addMean,
  addNanImputation,
  addRegressionOutput,
  addStandardization,
  buildClassifierOnnx,
  buildLinearClassifierOnnx,
  buildRegressorOnnx,
  describeModel,
  embedOnnxModel,
  loadOnnxModel,
  onnxAttr,
  OnnxGraphBuilder,
  type OnnxModel,
  type OnnxPrediction
} from '../../../src/engine/runtime'

const opened: OnnxModel[] = []
afterAll(async () => {
  await Promise.all(opened.map((m) => m.dispose()))
})

async function run(bytes: Uint8Array, features: number[], cols: number): Promise<OnnxPrediction> {
  const model = await loadOnnxModel(bytes)
  opened.push(model)
  return model.predict(Float32Array.from(features), features.length / cols, cols)
}

function softmaxRow(logits: number[]): number[] {
  const max = Math.max(...logits)
  const e = logits.map((z) => Math.exp(z - max))
  const sum = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / sum)
}

// 2 features → 3 classes; x·W + b by hand
const W = [0.5, -1, 2, 1.5, 0.25, -0.75]
const B = [0.1, 0.2, -0.3]
const MEAN = [1, -2]
const STD = [2, 0.5]
const X = [1, 2, 3, -4, 0.5, 0.5, -2, 7]

function expectedProbabilities(standardize: boolean): number[][] {
  const out: number[][] = []
  for (let r = 0; r < X.length / 2; r++) {
    let x = [X[2 * r], X[2 * r + 1]]
    if (standardize) x = x.map((v, j) => (v - MEAN[j]) / STD[j])
    out.push(softmaxRow([0, 1, 2].map((c) => x[0] * W[c] + x[1] * W[3 + c] + B[c])))
  }
  return out
}

describe('model factories', () => {
  it('softmax regression on raw features matches a hand computation, standardisation inside the graph', async () => {
    const bytes = buildLinearClassifierOnnx({
      featureCount: 2,
      classCount: 3,
      weights: W,
      bias: B,
      standardization: { mean: MEAN, std: STD }
    })
    const out = await run(bytes, X, 2)
    if (out.task !== 'classification') throw new Error('expected a classification')
    const expected = expectedProbabilities(true)
    expected.flat().forEach((p, i) => expect(out.probabilities![i]).toBeCloseTo(p, 6))
    expect(Array.from(out.labels!)).toEqual(expected.map((row) => row.indexOf(Math.max(...row))))
  })

  it('maps argmax through classValues when labels are not 0..C-1', async () => {
    const bytes = buildLinearClassifierOnnx({ featureCount: 2, classCount: 3, weights: W, bias: B, classValues: [3, 5, 7] })
    const out = await run(bytes, X, 2)
    const expected = expectedProbabilities(false).map((row) => [3, 5, 7][row.indexOf(Math.max(...row))])
    expect(out.task === 'classification' && Array.from(out.labels!)).toEqual(expected)
  })

  it('an MLP regressor applies ReLU between layers and undoes target scaling', async () => {
    // 2 → 2 (ReLU) → 1, prediction = y·10 + 100
    const layers = [
      { inputSize: 2, outputSize: 2, weights: [1, -1, 1, 1], bias: [0, -1] },
      { inputSize: 2, outputSize: 1, weights: [2, 3], bias: [0.5] }
    ]
    const bytes = buildRegressorOnnx({ featureCount: 2, targetsPerRow: 1, layers, targetScaling: { mean: [100], std: [10] } })
    const out = await run(bytes, X, 2)
    if (out.task !== 'regression') throw new Error('expected a regression')
    expect(out.targetsPerRow).toBe(1)
    for (let r = 0; r < 4; r++) {
      const [a, b] = [X[2 * r], X[2 * r + 1]]
      const h = [Math.max(0, a + b), Math.max(0, -a + b - 1)]
      expect(out.values[r]).toBeCloseTo((2 * h[0] + 3 * h[1] + 0.5) * 10 + 100, 4)
    }
  })

  it('declares a symbolic batch dimension N, opset and producer', () => {
    const bytes = buildClassifierOnnx({
      featureCount: 2,
      classCount: 3,
      layers: [{ inputSize: 2, outputSize: 3, weights: W, bias: B }],
      opset: 13,
      producerVersion: '0.1.0',
      metadata: { learnwareId: '00042' }
    })
    const info = describeModel(bytes)
    expect(info.inputs).toEqual([{ name: 'X', kind: 'tensor', elementType: 'float', dims: ['N', 2], typeText: 'float[N,2]' }])
    expect(info.outputs.map((o) => o.typeText)).toEqual(['int64[N]', 'float[N,3]'])
    expect(info.opsets).toEqual([{ domain: '', version: 13 }])
    expect(info.irVersion).toBe(8)
    expect(info.producerName).toBe('learnware-dock')
    expect(info.metadata).toEqual({ learnwareId: '00042' })
    expect(info.parameterCount).toBe(9)
  })

  it('refuses opsets outside 13–17 and layer shapes that do not fit', () => {
    const layers = [{ inputSize: 2, outputSize: 3, weights: W, bias: B }]
    expect(() => buildClassifierOnnx({ featureCount: 2, classCount: 3, layers, opset: 11 })).toThrow(/opset/)
    expect(() => buildClassifierOnnx({ featureCount: 2, classCount: 4, layers })).toThrow(/3 outputs for 4 classes/)
    expect(() => buildClassifierOnnx({ featureCount: 3, classCount: 3, layers })).toThrow(/3 features/)
  })
})

describe('graph builder', () => {
  it('refuses inputs that are not defined yet, duplicate names and fractional INT attributes', () => {
    const g = new OnnxGraphBuilder()
    const x = g.addInput('X', 'float', ['N', 2])
    expect(() => g.addOp('Relu', ['nope'])).toThrow(/tensor nope is not defined/)
    expect(() => g.addInput('X', 'float', ['N', 2])).toThrow(/already used/)
    expect(() => g.addOp('LeakyRelu', [x], { alpha: 0.1 })).toThrow(/onnxAttr.float/)
    expect(g.addOp('LeakyRelu', [x], { alpha: onnxAttr.float(0.1) })).toMatch(/leakyrelu/)
    expect(() => g.addInitializer('w', [1, 2, 3], [2, 2])).toThrow(/3 values/)
    expect(() => g.toBytes()).toThrow(/no outputs/)
  })

  it('imputes NaN with stored values before standardising (IsNaN + Where)', async () => {
    const g = new OnnxGraphBuilder({ name: 'impute' })
    let h = g.addInput('X', 'float', ['N', 2])
    h = addNanImputation(g, h, [10, 20])
    h = addStandardization(g, h, { mean: [0, 0], std: [2, 4] })
    g.addNode('Identity', [h], { outputs: ['prediction'] })
    g.addOutput('prediction', 'float', ['N', 2])
    const out = await run(g.toBytes(), [NaN, 1, 3, NaN, NaN, NaN], 2)
    expect(out.task === 'regression' && Array.from(out.values)).toEqual([5, 0.25, 1.5, 5, 5, 5])
  })

  it('embeds two models under prefixes and averages their probabilities', async () => {
    const first = buildLinearClassifierOnnx({ featureCount: 2, classCount: 3, weights: W, bias: B })
    const second = buildLinearClassifierOnnx({
      featureCount: 2,
      classCount: 3,
      weights: W.map((w) => -w),
      bias: B,
      standardization: { mean: MEAN, std: STD }
    })
    const g = new OnnxGraphBuilder({ name: 'ensemble' })
    const x = g.addInput('X', 'float', ['N', 2])
    const a = embedOnnxModel(g, first, { prefix: 'm0', inputs: { X: x } })
    const b = embedOnnxModel(g, second, { prefix: 'm1', inputs: { X: x } })
    expect(a).toEqual({ label: 'm0/label', probabilities: 'm0/probabilities' })
    const mean = addMean(g, [a.probabilities, b.probabilities])
    g.addNode('Identity', [mean], { outputs: ['probabilities'] })
    g.addNode('ArgMax', [mean], { outputs: ['label'], attributes: { axis: 1, keepdims: 0 } })
    g.addOutput('label', 'int64', ['N'])
    g.addOutput('probabilities', 'float', ['N', 3])
    const ensemble = await run(g.toBytes(), X, 2)
    const p0 = await run(first, X, 2)
    const p1 = await run(second, X, 2)
    if (ensemble.task !== 'classification' || p0.task !== 'classification' || p1.task !== 'classification') throw new Error()
    ensemble.probabilities!.forEach((p, i) => expect(p).toBeCloseTo((p0.probabilities![i] + p1.probabilities![i]) / 2, 6))
    expect(() => embedOnnxModel(g, first, { prefix: 'm2', inputs: {} })).toThrow(/no host tensor given for its input X/)
  })

  it('composes layers by hand: a 2-hidden-layer tanh MLP with standard outputs', async () => {
    const g = new OnnxGraphBuilder({ name: 'mlp', opset: 17 })
    const x = g.addInput('X', 'float', ['N', 2])
    const layers = [
      { inputSize: 2, outputSize: 3, weights: [1, 0, -1, 0, 1, 1], bias: [0, 0, 0] },
      { inputSize: 3, outputSize: 2, weights: [1, 0, 0, 1, 1, 1], bias: [0, 0] },
      { inputSize: 2, outputSize: 2, weights: [1, -1, -1, 1], bias: [0, 0] }
    ]
    addClassifierOutputs(g, addDenseStack(g, x, layers, 'tanh'), { classCount: 2 })
    const out = await run(g.toBytes(), [1, 2], 2)
    const h1 = [Math.tanh(1), Math.tanh(2), Math.tanh(1)]
    const h2 = [Math.tanh(h1[0] + h1[2]), Math.tanh(h1[1] + h1[2])]
    const expected = softmaxRow([h2[0] - h2[1], h2[1] - h2[0]])
    if (out.task !== 'classification') throw new Error()
    expect(out.probabilities![0]).toBeCloseTo(expected[0], 6)
    expect(out.labels![0]).toBe(expected[0] > expected[1] ? 0 : 1)
  })

  it('adds the ai.onnx.ml opset only when an ML operator is used', () => {
    const g = new OnnxGraphBuilder()
    const x = g.addInput('X', 'float', ['N', 2])
    addRegressionOutput(g, g.addNode('Normalizer', [x], { domain: 'ai.onnx.ml', attributes: { norm: 'L1' } })[0], 2)
    expect(describeModel(g.toBytes()).opsets).toEqual([
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 3 }
    ])
  })
})
