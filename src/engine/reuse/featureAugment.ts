/**
 * FeatureAugment (Beimingwu's FeatureAugmentReuser, reference §7.4): the members' raw outputs become extra
 * features next to the user's own, and a linear head learns from the user's labelled rows what to make of
 * them (linearHead.ts: ridge with CV over α for regression, softmax regression with CV over C for
 * classification). Because the head *learns* how outputs relate to the user's labels, members need no class
 * mapping and need not even share the user's task: a regressor's values can help a classification and a
 * learnware with other class names still contributes — the way out when label mapping fails.
 *
 * Inputs to the head, in the order the plan's `linear-head` combiner feeds them: the user's features (NaN →
 * the column mean of the fitting rows, `featureFill`), then each member's outputs (all probability columns or
 * values, in the model's own order), member by member.
 *
 * Example:
 *   const reuser = new FeatureAugmentReuser(members, context, { folds: 5 })
 *   await reuser.fit(labelledRows)
 *   reuser.summary().penalty        // { name: 'C', value: 0.359, cvScore: 0.94 }
 *   reuser.toPlan().combiner        // { kind: 'linear-head', weights, bias, inputs: 13 + 3 + 3, outputs: 3, featureFill }
 */

import { LearnwareError } from '../errors'
import { argmaxRows } from './combine'
import { FitProgress } from './fitProgress'
import { applyHead, fitClassifierHead, fitRegressorHead, type HeadFit, type LinearHead } from './linearHead'
import type { MemberOutput, ReuseMember } from './members'
import { ReuserBase } from './reuserBase'
import type { FitOptions, LabelledData, PredictOptions, ReuseContext, ReuseData, ReusePrediction, ReuserOptions, ReuseSummary } from './types'
import { columnMeans, labelledRows, subsetData } from './userRows'

export class FeatureAugmentReuser extends ReuserBase {
  readonly method = 'feature-augment'
  readonly needsLabels = true
  private fitted: { head: LinearHead; featureFill: Float64Array; penalty: HeadFit['penalty'] } | null = null

  constructor(members: ReuseMember[], context: ReuseContext, options: ReuserOptions = {}) {
    super(members, context, options)
  }

  async fit(data: LabelledData, options: FitOptions = {}): Promise<void> {
    const progress = new FitProgress('reuse feature-augment', options)
    progress.start()
    const kept = labelledRows(data, this.context.task, 'FeatureAugment')
    const rows = subsetData(data, kept)
    const featureFill = columnMeans(rows.features, rows.rows, rows.featuresPerRow)
    const outputs = await this.runMembers(this.members, rows, options.signal, (done) => progress.report(0.3 * (done / this.members.length), 'members predicted'))
    const x = augmentedRows(rows, featureFill, outputs)
    const cols = x.length / rows.rows
    const headOptions = {
      seed: this.context.seed ?? 0,
      folds: this.options.folds,
      signal: options.signal,
      onFit: (done: number, total: number) => progress.report(0.3 + 0.7 * (done / total), 'cross-validation')
    }
    const fit = this.context.task === 'classification'
      ? fitClassifierHead(x, rows.rows, cols, Int32Array.from(kept, (r) => data.labels![r]), this.classCount, { ...headOptions, penalties: this.options.cValues })
      : fitRegressorHead(x, rows.rows, cols, Float64Array.from(kept, (r) => data.targets![r]), { ...headOptions, penalties: this.options.alphas })
    this.fitted = { head: fit.head, featureFill, penalty: fit.penalty }
    progress.done()
  }

  async predict(data: ReuseData, options: PredictOptions = {}): Promise<ReusePrediction> {
    const { head, featureFill } = this.requireFitted()
    const outputs = await this.runMembers(this.members, data, options.signal)
    const y = applyHead(head, augmentedRows(data, featureFill, outputs), data.rows)
    if (this.context.task === 'regression') return { values: y }
    const probabilities = Float32Array.from(y)
    return { probabilities, labels: argmaxRows(probabilities, data.rows, head.outputs) }
  }

  toPlan() {
    const { head, featureFill } = this.requireFitted()
    return this.plan(this.members, {
      kind: 'linear-head',
      weights: Float32Array.from(head.weights),
      bias: Float32Array.from(head.bias),
      inputCenter: Float32Array.from(head.center),
      inputScale: Float32Array.from(head.scale),
      inputs: head.inputs,
      outputs: head.outputs,
      featureFill: Array.from(featureFill)
    }, false)
  }

  override summary(): ReuseSummary {
    return { ...super.summary(), ...(this.fitted ? { penalty: this.fitted.penalty } : {}), notes: [] }
  }

  private requireFitted(): NonNullable<FeatureAugmentReuser['fitted']> {
    if (this.fitted) return this.fitted
    throw new LearnwareError('REUSE_NOT_FITTED', 'FeatureAugment has not learnt its head yet', { hint: 'Fit it on labelled rows of your data first.' })
  }
}

/** Row-major [user features (NaN → fill), member 1 outputs, member 2 outputs, …]. */
function augmentedRows(data: ReuseData, featureFill: Float64Array, outputs: readonly MemberOutput[]): Float64Array {
  const d = data.featuresPerRow
  const cols = d + outputs.reduce((sum, o) => sum + o.width, 0)
  const x = new Float64Array(data.rows * cols)
  for (let r = 0; r < data.rows; r++) {
    const base = r * cols
    for (let j = 0; j < d; j++) {
      const value = data.features[r * d + j]
      x[base + j] = Number.isNaN(value) ? featureFill[j] : value
    }
    let offset = base + d
    for (const output of outputs) {
      for (let k = 0; k < output.width; k++) x[offset + k] = output.values[r * output.width + k]
      offset += output.width
    }
  }
  return x
}
