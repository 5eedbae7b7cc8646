/**
 * EnsemblePruning (Beimingwu's EnsemblePruningReuser, reference §7.3): on the user's labelled rows, choose
 * the subset of members that votes (or averages) best, by MDEP's multi-objective search (mdep.ts), then
 * combine only those. The objectives are the reference's, all minimised:
 *   regression              [MSE of the subset's mean prediction, |v|]
 *   classification, y ∈ {0,1}  votes and labels as ±1; margin_n = mean over the subset of vote·y_n;
 *                           [std(margin)/mean(margin) (1e5 when mean ≤ 0), #errors, |v|]
 *   classification, other   per row the top label (count f1, ties → smallest) and runner-up count f2;
 *                           margin = f1 − f2 when the top label is right, else (votes for y) − f1, over |v|;
 *                           same three objectives
 * where #errors counts margin < 0 as 1 and margin = 0 as ½. A member's vote is the argmax of its mapped
 * probabilities. The reference uses NSGA-III for the binary case; NSGA-II is used throughout here (with at
 * most 25 members the fronts are small and crowding suffices). The kept subset has the fewest errors (least
 * MSE), then the fewest members. With one or two members there is nothing to search: all are kept.
 *
 * Example:
 *   const reuser = new EnsemblePruningReuser(members, context, { maxGenerations: 300 })
 *   await reuser.fit(labelledRows, { onProgress })
 *   reuser.summary().selectedIds     // ['lwd-00000003', 'lwd-00000007']
 *   reuser.toPlan().combiner         // { kind: 'vote-labels' } over the kept members
 */

import { LearnwareError } from '../errors'
import { combineOutputs, combinerFor, resolveMode } from './averaging'
import { argmaxRows } from './combine'
import { FitProgress } from './fitProgress'
import { mappedProbabilities, type MemberOutput, type ReuseMember } from './members'
import { searchSubsets, type SubsetProblem } from './mdep'
import { ReuserBase } from './reuserBase'
import type { AveragingMode, FitOptions, LabelledData, PredictOptions, ReuseContext, ReuseData, ReusePrediction, ReuserOptions, ReuseSummary } from './types'
import { labelledRows, subsetData } from './userRows'

export class EnsemblePruningReuser extends ReuserBase {
  readonly method = 'ensemble-pruning'
  readonly needsLabels = true
  readonly mode: AveragingMode
  private selected: ReuseMember[] | null = null
  private readonly fitNotes: string[] = []

  constructor(members: ReuseMember[], context: ReuseContext, options: ReuserOptions = {}) {
    super(members, context, options)
    this.mode = resolveMode(options.mode, context, 'vote_by_label')
  }

  async fit(data: LabelledData, options: FitOptions = {}): Promise<void> {
    const progress = new FitProgress('reuse ensemble-pruning', options)
    progress.start()
    const kept = labelledRows(data, this.context.task, 'EnsemblePruning')
    const rows = subsetData(data, kept)
    const outputs = await this.runMembers(this.members, rows, options.signal, (done) => progress.report(0.5 * (done / this.members.length), 'members predicted'))
    this.fitNotes.length = 0
    if (this.members.length <= 2) {
      this.selected = [...this.members]
      this.fitNotes.push(`With ${this.members.length} learnware${this.members.length === 1 ? '' : 's'} there is no subset to choose: all are kept.`)
    } else {
      const problem = this.context.task === 'regression'
        ? regressionProblem(outputs, Float64Array.from(kept, (r) => data.targets![r]))
        : classificationProblem(this.members.map((m, i) => argmaxRows(mappedProbabilities(m, outputs[i], this.classCount), rows.rows, this.classCount)), Int32Array.from(kept, (r) => data.labels![r]), this.classCount)
      const result = searchSubsets(problem, {
        seed: this.context.seed ?? 0,
        errorObjective: this.context.task === 'regression' ? 0 : 1,
        maxGenerations: this.options.maxGenerations,
        patience: this.options.patience,
        signal: options.signal,
        onGeneration: (generation, max) => progress.report(0.5 + 0.5 * (generation / max))
      })
      this.selected = this.members.filter((_, i) => result.best[i] === 1)
      this.fitNotes.push(`Kept ${this.selected.length} of ${this.members.length} learnwares after ${result.generations} generation${result.generations === 1 ? '' : 's'}${result.converged ? ' (the front stopped changing)' : ''}.`)
    }
    progress.done()
  }

