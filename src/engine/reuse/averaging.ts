/**
 * Single (the top-ranked learnware alone) and Averaging (Beimingwu's AveragingReuser, §7.1): no labels,
 * no fitting — every member predicts, and the outputs are combined by `mode`:
 *   mean           mean of the values (regression; per target, unlike the reference, which averages all
 *                  output columns together)
 *   vote_by_label  majority vote of the members' labels, ties → the smallest user class
 *   vote_by_prob   mean of the members' class probabilities mapped to the user's classes. The reference
 *                  softmaxes each member's raw output first; our members' outputs are already probabilities
 *                  (the runner reads a model's probability output), so they are averaged as they are.
 *
 * Example:
 *   const reuser = new AveragingReuser(members, context, { mode: 'vote_by_prob' })
 *   const { labels, probabilities } = await reuser.predict(data)
 *   reuser.toPlan().combiner     // { kind: 'mean-probabilities' }
 */

import type { PlanCombiner } from '../export/plan'
import { LearnwareError } from '../errors'
import { argmaxRows, meanOf, voteShares } from './combine'
import { mappedProbabilities, type MemberOutput, type ReuseMember } from './members'
import { ReuserBase } from './reuserBase'
import type { AveragingMode, PredictOptions, ReuseContext, ReuseData, ReusePrediction, ReuserOptions } from './types'

export class SingleReuser extends ReuserBase {
  readonly method = 'single'
  readonly needsLabels = false

  constructor(members: ReuseMember[], context: ReuseContext, options: ReuserOptions = {}) {
    super(members.slice(0, 1), context, options)
  }

  async predict(data: ReuseData, options: PredictOptions = {}): Promise<ReusePrediction> {
    const [output] = await this.runMembers(this.members, data, options.signal)
    return this.memberPrediction(this.members[0], output)
  }

  toPlan() {
    return this.plan(this.members, { kind: 'single' })
  }
}

export class AveragingReuser extends ReuserBase {
  readonly method = 'averaging'
  readonly needsLabels = false
  readonly mode: AveragingMode

  constructor(members: ReuseMember[], context: ReuseContext, options: ReuserOptions = {}) {
    super(members, context, options)
    this.mode = resolveMode(options.mode, context, 'vote_by_prob')
  }

  async predict(data: ReuseData, options: PredictOptions = {}): Promise<ReusePrediction> {
    const outputs = await this.runMembers(this.members, data, options.signal)
    return combineOutputs(this.members, outputs, this.mode, this.classCount)
  }

  toPlan() {
    return this.plan(this.members, combinerFor(this.mode))
  }
}

/** The mode for the task: `mean` for regression, else `fallback` unless the caller chose a voting mode. */
export function resolveMode(mode: AveragingMode | undefined, context: ReuseContext, fallback: AveragingMode): AveragingMode {
  if (context.task === 'regression') {
    if (mode !== undefined && mode !== 'mean') {
      throw new LearnwareError('USAGE', `Averaging mode "${mode}" is for classification; a regression task averages with "mean"`)
    }
    return 'mean'
  }
  if (mode === 'mean') {
    throw new LearnwareError('USAGE', 'Averaging mode "mean" is for regression; choose "vote_by_prob" or "vote_by_label" for classification')
  }
  return mode ?? fallback
}

export function combinerFor(mode: AveragingMode): PlanCombiner {
  return mode === 'mean' ? { kind: 'mean-values' } : mode === 'vote_by_prob' ? { kind: 'mean-probabilities' } : { kind: 'vote-labels' }
}

/** Combines members' raw outputs (same rows) by mode, in the user's classes. */
export function combineOutputs(members: readonly ReuseMember[], outputs: readonly MemberOutput[], mode: AveragingMode, classCount: number): ReusePrediction {
  const rows = outputs[0]?.rows ?? 0
  if (mode === 'mean') {
    const values = new Float64Array(rows)
    for (const output of outputs) for (let r = 0; r < rows; r++) values[r] += output.values[r * output.width] / outputs.length
    return { values }
  }
  const mapped = outputs.map((output, i) => mappedProbabilities(members[i], output, classCount))
  const probabilities = mode === 'vote_by_prob'
    ? meanOf(mapped)
    : voteShares(mapped.map((p) => argmaxRows(p, rows, classCount)), rows, classCount)
  return { probabilities, labels: argmaxRows(probabilities, rows, classCount) }
}
