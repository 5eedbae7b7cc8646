import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import {
  addRegressionOutput,
  buildLinearClassifierOnnx,
  buildLinearRegressorOnnx,
  describeModel,
  loadOnnxModel,
  OnnxGraphBuilder,
  OnnxModelCache,
  onnxAttr,
  type OnnxModel
} from '../../../src/engine/runtime'
import { onnx } from '../../../src/engine/runtime/onnxProto'
import { readTabular } from '../train/tabularFixture'

async function expectCode(promise: Promise<unknown> | (() => unknown), code: LearnwareErrorCode): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (error) {
    if (!isLearnwareError(error)) throw error
    expect(error.code).toBe(code)
    return error.message
  }
  throw new Error(`expected LearnwareError ${code}, nothing was thrown`)
}

const IRIS_WEIGHTS = [0.4, 0.1, -0.5, 1, -0.5, -0.5, -1.5, 0.2, 1.3, -1.5, -0.2, 1.7]
function irisClassifier(bias = [0.2, 0.1, -0.3]): Uint8Array {
  return buildLinearClassifierOnnx({
    featureCount: 4,
    classCount: 3,
    weights: IRIS_WEIGHTS,
    bias,
    standardization: { mean: [5.84, 3.06, 3.76, 1.2], std: [0.83, 0.43, 1.76, 0.76] },
    producerVersion: '9.9.9'
  })
}

const iris = readTabular('iris')
const opened: OnnxModel[] = []
let cache: OnnxModelCache | null = null
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.dispose()))
  await cache?.dispose()
})
async function load(bytes: Uint8Array): Promise<OnnxModel> {
  const model = await loadOnnxModel(bytes, { source: 'test.onnx' })
  opened.push(model)
  return model
}

describe('describeModel', () => {
  it('lists inputs, outputs, opsets, producer and size of a model', () => {
    const bytes = irisClassifier()
    const info = describeModel(bytes)
    expect(info.inputs.map((i) => [i.name, i.typeText])).toEqual([['X', 'float[N,4]']])
    expect(info.outputs.map((o) => [o.name, o.kind, o.elementType, o.dims])).toEqual([
      ['label', 'tensor', 'int64', ['N']],
      ['probabilities', 'tensor', 'float', ['N', 3]]
    ])
    expect(info.opsets).toEqual([{ domain: '', version: 15 }])
    expect([info.producerName, info.producerVersion]).toEqual(['learnware-dock', '9.9.9'])
    expect(info.byteLength).toBe(bytes.byteLength)
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(info.operators).toEqual(['Add', 'ArgMax', 'Div', 'MatMul', 'Softmax', 'Sub'])
    expect(info.parameterCount).toBe(4 + 4 + 12 + 3)
  })
})

describe('invalid models', () => {
  const corrupt: [string, Uint8Array][] = [
    ['random bytes', new Uint8Array(randomBytes(2000))],
    ['an empty file', new Uint8Array(0)],
    ['a truncated model', irisClassifier().subarray(0, 120)],
    ['a text file', new TextEncoder().encode('feature,target\n1,2\n')]
  ]
  it.each(corrupt)('%s gives MODEL_INVALID from describeModel, loadOnnxModel and the cache', async (_, bytes) => {
    await expectCode(() => describeModel(bytes, 'bad.onnx'), 'MODEL_INVALID')
    const message = await expectCode(loadOnnxModel(bytes, { source: 'bad.onnx' }), 'MODEL_INVALID')
    expect(message).toMatch(/^bad\.onnx: /)
    cache = new OnnxModelCache()
    await expectCode(cache.load(bytes), 'MODEL_INVALID')
    expect(cache.size).toBe(0)
  })

  it('a well-formed file with an unknown operator gives MODEL_INVALID with onnxruntime’s reason', async () => {
    const g = new OnnxGraphBuilder()
    const x = g.addInput('X', 'float', ['N', 2])
    addRegressionOutput(g, g.addOp('NoSuchOperator', [x]), 2)
    const message = await expectCode(loadOnnxModel(g.toBytes(), { source: 'odd.onnx' }), 'MODEL_INVALID')
    expect(message).toMatch(/odd\.onnx: onnxruntime cannot load the model: .*NoSuchOperator/)
  })

  it('refuses a model whose weights point at an external file', async () => {
    const proto = onnx.ModelProto.decode(irisClassifier())
    const weights = proto.graph!.initializer!.find((t) => t.name === 'weights')!
    weights.rawData = new Uint8Array(0)
    weights.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL
    weights.externalData = [{ key: 'location', value: '/etc/passwd' }]
    const bytes = onnx.ModelProto.encode(proto).finish()
    expect(describeModel(bytes).externalDataTensors).toEqual(['weights'])
    const message = await expectCode(loadOnnxModel(bytes, { source: 'evil.onnx' }), 'MODEL_INVALID')
    expect(message).toMatch(/evil\.onnx: tensor weights is stored in an external data file/)
  })
})

