/**
 * The plan's predictions computed the way the app computes them, *without* the composed graph: columns
 * gathered, filled and standardised in TypeScript, each member's own ONNX model run through the runtime's
 * `OnnxModelCache` (the same path `predictLearnwareRows` takes), classes mapped and the combiner applied in
 * TypeScript (float64). The verification compares the exported graph against this, so a wrong graph —
 * columns swapped, a class map transposed, a vote that ties the other way — is caught.
 *
 * Rows whose answer hinges on scores within float32 rounding of each other (two classes equally likely,
 * a selector torn between two members) are listed in `nearTies`: float32 inside the graph may break such
 * a tie the other way, which is not a bug.
 *
 * Example:
 *   const reference = await evaluatePlanInTs(plan, features, rows, { cache })
 *   reference.labels          // Int32Array, user class index per row
 *   reference.probabilities   // Float32Array rows × classes (vote-labels: vote shares)
 */

import { LearnwareError } from '../errors'
import type { Cancellable } from '../progress'
import { OnnxModelCache } from '../runtime'
import { argmaxRows, linearHeadRows, meanRows, selectRows, voteShareRows, type RowScores } from './planCombinersTs'
import type { PlanMember, ReusePlan } from './plan'
import { memberLabel, validatePlan } from './planChecks'

export interface PlanPrediction {
  task: ReusePlan['task']
  rows: number
  /** Classes (classification) or values per row (regression). */
  width: number
  /** Classification: user class index per row. */
  labels: Int32Array | null
  /** Classification: rows × classes, row-major. */
  probabilities: Float32Array | null
  /** Regression: rows × width, row-major. */
  values: Float32Array | null
  /** Rows whose label or selector choice is a tie within float32 rounding. */
  nearTies: number[]
}

export interface EvaluatePlanOptions extends Cancellable {
  /** Sessions to reuse; without one a private cache is made and released. */
  cache?: OnnxModelCache
  timeoutMs?: number
}

export async function evaluatePlanInTs(plan: ReusePlan, features: Float32Array, rows: number, options: EvaluatePlanOptions = {}): Promise<PlanPrediction> {
  validatePlan(plan)
  const featureCount = plan.inputEncoding.features.length
  if (features.length !== rows * featureCount) {
    throw new LearnwareError('DATA_BAD_VALUE', `${features.length} feature values do not make ${rows} rows of the plan's ${featureCount} columns`)
  }
  const cache = options.cache ?? new OnnxModelCache({ maxModels: plan.members.length + 1 })
  try {
    const outputs: RowScores[] = []
    for (let i = 0; i < plan.members.length; i++) outputs.push(await runMember(plan, i, features, rows, cache, options))
    // awaited here, so the private cache is not released while the selector still runs
    return await combine(plan, outputs, features, rows, cache, options)
  } finally {
    if (!options.cache) await cache.dispose()
  }
}

/** Column selection, re-coding, fill and standardisation in TypeScript: rows × model inputs, float32 as the model sees them. */
export function memberInputRows(member: PlanMember, features: Float32Array, rows: number, featureCount: number): Float32Array {
  const inputs = member.sourceColumns.length
  const out = new Float32Array(rows * inputs)
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < inputs; j++) {
      const column = member.sourceColumns[j]
      let value = column < 0 ? NaN : features[r * featureCount + column]
      const table = member.recode?.[j]
      if (table && !Number.isNaN(value)) value = value < 0 || value > table.length - 1 ? NaN : (table[Math.trunc(value)] ?? NaN)
      if (Number.isNaN(value)) value = member.fillValues[j]
      if (member.standardization) value = (Math.fround(value) - member.standardization.mean[j]) / member.standardization.scale[j]
      out[r * inputs + j] = value
    }
  }
  return out
}

async function runMember(plan: ReusePlan, index: number, features: Float32Array, rows: number, cache: OnnxModelCache, options: EvaluatePlanOptions): Promise<RowScores> {
  const member = plan.members[index]
  const source = memberLabel(plan, index)
  const input = memberInputRows(member, features, rows, plan.inputEncoding.features.length)
  const task = member.outputKind === 'probabilities' ? 'classification' : 'regression'
  const prediction = await cache.use(
    member.onnxModel,
    (model) => model.predict(input, rows, member.sourceColumns.length, { task, timeoutMs: options.timeoutMs, signal: options.signal }),
    { source }
  )
  if (prediction.task === 'regression') return { values: Float64Array.from(prediction.values), width: prediction.targetsPerRow }
  if (!prediction.probabilities || !prediction.classCount) {
    throw new LearnwareError('EXPORT_PLAN_INVALID', `${source}: its model gives no class probabilities the runtime can read`, {
      hint: 'Members of a classification plan must output probabilities [N, classes].'
    })
  }
  const width = prediction.classCount
  if (!member.classMap) return { values: Float64Array.from(prediction.probabilities), width }
  if (member.classMap.length !== width) {
    throw new LearnwareError('EXPORT_PLAN_INVALID', `${source}: its model gives ${width} class probabilities but its classMap has ${member.classMap.length} entries`)
  }
  return mapClasses(prediction.probabilities, rows, member.classMap, plan.classNames!.length)
}

