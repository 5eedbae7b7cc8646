/**
 * The contract between reuse and export: a reuse solution described as data — the user's input columns,
 * the learnware models it runs (and how each one's inputs come from the user's columns), and the combiner
 * that turns their outputs into one answer. Reusers produce a plan (`reuser.toPlan()`); the exporter
 * composes it into a single ONNX graph and verifies it reproduces the in-app predictions.
 *
 * Example:
 *   const plan: ReusePlan = reuser.toPlan()
 *   const bundle = await exportBundle(plan, { goldenRows, out: 'bundle.zip' })
 */

import type { TableEncoding } from '../data'

export type ReuseTask = 'classification' | 'regression'

export type ReuseMethod = 'single' | 'averaging' | 'job-selector' | 'ensemble-pruning' | 'feature-augment'

/** One learnware inside a solution. */
export interface PlanMember {
  learnwareId: string
  name: string
  license: string
  /** sha256 of the learnware package, for provenance. */
  packageSha256: string
  /** The learnware's ONNX model (takes raw features in its own column order, float32 [N, inputs]). */
  onnxModel: Uint8Array
  /** For each model input, the index of the user's feature column that feeds it (−1: use `fillValues`). */
  sourceColumns: number[]
  /** Per model input: value used when the user's cell is missing (NaN) or the column is absent. */
  fillValues: number[]
  /**
   * Per model input: null (the user's value passes through), or a table from the user's category code to
   * the value the model was trained with — its own code for that category, or the number the category
   * reads as — with null for categories the learnware never saw (treated as missing, then filled). What
   * `assembleLearnwareRows` does when the learnware's encoding differs from the user's. Absent: no recoding.
   */
  recode?: ((number | null)[] | null)[]
  /** Model output tensor to read: class probabilities [N, C] or regression values [N, k]. */
  outputName: string
  outputKind: 'probabilities' | 'values'
  /** Classification: for each model class index, the user's class index it means (−1: no counterpart). */
  classMap?: number[]
  /**
   * `(x − mean) / scale` per model input, applied after `fillValues` and before the model: for a learnware
   * whose manifest declares `preprocessing: standardize` outside its graph (what `prepareModelInput` does).
   * Absent: the model takes the filled raw features.
   */
  standardization?: { mean: number[]; scale: number[] }
}

export type PlanCombiner =
  /** The one member's output, classes mapped to the user's. */
  | { kind: 'single' }
  /** Mean of the members' (mapped) probabilities, then argmax (Beimingwu's vote_by_prob). */
  | { kind: 'mean-probabilities' }
  /** Majority vote of the members' labels, ties to the smallest user class (vote_by_label). */
  | { kind: 'vote-labels' }
  /** Mean of the members' values (regression). */
  | { kind: 'mean-values' }
  /**
   * FeatureAugment: [user features (NaN → fill), member outputs…] → linear head. Classification:
   * softmax(xW + b) over the user's classes; regression: xW + b. W is row-major [inputs, outputs].
   */
  | {
      kind: 'linear-head'; weights: Float32Array; bias: Float32Array; inputs: number; outputs: number; featureFill: number[]
      /** When given, the head's inputs are (x − inputCenter) / inputScale before W (kept apart for float32 accuracy). */
      inputCenter?: Float32Array; inputScale?: Float32Array
    }
  /**
   * JobSelector: a selector model (float32 [N, user features] → probabilities [N, members]) picks, per row,
   * the member whose (mapped) output is used (the first most probable member on ties). The selector sees the
   * user's features with NaN replaced by `featureFill`, or by `inputEncoding.features[j].fill` when absent.
   */
  | { kind: 'selector'; selectorOnnx: Uint8Array; selectorOutputName: string; featureFill?: number[] }

export interface ReusePlan {
  method: ReuseMethod
  task: ReuseTask
  /** The user's label names (classification), index = class index of the plan's output. */
  classNames?: string[]
  /** The user's target name, for regression outputs and the manifest. */
  targetName?: string
  /** How the user's CSV columns become the float feature row (column order, categories, fill values). */
  inputEncoding: TableEncoding
  members: PlanMember[]
  combiner: PlanCombiner
}