describe('predict', () => {
  it('gives labels and probabilities for a classifier, and the same result in small batches', async () => {
    const model = await load(irisClassifier())
    expect(model.featureCount).toBe(4)
    const whole = await model.predict(iris.features, iris.rows, iris.cols)
    const batched = await model.predict(iris.features, iris.rows, iris.cols, { batchRows: 7 })
    if (whole.task !== 'classification' || batched.task !== 'classification') throw new Error('expected classification')
    expect(whole.labels).toBeInstanceOf(Int32Array)
    expect(whole.probabilities).toHaveLength(150 * 3)
    expect(whole.classCount).toBe(3)
    expect(batched.labels).toEqual(whole.labels)
    expect(batched.probabilities).toEqual(whole.probabilities)
    for (let r = 0; r < 150; r++) {
      const row = whole.probabilities!.subarray(r * 3, r * 3 + 3)
      expect(row[0] + row[1] + row[2]).toBeCloseTo(1, 5)
      expect(whole.labels![r]).toBe(row.indexOf(Math.max(...row)))
    }
    const names = await model.predict(iris.features.subarray(0, 4), 1, 4, { classNames: ['setosa', 'versicolor', 'virginica'] })
    expect(names.task === 'classification' && names.labelNames).toEqual(['setosa'])
  })

  it('gives a rows×targets Float32Array for a regressor', async () => {
    const model = await load(buildLinearRegressorOnnx({ featureCount: 4, targetsPerRow: 2, weights: [1, 0, 0, 1, 0, 0, 0, 0], bias: [0, 1] }))
    const out = await model.predict(iris.features, iris.rows, 4, { batchRows: 64 })
    if (out.task !== 'regression') throw new Error('expected regression')
    expect(out.targetsPerRow).toBe(2)
    expect(out.values).toBeInstanceOf(Float32Array)
    expect(Array.from(out.values.subarray(0, 4))).toEqual([iris.features[0], iris.features[1] + 1, iris.features[4], iris.features[5] + 1])
  })

  it('names the feature-count mismatch instead of failing inside onnxruntime', async () => {
    const model = await load(irisClassifier())
    const message = await expectCode(model.predict(new Float32Array(10), 2, 5), 'MODEL_RUN_FAILED')
    expect(message).toMatch(/expects 4 features per row, the data has 5/)
  })

  it('runs a model with a fixed batch size of 1 and a double input row by row', async () => {
    const g = new OnnxGraphBuilder({ opset: 13 })
    const x = g.addInput('X', 'double', [1, 3])
    const axes = g.addInitializer('axes', [1], [1], 'int64')
    addRegressionOutput(g, g.addOp('Cast', [g.addOp('ReduceSum', [x, axes], { keepdims: 1 })], { to: 1 }), 1)
    const model = await load(g.toBytes({}))
    const out = await model.predict(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 3, 3)
    expect(out.task === 'regression' && Array.from(out.values)).toEqual([6, 15, 24])
  })

  it('maps string labels to indices through a class-name list', async () => {
    const g = new OnnxGraphBuilder()
    const x = g.addInput('X', 'float', ['N', 3])
    const index = g.addOp('ArgMax', [x], { axis: 1, keepdims: 0 })
    const names = g.addInitializer('names', ['cat', 'dog', 'fish'], [3], 'string')
    g.addNode('Gather', [names, index], { outputs: ['label'] })
    g.addOutput('label', 'string', ['N'])
    const model = await load(g.toBytes())
    const features = Float32Array.from([0, 9, 1, 5, 0, 0, 0, 0, 3])
    const out = await model.predict(features, 3, 3, { classNames: ['dog', 'fish', 'cat'] })
    if (out.task !== 'classification') throw new Error('expected classification')
    expect(out.labelNames).toEqual(['dog', 'cat', 'fish'])
    expect(Array.from(out.labels!)).toEqual([0, 2, 1])
    expect(out.probabilities).toBeNull()
  })

  it('reads probabilities of a sklearn-onnx style ZipMap output (seq of maps) through a tensor tap', async () => {
    // MatMul → Softmax → ZipMap(classlabels_strings), no label output: as skl2onnx emits output_probability
    const g = new OnnxGraphBuilder()
    const x = g.addInput('X', 'float', ['N', 2])
    const w = g.addInitializer('W', [1, 0, -1, 0, 1, -1], [2, 3])
    const probabilities = g.addOp('Softmax', [g.addOp('MatMul', [x, w])], { axis: 1 })
    g.addNode('ZipMap', [probabilities], {
      domain: 'ai.onnx.ml',
      outputs: ['output_probability'],
      attributes: { classlabels_strings: onnxAttr.strings(['a', 'b', 'c']) }
    })
    g.addTypedOutput('output_probability', {
      sequenceType: { elemType: { mapType: { keyType: 8, valueType: { tensorType: { elemType: 1 } } } } }
    })
    const bytes = g.toBytes({ producerName: 'skl2onnx' })
    const info = describeModel(bytes)
    expect(info.outputs[0]).toMatchObject({ kind: 'sequence', typeText: 'seq(map(string,float))' })
    expect(info.classLabels).toEqual(['a', 'b', 'c'])

    const model = await load(bytes)
    const out = await model.predict(Float32Array.from([3, 0, 0, 3, -2, -2]), 3, 2)
    if (out.task !== 'classification') throw new Error('expected classification')
    expect(out.labelNames).toEqual(['a', 'b', 'c'])
    expect(Array.from(out.labels!)).toEqual([0, 1, 2])
    const expected = [Math.exp(3), 1, Math.exp(-3)].map((v, _, all) => v / all.reduce((s, u) => s + u))
    expected.forEach((p, i) => expect(out.probabilities![i]).toBeCloseTo(p, 6))
  })
})

