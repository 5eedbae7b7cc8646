/**
 * The candidates a reuse comparison scores, and the adapter that makes one of every reuser: each learnware
 * alone (`single:<id>`), then Averaging, JobSelector, EnsemblePruning and FeatureAugment over all of them.
 * A candidate is a small contract — "fit a fresh model on these labelled table rows, then predict these
 * rows" — so reusers, the baselines (baseline.ts) and a caller's own models are scored the same way.
 *
 * A reuser is created once up front so that an unusable combination (no shared columns, no common class)
 * fails by name before any work, and then afresh for every split, so no split sees another's labels.
 *
 * Example:
 *   const candidates = reuserCandidates({ table, learnwares, methods: ['single', 'averaging'] }, cache, 0)
 *   candidates.map((c) => c.id)                         // ['single:lwd-00000003', 'averaging']
 *   const fitted = await candidates[1].fit(new Uint32Array(0), { table })
 *   const { labels } = await fitted.predict(heldOutRows, { table })
 */

import type { LoadedTable } from '../data'
import type { LearnwareErrorCode } from '../errors'
import type { OnnxModelCache } from '../runtime'
import { createReuser, REUSE_METHODS } from './createReuser'
import type { LabelledData, ReuseContext, ReuseData, ReuseLearnware, ReuseMethod, ReusePrediction, ReuserOptions, ReuseSummary } from './types'

export type CandidateKind = 'reuse' | 'scratch' | 'baseline'
export type CandidateMethod = ReuseMethod | 'scratch' | 'majority' | 'mean'

/** One way of predicting the user's target that the preview scores; reusers and baselines plug in here. */
export interface PreviewCandidate {
  /** Stable key: `single:<learnwareId>`, `averaging`, …, `scratch`, `majority` / `mean`. */
  id: string
  label: string
  kind: CandidateKind
  method: CandidateMethod
  learnwareIds: string[]
  /** False: never sees labels, so it is fitted and run once on all rows. */
  needsLabels: boolean
  /** A fresh model fitted on these labelled rows (table row indices; empty when `needsLabels` is false). */
  fit(labelledRows: Uint32Array, run: CandidateRun): Promise<FittedCandidate>
}

export interface CandidateRun {
  table: LoadedTable
  signal?: AbortSignal
}

export interface FittedCandidate {
  predict(rows: Uint32Array, run: CandidateRun): Promise<CandidatePrediction>
  summary?(): ReuseSummary
}

/** Reusers' and baselines' answers for some rows (class indices into the user's classes, or values). */
export interface CandidatePrediction {
  labels?: Int32Array
  probabilities?: Float32Array | Float64Array
  values?: Float64Array | Float32Array
}

/** What a result says about the candidate it belongs to. */
export interface CandidateInfo {
  id: string
  label: string
  kind: CandidateKind
  method: CandidateMethod
  learnwareIds: string[]
}

/** Why a candidate could not be scored, as the user sees it. */
export interface CandidateError {
  code: LearnwareErrorCode | 'UNEXPECTED'
  message: string
  hint?: string
}

/** Which reusers to build, over which learnwares, for which table. */
export interface CandidateOptions {
  /** The user's table, loaded with its target column. */
  table: LoadedTable
  learnwares: ReuseLearnware[]
  /** Reuse methods to try (default all five; `single` = each learnware alone). */
  methods?: ReuseMethod[]
  /** Options per reuse method (e.g. fewer pruning generations). */
  reuserOptions?: Partial<Record<ReuseMethod, ReuserOptions>>
}

/** How each method is named to the user. */
export const REUSE_METHOD_LABELS: Readonly<Record<ReuseMethod, string>> = {
  single: 'Single',
  averaging: 'Averaging',
  'job-selector': 'JobSelector',
  'ensemble-pruning': 'EnsemblePruning',
  'feature-augment': 'FeatureAugment'
}

export function candidateInfo(candidate: PreviewCandidate): CandidateInfo {
  const { id, label, kind, method, learnwareIds } = candidate
  return { id, label, kind, method, learnwareIds }
}

/** Every single learnware, then the multi-learnware reusers, in the order of REUSE_METHODS. */
export function reuserCandidates(options: CandidateOptions, cache: OnnxModelCache, seed: number): PreviewCandidate[] {
  const { table, learnwares } = options
  const target = table.target!
  const context: ReuseContext = {
    task: target.task,
    ...(target.classes ? { classNames: target.classes } : { targetName: target.name }),
    inputEncoding: table.encoding,
    cache,
    seed
  }
  const methods = new Set(options.methods ?? REUSE_METHODS)
  const candidates: PreviewCandidate[] = []
  for (const method of REUSE_METHODS) {
    if (!methods.has(method)) continue
    const reuserOptions = options.reuserOptions?.[method] ?? {}
    if (method === 'single') {
      for (const learnware of learnwares) {
        const info: ReuserInfo = { id: `single:${learnware.id}`, label: learnware.name, kind: 'reuse', method, learnwareIds: [learnware.id] }
        candidates.push(reuserCandidate(info, [learnware], context, reuserOptions))
      }
    } else {
      const info: ReuserInfo = { id: method, label: REUSE_METHOD_LABELS[method], kind: 'reuse', method, learnwareIds: learnwares.map((l) => l.id) }
      candidates.push(reuserCandidate(info, learnwares, context, reuserOptions))
    }
  }
  return candidates
}

type ReuserInfo = CandidateInfo & { method: ReuseMethod }

/** A reuser as a candidate: a fresh reuser per split, fitted on the labelled rows when it needs labels. */
function reuserCandidate(info: ReuserInfo, learnwares: ReuseLearnware[], context: ReuseContext, options: ReuserOptions): PreviewCandidate {
  const method = info.method
  let needsLabels: boolean
  try {
    // created once up front so an unusable learnware (no shared columns, no common class) fails here, by name
    needsLabels = createReuser(method, learnwares, context, options).needsLabels
  } catch (error) {
    return { ...info, needsLabels: false, fit: () => Promise.reject(error) }
  }
  return {
    ...info,
    needsLabels,
    fit: async (labelledRows, run) => {
      const reuser = createReuser(method, learnwares, context, options)
      if (reuser.needsLabels) await reuser.fit!(labelledData(run.table, labelledRows), { signal: run.signal })
      return {
        predict: (rows, predictRun): Promise<ReusePrediction> => reuser.predict(reuseData(predictRun.table, rows), { signal: predictRun.signal }),
        summary: () => reuser.summary()
      }
    }
  }
}

/** Some rows of the table as a reuser takes them (the table's own matrix when they are all rows, in order). */
export function reuseData(table: LoadedTable, rows: Uint32Array): ReuseData {
  const cols = table.featuresPerRow
  const features = rows.length === table.rowsKept && isIdentity(rows) ? table.matrix : new Float32Array(rows.length * cols)
  if (features !== table.matrix) {
    for (let i = 0; i < rows.length; i++) features.set(table.matrix.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols)
  }
  return { features, rows: rows.length, featuresPerRow: cols, featureNames: table.featureNames }
}

/** Some rows of the table with their class codes (classification) or target values (regression). */
export function labelledData(table: LoadedTable, rows: Uint32Array): LabelledData {
  const target = table.target!
  return target.task === 'classification'
    ? { ...reuseData(table, rows), labels: Int32Array.from(rows, (r) => target.codes![r]) }
    : { ...reuseData(table, rows), targets: Float64Array.from(rows, (r) => target.values![r]) }
}

function isIdentity(rows: Uint32Array): boolean {
  for (let i = 0; i < rows.length; i++) if (rows[i] !== i) return false
  return true
}