/** Probabilities of member classes summed into the user's classes; unmapped classes are dropped. */
export function mapClasses(probabilities: ArrayLike<number>, rows: number, classMap: readonly number[], classCount: number): RowScores {
  const memberClasses = classMap.length
  const values = new Float64Array(rows * classCount)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < memberClasses; c++) {
      const target = classMap[c]
      if (target >= 0) values[r * classCount + target] += probabilities[r * memberClasses + c]
    }
  }
  return { values, width: classCount }
}

async function combine(plan: ReusePlan, outputs: RowScores[], features: Float32Array, rows: number, cache: OnnxModelCache, options: EvaluatePlanOptions): Promise<PlanPrediction> {
  const { combiner } = plan
  const featureCount = plan.inputEncoding.features.length
  const nearTies = new Set<number>()
  let scores: RowScores
  let softmax = false
  switch (combiner.kind) {
    case 'single':
      scores = outputs[0]
      break
    case 'mean-probabilities':
    case 'mean-values':
      scores = meanRows(outputs, rows)
      break
    case 'vote-labels':
      scores = voteShareRows(outputs, rows, nearTies)
      break
    case 'linear-head':
      scores = linearHeadRows(features, rows, featureCount, outputs, combiner)
      softmax = true
      break
    case 'selector': {
      const fill = combiner.featureFill ?? plan.inputEncoding.features.map((f) => f.fill)
      const selectorInput = features.map((value, i) => (Number.isNaN(value) ? fill[i % featureCount] : value))
      const selection = await cache.use(
        combiner.selectorOnnx,
        (model) => model.predict(selectorInput, rows, featureCount, { task: 'classification', timeoutMs: options.timeoutMs, signal: options.signal }),
        { source: 'the selector model' }
      )
      if (selection.task !== 'classification' || !selection.probabilities || selection.classCount !== plan.members.length) {
        throw new LearnwareError('EXPORT_PLAN_INVALID', `the selector model must give ${plan.members.length} member probabilities per row`)
      }
      const choice = argmaxRows({ values: Float64Array.from(selection.probabilities), width: plan.members.length }, rows, nearTies)
      scores = selectRows(outputs, choice, rows)
      break
    }
  }
  // Vote counts are exact in float32 too: a tied vote goes to the smallest class in both, so it is no near-tie.
  const labelTies = combiner.kind === 'vote-labels' ? new Set<number>() : nearTies
  return finish(plan, scores, rows, softmax, nearTies, labelTies)
}

function finish(plan: ReusePlan, scores: RowScores, rows: number, softmax: boolean, nearTies: Set<number>, labelTies: Set<number>): PlanPrediction {
  if (plan.task === 'regression') {
    return { task: 'regression', rows, width: scores.width, labels: null, probabilities: null, values: Float32Array.from(scores.values), nearTies: [...nearTies].sort((a, b) => a - b) }
  }
  const classCount = plan.classNames!.length
  if (scores.width !== classCount) {
    throw new LearnwareError('EXPORT_PLAN_INVALID', `the combined output has ${scores.width} columns for ${classCount} user classes`, {
      hint: 'A member without a classMap must give exactly the user\'s classes, in the user\'s order.'
    })
  }
  const probabilities = softmax ? softmaxRows(scores) : scores
  const labels = argmaxRows(softmax ? scores : probabilities, rows, labelTies)
  return { task: 'classification', rows, width: classCount, labels, probabilities: Float32Array.from(probabilities.values), values: null, nearTies: [...nearTies].sort((a, b) => a - b) }
}

function softmaxRows(scores: RowScores): RowScores {
  const { values, width } = scores
  const out = new Float64Array(values.length)
  for (let base = 0; base < values.length; base += width) {
    let max = -Infinity
    for (let c = 0; c < width; c++) max = Math.max(max, values[base + c])
    let sum = 0
    for (let c = 0; c < width; c++) sum += out[base + c] = Math.exp(values[base + c] - max)
    for (let c = 0; c < width; c++) out[base + c] /= sum
  }
  return { values: out, width }
}