  async predict(data: ReuseData, options: PredictOptions = {}): Promise<ReusePrediction> {
    const selected = this.requireFitted()
    const outputs = await this.runMembers(selected, data, options.signal)
    return combineOutputs(selected, outputs, this.mode, this.classCount)
  }

  toPlan() {
    return this.plan(this.requireFitted(), combinerFor(this.mode))
  }

  override summary(): ReuseSummary {
    return { ...super.summary(), ...(this.selected ? { selectedIds: this.selected.map((m) => m.learnware.id) } : {}), notes: [...this.fitNotes] }
  }

  private requireFitted(): ReuseMember[] {
    if (this.selected) return this.selected
    throw new LearnwareError('REUSE_NOT_FITTED', 'EnsemblePruning has not chosen its learnwares yet', {
      hint: 'Fit it on labelled rows of your data first.'
    })
  }
}

export function regressionProblem(outputs: readonly MemberOutput[], targets: Float64Array): SubsetProblem {
  const rows = targets.length
  const mean = new Float64Array(rows)
  return {
    size: outputs.length,
    objectives(bits) {
      mean.fill(0)
      let k = 0
      outputs.forEach((output, i) => {
        if (!bits[i]) return
        k++
        for (let r = 0; r < rows; r++) mean[r] += output.values[r * output.width]
      })
      let squared = 0
      for (let r = 0; r < rows; r++) squared += (mean[r] / k - targets[r]) ** 2
      return [squared / rows, k]
    }
  }
}

export function classificationProblem(votes: readonly Int32Array[], labels: Int32Array, classCount: number): SubsetProblem {
  const binary = labels.every((y) => y === 0 || y === 1)
  const rows = labels.length
  const width = Math.max(classCount, 2)
  // votes as one member-major matrix, walked member by member over contiguous rows
  const voteMatrix = new Int32Array(votes.length * rows)
  votes.forEach((v, i) => voteMatrix.set(v, i * rows))
  const margins = new Float64Array(rows)
  const counts = new Int32Array(rows * width)
  return {
    size: votes.length,
    objectives(bits) {
      const selected: number[] = []
      bits.forEach((bit, i) => { if (bit === 1) selected.push(i) })
      if (binary) binaryMargins(voteMatrix, selected, labels, margins)
      else pluralityMargins(voteMatrix, selected, labels, width, counts, margins)
      let errors = 0
      let sum = 0
      for (let r = 0; r < rows; r++) {
        sum += margins[r]
        if (margins[r] < 0) errors += 1
        else if (margins[r] === 0) errors += 0.5
      }
      const mean = sum / rows
      let variance = 0
      for (let r = 0; r < rows; r++) variance += (margins[r] - mean) ** 2
      const ratio = mean > 0 ? Math.sqrt(variance / rows) / mean : 1e5
      return [ratio, errors, selected.length]
    }
  }
}

/** Votes and labels as ±1: margin = mean over the subset of vote·y. */
function binaryMargins(voteMatrix: Int32Array, selected: readonly number[], labels: Int32Array, margins: Float64Array): void {
  const rows = labels.length
  margins.fill(0)
  for (const i of selected) {
    const base = i * rows
    for (let r = 0; r < rows; r++) margins[r] += (voteMatrix[base + r] === 1) === (labels[r] === 1) ? 1 : -1
  }
  for (let r = 0; r < rows; r++) margins[r] /= selected.length
}

/** (f1 − f2) when the plurality is right, else (votes for y) − f1; over the subset size. */
function pluralityMargins(voteMatrix: Int32Array, selected: readonly number[], labels: Int32Array, width: number, counts: Int32Array, margins: Float64Array): void {
  const rows = labels.length
  counts.fill(0)
  for (const i of selected) {
    const base = i * rows
    for (let r = 0; r < rows; r++) {
      const vote = voteMatrix[base + r]
      if (vote >= 0) counts[r * width + vote]++
    }
  }
  for (let r = 0; r < rows; r++) {
    const base = r * width
    let top = 0
    for (let c = 1; c < width; c++) if (counts[base + c] > counts[base + top]) top = c
    let runnerUp = 0
    for (let c = 0; c < width; c++) if (c !== top && counts[base + c] > runnerUp) runnerUp = counts[base + c]
    const margin = top === labels[r] ? counts[base + top] - runnerUp : counts[base + labels[r]] - counts[base + top]
    margins[r] = margin / selected.length
  }
}
