/**
 * JobSelector (Beimingwu's JobSelectorReuser, reference §7.2): each user row is predicted by the one member
 * whose data it most resembles. Fitting needs the user's rows but no labels:
 *   1. weights w on the simplex from the user's RKME against the members' specs (mixtureWeights.ts);
 *   2. nᵢ = max(5, ⌊1000·wᵢ⌋) rows herded from member i's spec (§3.5), on the routing columns, labelled i —
 *      herded in the learnware's own column space and mapped back to the user's columns through the
 *      alignment, so the router learns in the space of the rows it will route;
 *   3. a router (selectorModel.ts) trained on them.
 * Unlike the reference no validation split is held back: it only printed the router's accuracy before a refit
 * on all herded rows. Predicting routes each row, runs each member on its rows only and scatters the outputs.
 * When `predict` comes before `fit`, the rows being predicted are the user's data (the reference's way).
 *
 * Example:
 *   const reuser = new JobSelectorReuser(members, context, { herdingSamples: 1000 })
 *   await reuser.fit(userRows, { onProgress })
 *   reuser.summary().weights        // [0.62, 0.38]
 *   reuser.toPlan().combiner        // { kind: 'selector', selectorOnnx, selectorOutputName: 'probabilities' }
 */

import { LearnwareError } from '../errors'
import { herdRkmeTable } from '../spec'
import { argmaxRows } from './combine'
import { FitProgress } from './fitProgress'
import { checkUserData, type ReuseMember } from './members'
import { mixtureWeights, projectSpec, routingColumns, type RoutingColumns } from './mixtureWeights'
import { ReuserBase } from './reuserBase'
import { RoutingSelector, SELECTOR_OUTPUT, trainRoutingSelector } from './selectorModel'
import type { FitOptions, LabelledData, PredictOptions, ReuseContext, ReuseData, ReusePrediction, ReuserOptions, ReuseSummary } from './types'
import { columnMeans, imputeRows, subsetData } from './userRows'

/** Candidates per herded row: the reference's 100 makes herding 1000 rows take seconds (it is O(T²)). */
const DEFAULT_HERDING_CANDIDATES = 20

export class JobSelectorReuser extends ReuserBase {
  readonly method = 'job-selector'
  readonly needsLabels = false
  private selector: RoutingSelector | null = null
  private weights: Float64Array | null = null
  private readonly fitNotes: string[] = []

  constructor(members: ReuseMember[], context: ReuseContext, options: ReuserOptions = {}) {
    super(members, context, options)
  }

  async fit(data: LabelledData, options: FitOptions = {}): Promise<void> {
    checkUserData(data, this.context)
    const progress = new FitProgress('reuse job-selector', options)
    progress.start()
    const seed = this.context.seed ?? 0
    const fill = columnMeans(data.features, data.rows, data.featuresPerRow)
    const space = routingColumns(this.members)
    const userRows = imputeRows(data.features, data.rows, data.featuresPerRow, fill)
    this.fitNotes.length = 0
    let weights: Float64Array
    if (this.members.length === 1) {
      weights = Float64Array.of(1)
    } else {
      const mixture = mixtureWeights(this.members, space, userRows, data.rows, { seed, maxUserRows: this.options.maxUserRows })
      weights = mixture.weights
      this.fitNotes.push(`Weights from the user's RKME on ${space.userColumns.length} shared column${space.userColumns.length === 1 ? '' : 's'} at γ = ${mixture.gamma} (mixture MMD² ${mixture.mmd2.toPrecision(3)}).`)
    }
    progress.report(0.1, 'mixture weights')
    const herded = this.herd(space, weights, seed, progress)
    progress.check()
    this.selector = trainRoutingSelector(herded.rows, herded.memberOfRow, {
      memberCount: this.members.length,
      userWidth: data.featuresPerRow,
      userColumns: space.userColumns,
      fill,
      kind: this.options.selectorModel ?? 'mlp',
      seed,
      signal: options.signal
    })
    this.weights = weights
    progress.done()
  }

  /** nᵢ herded rows per member on the routing columns (member i's column order mapped to the user's). */
  private herd(space: RoutingColumns, weights: Float64Array, seed: number, progress: FitProgress): { rows: Float64Array; memberOfRow: Int32Array } {
    if (this.members.length === 1) return { rows: new Float64Array(0), memberOfRow: new Int32Array(0) }
    const total = this.options.herdingSamples ?? 1000
    const counts = this.members.map((_, i) => Math.max(5, Math.floor(total * weights[i])))
    const width = space.userColumns.length
    const rows = new Float64Array(counts.reduce((a, b) => a + b, 0) * width)
    const memberOfRow = new Int32Array(rows.length / width)
    const costs = counts.map((n) => n * n)
    const totalCost = costs.reduce((a, b) => a + b, 0)
    let offset = 0
    let done = 0
    this.members.forEach((member, i) => {
      progress.check()
      const spec = projectSpec(member.learnware.spec!, space.memberInputs[i], member.learnware.spec!.gamma)
      rows.set(herdRkmeTable(spec, counts[i], { seed: seed + i, candidatesPerSample: this.options.herdingCandidates ?? DEFAULT_HERDING_CANDIDATES }), offset * width)
      memberOfRow.fill(i, offset, offset + counts[i])
      offset += counts[i]
      done += costs[i]
      progress.report(0.1 + 0.7 * (done / totalCost), `herded ${counts[i]} rows from ${member.learnware.name}`)
    })
    return { rows, memberOfRow }
  }

  async predict(data: ReuseData, options: PredictOptions = {}): Promise<ReusePrediction> {
    if (!this.selector) await this.fit(data, { signal: options.signal })
    const route = this.selector!.route(data.features, data.rows)
    const classification = this.context.task === 'classification'
    const width = classification ? this.classCount : 1
    const combined = new Float64Array(data.rows * width)
    for (let i = 0; i < this.members.length; i++) {
      const rowsOfMember = Int32Array.from(route.keys()).filter((r) => route[r] === i)
      if (rowsOfMember.length === 0) continue
      const [output] = await this.runMembers([this.members[i]], subsetData(data, rowsOfMember), options.signal)
      const prediction = this.memberPrediction(this.members[i], output)
      const source = classification ? prediction.probabilities! : prediction.values!
      rowsOfMember.forEach((r, k) => combined.set(source.subarray(k * width, (k + 1) * width), r * width))
    }
    if (!classification) return { values: combined }
    const probabilities = Float32Array.from(combined)
    return { probabilities, labels: argmaxRows(probabilities, data.rows, width) }
  }

  toPlan() {
    if (!this.selector) throw notFitted()
    return this.plan(this.members, {
      kind: 'selector',
      selectorOnnx: this.selector.toOnnx(),
      selectorOutputName: SELECTOR_OUTPUT,
      featureFill: Array.from(this.selector.options.fill)
    })
  }

  override summary(): ReuseSummary {
    return { ...super.summary(), ...(this.weights ? { weights: Array.from(this.weights) } : {}), notes: [...this.fitNotes] }
  }
}

function notFitted(): LearnwareError {
  return new LearnwareError('REUSE_NOT_FITTED', 'JobSelector has not seen your data yet, so it has no router to export', {
    hint: 'Fit it on your rows (no labels needed) or predict once, then export.'
  })
}
