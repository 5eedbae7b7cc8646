/**
 * One member of a reuse plan as a piece of the pipeline graph: take the columns it reads from the user's
 * feature row (Gather on axis 1), re-code categories into the learnware's codes, fill what is missing (IsNaN + Where; columns the user does not have are
 * always filled), standardise when the learnware's manifest asks for it, reshape the row to the model's
 * [C, H, W] when it takes images, run its embedded model (names
 * prefixed `m<i>/`), read the planned output as float [N, width] and, for classification, map its classes
 * onto the user's with a constant 0/1 matrix (MatMul), so every member ends as a tensor in the user's
 * terms that the combiner can average, vote on or route between.
 *
 * Example:
 *   const mapped = addMemberStage(g, 'features', { member, index: 0, model: inspected, classCount: 3, opset: 15 })
 *   // → 'matmul12': float [N, 3] in the user's class order
 */

import { embedOnnxModel, type OnnxGraphBuilder } from '../runtime'
import type { InspectedModel, onnx } from './memberModels'
import type { PlanMember } from './plan'

const CAST_TO_FLOAT = 1
const CAST_TO_DOUBLE = 11

export interface MemberStageInput {
  member: PlanMember
  index: number
  /** The member's model, inspected and already upgraded to the pipeline's opset. */
  model: InspectedModel & { proto: onnx.IModelProto }
  /** User classes (classification), 0 for regression. */
  classCount: number
}

export function addMemberStage(g: OnnxGraphBuilder, features: string, stage: MemberStageInput): string {
  const { member, index, model } = stage
  let x = addColumnGather(g, features, member.sourceColumns)
  if (member.recode?.some((table) => table !== null)) x = addRecode(g, x, member.recode)
  x = addFill(g, x, member.fillValues, member.sourceColumns.map((column) => column < 0))
  if (member.standardization) {
    const mean = g.addInitializer(`m${index}_input_mean`, member.standardization.mean, [member.standardization.mean.length])
    const scale = g.addInitializer(`m${index}_input_scale`, member.standardization.scale, [member.standardization.scale.length])
    x = g.addOp('Div', [g.addOp('Sub', [x, mean]), scale])
  }
  if (model.inputRowShape) x = g.addOp('Reshape', [x, g.addInitializer(`m${index}_input_shape`, [-1, ...model.inputRowShape], [model.inputRowShape.length + 1], 'int64')])
  if (model.inputType === 'double') x = g.addOp('Cast', [x], { to: CAST_TO_DOUBLE })
  embedOnnxModel(g, model.proto, { prefix: `m${index}`, inputs: { [model.inputName]: x } })
  let y = `m${index}/${model.outputTensor}`
  if (model.outputType === 'double') y = g.addOp('Cast', [y], { to: CAST_TO_FLOAT })
  y = addAsRows(g, y, model.outputRank)
  if (member.classMap) y = g.addOp('MatMul', [y, g.addInitializer(`m${index}_class_map`, classMapMatrix(member.classMap, stage.classCount), [member.classMap.length, stage.classCount])])
  return y
}

/**
 * Columns in the member's order. Absent columns (−1) read column 0 and are then overwritten by the fill:
 * Gather itself would read −1 as the last column.
 */
export function addColumnGather(g: OnnxGraphBuilder, features: string, sourceColumns: readonly number[]): string {
  const indices = g.addInitializer('source_columns', sourceColumns.map((c) => Math.max(0, c)), [sourceColumns.length], 'int64')
  return g.addOp('Gather', [features, indices], { axis: 1 })
}

/**
 * User category codes → the learnware's values, by one Gather into a flat table that holds every recoded
 * input's entries followed by a NaN slot. NaN, negative and too-large codes go to the NaN slot (Gather
 * would fail on them); Cast truncates like `Math.trunc`. Inputs without a table keep their value.
 */
export function addRecode(g: OnnxGraphBuilder, x: string, recode: readonly ((number | null)[] | null)[]): string {
  const table: number[] = []
  const offsets: number[] = []
  const lastCodes: number[] = []
  for (const entries of recode) {
    offsets.push(table.length)
    lastCodes.push((entries?.length ?? 0) - 1)
    table.push(...(entries ?? []).map((value) => value ?? NaN), NaN)
  }
  const k = recode.length
  const lastCode = g.addInitializer('recode_last_code', lastCodes, [k])
  const outside = g.addOp('Or', [g.addOp('Less', [x, g.addInitializer('recode_zero', [0], [])]), g.addOp('Greater', [x, lastCode])])
  const invalid = g.addOp('Or', [g.addOp('IsNaN', [x]), outside])
  const slot = g.addOp('Where', [invalid, g.addInitializer('recode_missing_slot', lastCodes.map((c) => c + 1), [k]), x])
  const index = g.addOp('Cast', [g.addOp('Add', [slot, g.addInitializer('recode_offsets', offsets, [k])])], { to: 7 })
  const looked = g.addOp('Gather', [g.addInitializer('recode_table', table, [table.length]), index])
  const recoded = g.addInitializer('recoded_inputs', recode.map((entries) => Number(entries !== null)), [k], 'bool')
  return g.addOp('Where', [recoded, looked, x])
}

/** NaN (and every cell of an absent column) → the fill value of its column. */
export function addFill(g: OnnxGraphBuilder, x: string, fillValues: readonly number[], absent: readonly boolean[] = []): string {
  const fill = g.addInitializer('fill_values', fillValues, [fillValues.length])
  let missing = g.addOp('IsNaN', [x])
  if (absent.some(Boolean)) {
    const absentMask = g.addInitializer('absent_columns', absent.map(Number), [absent.length], 'bool')
    missing = g.addOp('Or', [missing, absentMask])
  }
  return g.addOp('Where', [missing, fill, x])
}

/** [N] → [N, 1]; [N, k] unchanged. A Reshape works in every opset (Unsqueeze moved `axes` to an input at 13). */
function addAsRows(g: OnnxGraphBuilder, y: string, rank: number | null): string {
  if (rank === 2) return y
  const shape = g.addInitializer('as_rows', rank === 1 ? [-1, 1] : [0, -1], [2], 'int64')
  return g.addOp('Reshape', [y, shape])
}

/** [memberClasses, userClasses] with M[i][classMap[i]] = 1; unmapped classes (−1) give an all-zero row. */
export function classMapMatrix(classMap: readonly number[], classCount: number): Float32Array {
  const matrix = new Float32Array(classMap.length * classCount)
  classMap.forEach((target, i) => {
    if (target >= 0) matrix[i * classCount + target] = 1
  })
  return matrix
}
