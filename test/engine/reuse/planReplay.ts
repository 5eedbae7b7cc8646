/**
 * A literal reading of the ReusePlan contract (src/engine/export/plan.ts), independent of the reuse code:
 * gather each member's inputs from `sourceColumns`, re-code categories through `recode`, fill NaN and absent
 * columns with `fillValues`, standardise when `standardization` says so, run its ONNX model with
 * onnxruntime directly and read `outputName`, map classes through `classMap`, then apply the combiner (the
 * selector sees the features with NaN → `featureFill`). Tests compare it with `reuser.predict`, so a plan that the exporter would turn into a different
 * model than the one the user previewed fails here first.
 *
 * Example:
 *   const replayed = await replayPlan(reuser.toPlan(), data.features, data.rows)
 *   expect(replayed.labels).toEqual((await reuser.predict(data)).labels)
 */

import * as ort from 'onnxruntime-node'
import type { PlanMember, ReusePlan } from '../../../src/engine/export/plan'

export interface Replayed {
  labels?: Int32Array
  probabilities?: Float32Array
  values?: Float32Array
}

export async function replayPlan(plan: ReusePlan, features: Float32Array, rows: number): Promise<Replayed> {
  const d = plan.inputEncoding.features.length
  const outputs: { values: Float32Array; width: number }[] = []
  for (const member of plan.members) outputs.push(await runMember(member, features, rows, d))
  const classCount = plan.classNames?.length ?? 0
  const mapped = () => plan.members.map((m, i) => mapClasses(m, outputs[i], rows, classCount))
  const combiner = plan.combiner
  switch (combiner.kind) {
    case 'single':
      return plan.task === 'regression' ? { values: column0(outputs[0], rows) } : withLabels(mapped()[0], rows, classCount)
    case 'mean-values':
      return { values: mean(outputs.map((o) => column0(o, rows))) }
    case 'mean-probabilities':
      return withLabels(mean(mapped()), rows, classCount)
    case 'vote-labels': {
      const shares = new Float32Array(rows * classCount)
      for (const p of mapped()) argmax(p, rows, classCount).forEach((u, r) => { shares[r * classCount + u] += 1 })
      return { labels: argmax(shares, rows, classCount) }
    }
    case 'linear-head': {
      const x = new Float32Array(rows * combiner.inputs)
      for (let r = 0; r < rows; r++) {
        let j = 0
        for (let c = 0; c < d; c++, j++) {
          const v = features[r * d + c]
          x[r * combiner.inputs + j] = Number.isNaN(v) ? combiner.featureFill[c] : v
        }
        for (const o of outputs) for (let k = 0; k < o.width; k++, j++) x[r * combiner.inputs + j] = o.values[r * o.width + k]
      }
      if (combiner.inputCenter && combiner.inputScale) {
        for (let i = 0; i < x.length; i++) {
          const j = i % combiner.inputs
          x[i] = (x[i] - combiner.inputCenter[j]) / combiner.inputScale[j]
        }
      }
      const y = new Float32Array(rows * combiner.outputs)
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < combiner.outputs; k++) {
          let s = combiner.bias[k]
          for (let j = 0; j < combiner.inputs; j++) s += x[r * combiner.inputs + j] * combiner.weights[j * combiner.outputs + k]
          y[r * combiner.outputs + k] = s
        }
      }
      if (plan.task === 'regression') return { values: y }
      return withLabels(softmax(y, rows, combiner.outputs), rows, combiner.outputs)
    }
    case 'selector': {
      const session = await ort.InferenceSession.create(combiner.selectorOnnx)
      const fill = combiner.featureFill ?? plan.inputEncoding.features.map((f) => f.fill)
      const filled = features.map((v, i) => (Number.isNaN(v) ? fill[i % d] : v))
      const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', filled, [rows, d]) })
      const route = argmax(result[combiner.selectorOutputName].data as Float32Array, rows, plan.members.length)
      await session.release()
      if (plan.task === 'regression') {
        const values = new Float32Array(rows)
        route.forEach((i, r) => { values[r] = column0(outputs[i], rows)[r] })
        return { values }
      }
      const all = mapped()
      const probabilities = new Float32Array(rows * classCount)
      route.forEach((i, r) => probabilities.set(all[i].subarray(r * classCount, (r + 1) * classCount), r * classCount))
      return withLabels(probabilities, rows, classCount)
    }
  }
}

async function runMember(member: PlanMember, features: Float32Array, rows: number, d: number): Promise<{ values: Float32Array; width: number }> {
  const inputs = member.sourceColumns.length
  const x = new Float32Array(rows * inputs)
  for (let r = 0; r < rows; r++) {
    member.sourceColumns.forEach((c, j) => {
      let v = c >= 0 ? features[r * d + c] : NaN
      const table = member.recode?.[j]
      if (table && !Number.isNaN(v)) v = table[v] ?? NaN
      if (Number.isNaN(v)) v = member.fillValues[j]
      if (member.standardization) v = (v - member.standardization.mean[j]) / member.standardization.scale[j]
      x[r * inputs + j] = v
    })
  }
  const session = await ort.InferenceSession.create(member.onnxModel)
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [rows, inputs]) }, [member.outputName])
  await session.release()
  const values = Float32Array.from(result[member.outputName].data as Float32Array)
  return { values, width: values.length / rows }
}

function mapClasses(member: PlanMember, output: { values: Float32Array; width: number }, rows: number, classCount: number): Float32Array {
  const mapped = new Float32Array(rows * classCount)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < output.width; c++) {
      const u = member.classMap?.[c] ?? -1
      if (u >= 0) mapped[r * classCount + u] += output.values[r * output.width + c]
    }
  }
  return mapped
}

function column0(output: { values: Float32Array; width: number }, rows: number): Float32Array {
  return Float32Array.from({ length: rows }, (_, r) => output.values[r * output.width])
}

function mean(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays[0].length)
  for (const a of arrays) for (let i = 0; i < out.length; i++) out[i] += a[i] / arrays.length
  return out
}

function argmax(values: ArrayLike<number>, rows: number, width: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, r) => {
    let best = 0
    for (let c = 1; c < width; c++) if (values[r * width + c] > values[r * width + best]) best = c
    return best
  })
}

function softmax(y: Float32Array, rows: number, width: number): Float32Array {
  const out = new Float32Array(y.length)
  for (let r = 0; r < rows; r++) {
    let max = -Infinity
    for (let k = 0; k < width; k++) max = Math.max(max, y[r * width + k])
    let sum = 0
    for (let k = 0; k < width; k++) sum += (out[r * width + k] = Math.exp(y[r * width + k] - max))
    for (let k = 0; k < width; k++) out[r * width + k] /= sum
  }
  return out
}

function withLabels(probabilities: Float32Array, rows: number, classCount: number): Replayed {
  return { probabilities, labels: argmax(probabilities, rows, classCount) }
}