describe('time limits and cancellation', () => {
  /** 10 chained 256×256 MatMuls: a few ms per 100-row batch, seconds for 40,000 rows. */
  function slowModel(): Uint8Array {
    const g = new OnnxGraphBuilder()
    let h = g.addInput('X', 'float', ['N', 256])
    const identityish = new Float32Array(256 * 256).map((_, i) => (i % 257 === 0 ? 1 : 1e-4))
    for (let i = 0; i < 10; i++) h = g.addOp('MatMul', [h, g.addInitializer('w', identityish, [256, 256])])
    addRegressionOutput(g, h, 256)
    return g.toBytes()
  }

  it('rejects with MODEL_TIMEOUT soon after the budget and keeps the model usable', async () => {
    const model = await load(slowModel())
    const rows = 40_000
    const started = Date.now()
    await expectCode(model.predict(new Float32Array(rows * 256), rows, 256, { timeoutMs: 30, batchRows: 100 }), 'MODEL_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(1_000)
    const after = await model.predict(new Float32Array(256).fill(1), 1, 256, { timeoutMs: 5_000 })
    expect(after.task === 'regression' && after.values[0]).toBeGreaterThan(1)
  })

  it('rejects with CANCELLED when the signal aborts', async () => {
    const model = await load(slowModel())
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 20)
    await expectCode(model.predict(new Float32Array(40_000 * 256), 40_000, 256, { signal: controller.signal, batchRows: 100 }), 'CANCELLED')
  })
})

describe('OnnxModelCache', () => {
  it('shares one session per distinct bytes (sha256), also for concurrent loads', async () => {
    cache = new OnnxModelCache({ maxModels: 4 })
    const bytes = irisClassifier()
    const [a, b] = await Promise.all([cache.load(bytes), cache.load(Uint8Array.from(bytes))])
    expect(a).toBe(b)
    const other = await cache.load(irisClassifier([0, 0, 0]))
    expect(other).not.toBe(a)
    expect(cache.size).toBe(2)
    expect(cache.has(a.sha256)).toBe(true)
  })

  it('evicts the least recently used model at the cap and releases its session', async () => {
    cache = new OnnxModelCache({ maxModels: 2 })
    const bytes = [irisClassifier([1, 0, 0]), irisClassifier([0, 1, 0]), irisClassifier([0, 0, 1])]
    const first = await cache.load(bytes[0])
    const second = await cache.load(bytes[1])
    await cache.load(bytes[0]) // touch: the second is now the oldest
    const third = await cache.load(bytes[2])
    await new Promise((resolve) => setImmediate(resolve))
    expect([cache.has(first.sha256), cache.has(second.sha256), cache.has(third.sha256)]).toEqual([true, false, true])
    expect(second.disposed).toBe(true)
    await expectCode(second.predict(iris.features, iris.rows, 4), 'MODEL_RUN_FAILED')
    const again = await cache.load(bytes[1])
    expect(again).not.toBe(second)
    expect((await again.predict(iris.features, iris.rows, 4)).rows).toBe(150)
  })

  it('use() pins models, so more concurrent users than the cap all succeed, and the cap holds afterwards', async () => {
    cache = new OnnxModelCache({ maxModels: 1 })
    const biases = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0]]
    const predictLater = async (model: OnnxModel) => {
      await new Promise((resolve) => setTimeout(resolve, 20)) // e.g. preparing the data first
      return model.predict(iris.features, iris.rows, 4)
    }
    const results = await Promise.all(biases.map((b) => cache!.use(irisClassifier(b), predictLater)))
    expect(results.map((r) => r.rows)).toEqual([150, 150, 150, 150])
    expect(cache.size).toBe(1)
  })

  it('dispose releases every session, and a run in flight still completes', async () => {
    cache = new OnnxModelCache()
    const model = await cache.load(irisClassifier())
    const pending = model.predict(iris.features, iris.rows, 4)
    await cache.dispose()
    expect(cache.size).toBe(0)
    expect(model.disposed).toBe(true)
    expect((await pending).rows).toBe(150)
    await expectCode(model.predict(iris.features, iris.rows, 4), 'MODEL_RUN_FAILED')
  })

  it('a model disposed directly leaves the cache', async () => {
    cache = new OnnxModelCache()
    const model = await cache.load(irisClassifier())
    await model.dispose()
    expect(cache.has(model.sha256)).toBe(false)
  })
})
