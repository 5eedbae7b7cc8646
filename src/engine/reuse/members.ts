/**
 * The learnwares inside a reuser ("members"): how each one's inputs come from the user's columns (matched by
 * name, else by position), what fills a missing cell, which output tensor is read, and how its classes map to
 * the user's. Members are prepared once, from the user's `TableEncoding`, when a reuser is created — so an
 * unusable learnware (no shared columns, no class in common) fails there with a message, not halfway through
 * a fit — and run on the user's rows with `runMember`, exactly the way the plan tells the exporter to:
 * gather `sourceColumns`, re-code categories (`recode`), fill NaN with `fillValues`, standardise when the
 * manifest says so (`standardization`), run the model, map classes through `classMap`.
 *
 * Example:
 *   const members = loadReuseMembers(learnwares, context, { mapClasses: true })
 *   const output = await runMember(members[0], data, context)             // raw probabilities or values
 *   const mapped = mappedProbabilities(members[0], output, classNames.length)   // rows × user classes
 *   const planMember = toPlanMember(members[0], { withClassMap: true })
 */

import type { LoadedTable } from '../data'
import { LearnwareError } from '../errors'
import type { PlanMember } from '../export/plan'
import {
  alignByPosition,
  alignColumns,
  assembleLearnwareRows,
  predictLearnwareRows,
  readImageInput,
  readLearnwareInterface,
  readTextInput,
  requireOnnx,
  type ColumnAlignment,
  type LearnwareInterface,
  type OnnxLearnwareModel
} from '../predict'
import { describeModel, type OnnxValueDescription } from '../runtime'
import { recodeTables } from './categoryRecoding'
import { assertMappable, mapLearnwareClasses } from './labelMapping'
import type { LabelMapping, ReuseContext, ReuseData, ReuseLearnware, ReuseMemberInfo } from './types'

export interface ReuseMember {
  learnware: ReuseLearnware
  shape: LearnwareInterface
  onnx: OnnxLearnwareModel
  /** What the learnware's model does (its semantic task, else guessed from its outputs). */
  task: 'classification' | 'regression'
  featureCount: number
  alignment: ColumnAlignment
  /** Per model input: value for a missing cell or column (the learnware's training mean, else 0). */
  fillValues: number[]
  /** Per model input: user category code → learnware value, or null (see recodeTables). */
  recode: ((number | null)[] | null)[]
  outputName: string
  outputKind: 'probabilities' | 'values'
  /** Classes (probability columns) or regression values per row. */
  outputWidth: number
  /** Classification members of a classification task, when classes are mapped. */
  labelMapping: LabelMapping | null
  /** False when the model gives only labels (no probabilities): usable here, not expressible as a plan. */
  planReady: boolean
  notes: string[]
}

export interface LoadMembersOptions {
  /** Map classes to the user's (REUSE_LABEL_MISMATCH when none maps); FeatureAugment uses raw outputs instead. */
  mapClasses: boolean
  /** Refuse members whose task differs from the user's (all but FeatureAugment). */
  sameTask: boolean
}

export function loadReuseMembers(learnwares: readonly ReuseLearnware[], context: ReuseContext, options: LoadMembersOptions): ReuseMember[] {
  if (learnwares.length === 0) {
    throw new LearnwareError('USAGE', 'No learnwares to reuse', { hint: 'Search the dock and choose at least one learnware.' })
  }
  const userNames = context.inputEncoding.features.map((f) => f.name)
  if (context.task === 'classification' && !(context.classNames && context.classNames.length >= 1)) {
    throw new LearnwareError('USAGE', 'A classification reuse needs the user\'s class names (context.classNames)')
  }
  return learnwares.map((learnware) => loadMember(learnware, context, userNames, options))
}

function loadMember(learnware: ReuseLearnware, context: ReuseContext, userNames: readonly string[], options: LoadMembersOptions): ReuseMember {
  const shape = readLearnwareInterface(learnware.pkg)
  const onnx = requireOnnx(learnware.pkg, shape)
  const model = describeModel(onnx.onnxBytes, `${shape.label}: ${onnx.manifest.model}`)
  const notes: string[] = []
  const inputWidth = widthAfterBatch(model.inputs[0]?.dims ?? null)
  const featureCount = shape.featureCount ?? inputWidth ?? shape.inputNames?.length ?? userNames.length
  // An image or text learnware's table was made for it (mediaReuse.ts: pixels or embedding, in its order,
  // nothing missing): notes on how table columns were matched and filled would only confuse.
  const tableNotes = readImageInput(learnware.pkg) || readTextInput(learnware.pkg) ? [] : notes
  const alignment = alignMember(shape, featureCount, userNames, tableNotes)
  const fillValues = memberFillValues(shape, featureCount, alignment, tableNotes)
  const output = chooseOutput(shape, onnx, model.outputs)
  if (options.sameTask && output.task !== context.task) {
    throw new LearnwareError('REUSE_TASK_MISMATCH', `${shape.label} is a ${output.task} model but your task is ${context.task}`, {
      hint: 'Choose learnwares of your task, or FeatureAugment, which can use any learnware\'s outputs as features.'
    })
  }
  if (options.sameTask && output.task === 'regression' && output.width !== 1) {
    throw new LearnwareError('REUSE_TASK_MISMATCH', `${shape.label} predicts ${output.width} values per row; your task predicts one`, {
      hint: 'FeatureAugment can use all of its outputs as features.'
    })
  }
  let labelMapping: LabelMapping | null = null
  if (options.mapClasses && output.task === 'classification' && context.task === 'classification') {
    labelMapping = mapLearnwareClasses(shape, output.width, context.classNames!)
    assertMappable(labelMapping, shape.label, context.classNames!)
    if (labelMapping.unmapped.length > 0) notes.push(`Classes ${labelMapping.unmapped.map((n) => `"${n}"`).join(', ')} have no counterpart among your classes; their probability is left out.`)
  }
  const recode = recodeTables(shape, alignment, context, notes)
  if (!output.planReady) notes.push('Its model gives class labels only (no probabilities); it counts as a sure vote and cannot be exported.')
  return {
    learnware, shape, onnx, task: output.task, featureCount, alignment, fillValues, recode,
    outputName: output.name, outputKind: output.kind, outputWidth: output.width, labelMapping, planReady: output.planReady, notes
  }
}

/** By name when the learnware names its inputs and some match; else by position when the widths agree. */
function alignMember(shape: LearnwareInterface, featureCount: number, userNames: readonly string[], notes: string[]): ColumnAlignment {
  const names = shape.inputNames
  if (names && names.length === featureCount) {
    const byName = alignColumns(names, userNames)
    if (byName.matched.length > 0) return byName
  }
  if (userNames.length === featureCount) {
    notes.push(`Columns were matched by their order (${names ? 'no column names are shared' : 'the learnware does not name its inputs'}).`)
    return alignByPosition(names ?? featureCount, userNames)
  }
  throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `Your data has ${userNames.length} feature columns but ${shape.label} takes ${featureCount}${names ? `, and none of its inputs (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}) is among your columns` : ''}`, {
    hint: 'Name your columns like the learnware\'s inputs, or leave this learnware out of the reuse.'
  })
}

function memberFillValues(shape: LearnwareInterface, featureCount: number, alignment: ColumnAlignment, notes: string[]): number[] {
  if (shape.fillValues) {
    if (alignment.missing.length > 0) notes.push(`Missing column${alignment.missing.length === 1 ? '' : 's'} ${alignment.missing.map((n) => `"${n}"`).join(', ')} ${alignment.missing.length === 1 ? 'is' : 'are'} filled with the learnware's training mean.`)
    return Array.from(shape.fillValues, (v) => Math.fround(v))
  }
  if (alignment.missing.length > 0) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `Your data lacks ${alignment.missing.map((n) => `"${n}"`).join(', ')}, needed by ${shape.label}`, {
      hint: 'The learnware stores no training means to fill them in; add the columns or leave this learnware out.'
    })
  }
  notes.push('The learnware stores no training means; missing cells are given 0.')
  return new Array<number>(featureCount).fill(0)
}

interface ChosenOutput {
  task: 'classification' | 'regression'
  name: string
  kind: 'probabilities' | 'values'
  width: number
  planReady: boolean
}

/** The probabilities output of a classifier (else its label), the values output of a regressor. */
function chooseOutput(shape: LearnwareInterface, onnx: OnnxLearnwareModel, outputs: readonly OnnxValueDescription[]): ChosenOutput {
  const tensors = outputs.filter((o) => o.kind === 'tensor')
  const floats = tensors.filter((o) => o.elementType === 'float' || o.elementType === 'double')
  const manifestKind = onnx.manifest.output.kind
  const guessed = manifestKind === 'values' ? 'regression' : manifestKind === 'probabilities' || manifestKind === 'label' ? 'classification' : undefined
  const task = shape.task ?? guessed ?? (floats.some((o) => /prob/i.test(o.name)) ? 'classification' : 'regression')
  if (task === 'classification') {
    const probabilities = floats.find((o) => o.dims?.length === 2 && /prob/i.test(o.name)) ?? floats.find((o) => o.name === onnx.manifest.output.name && o.dims?.length === 2)
    const width = widthAfterBatch(probabilities?.dims ?? null) ?? shape.classNames?.length ?? shape.outputDimension
    if (width === null) {
      throw new LearnwareError('PACKAGE_INVALID', `${shape.label}: cannot tell how many classes its model has`, {
        hint: 'Its semantic spec gives no Output.Dimension and the model output has no fixed width; re-pack it in Learnware Dock.'
      })
    }
    return { task, name: probabilities?.name ?? onnx.manifest.output.name, kind: 'probabilities', width, planReady: probabilities !== undefined }
  }
  const values = floats.find((o) => o.name === onnx.manifest.output.name) ?? floats.find((o) => /predict|variable|value|output|target/i.test(o.name)) ?? floats[0]
  const width = (values?.dims?.length ?? 0) <= 1 ? 1 : (widthAfterBatch(values!.dims) ?? shape.outputDimension ?? 1)
  return { task, name: values?.name ?? onnx.manifest.output.name, kind: 'values', width, planReady: values !== undefined }
}

function widthAfterBatch(dims: OnnxValueDescription['dims']): number | null {
  if (!dims || dims.length < 2) return null
  const rest = dims.slice(1)
  return rest.every((d) => typeof d === 'number') ? (rest as number[]).reduce((a, d) => a * d, 1) : null
}

/** A member's raw output on the user's rows: probabilities (rows × classes) or values (rows × width). */
export interface MemberOutput {
  kind: 'probabilities' | 'values'
  rows: number
  width: number
  values: Float32Array
}

/** Runs one member on the user's rows exactly as its plan member describes (gather, fill, model). */
export async function runMember(member: ReuseMember, data: ReuseData, context: ReuseContext, signal?: AbortSignal): Promise<MemberOutput> {
  const rows = modelRows(member, data, context)
  const prediction = await predictLearnwareRows(member.learnware.pkg, rows, data.rows, { cache: context.cache, signal })
  if (prediction.task === 'regression') {
    return { kind: 'values', rows: data.rows, width: prediction.targetsPerRow, values: prediction.values }
  }
  if (prediction.probabilities) {
    const width = data.rows === 0 ? member.outputWidth : prediction.probabilities.length / data.rows
    return { kind: 'probabilities', rows: data.rows, width, values: prediction.probabilities }
  }
  // labels only: a sure vote for the predicted class
  const oneHot = new Float32Array(data.rows * member.outputWidth)
  prediction.labels?.forEach((label, r) => {
    if (label >= 0 && label < member.outputWidth) oneHot[r * member.outputWidth + label] = 1
  })
  return { kind: 'probabilities', rows: data.rows, width: member.outputWidth, values: oneHot }
}

/** The user's rows in the member's column order, categories re-coded its way, missing cells filled. */
export function modelRows(member: ReuseMember, data: ReuseData, context: ReuseContext): Float32Array {
  // assembleLearnwareRows reads only these fields of a table
  const view: Pick<LoadedTable, 'rowsKept' | 'featuresPerRow' | 'matrix' | 'featureNames' | 'encoding'> = {
    rowsKept: data.rows,
    featuresPerRow: data.featuresPerRow,
    matrix: data.features,
    featureNames: data.featureNames,
    encoding: context.inputEncoding
  }
  const { features } = assembleLearnwareRows(member.shape, view as LoadedTable, member.alignment, member.featureCount)
  const fill = member.fillValues
  for (let i = 0; i < features.length; i++) if (Number.isNaN(features[i])) features[i] = fill[i % member.featureCount]
  return features
}

/** Probabilities over the user's classes: each model class's probability added to the user class it maps to. */
export function mappedProbabilities(member: ReuseMember, output: MemberOutput, classCount: number): Float32Array {
  const classMap = member.labelMapping?.classMap ?? []
  const mapped = new Float32Array(output.rows * classCount)
  for (let r = 0; r < output.rows; r++) {
    for (let c = 0; c < output.width; c++) {
      const u = classMap[c] ?? -1
      if (u >= 0) mapped[r * classCount + u] += output.values[r * output.width + c]
    }
  }
  return mapped
}

/** REUSE_TASK_MISMATCH-free check that the rows are in the user's encoding the reuser was made for. */
export function checkUserData(data: ReuseData, context: ReuseContext): void {
  const expected = context.inputEncoding.features.length
  if (data.featuresPerRow !== expected || data.features.length !== data.rows * data.featuresPerRow) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `The rows have ${data.featuresPerRow} features each (${data.features.length} values for ${data.rows} rows); this reuse was set up for ${expected} columns (${context.inputEncoding.features.map((f) => f.name).slice(0, 8).join(', ')}…)`, {
      hint: 'Encode the rows with the same table encoding as the data the reuse was set up with.'
    })
  }
}

export function memberInfo(member: ReuseMember): ReuseMemberInfo {
  return {
    learnwareId: member.learnware.id,
    name: member.learnware.name,
    alignment: member.alignment,
    ...(member.labelMapping ? { labelMapping: member.labelMapping } : {}),
    notes: member.notes
  }
}

/** The member as the exporter needs it; classMap only for classification members of a classification plan. */
export function toPlanMember(member: ReuseMember, options: { withClassMap: boolean }): PlanMember {
  if (!member.planReady) {
    throw new LearnwareError('USAGE', `${member.shape.label} cannot be part of an exported plan: its model gives no ${member.outputKind} output`, {
      hint: 'Reuse it here, or leave it out of the solution you export.'
    })
  }
  return {
    learnwareId: member.learnware.id,
    name: member.learnware.name,
    license: member.learnware.license,
    packageSha256: member.learnware.packageSha256,
    onnxModel: member.onnx.onnxBytes,
    sourceColumns: [...member.alignment.sourceColumns],
    fillValues: [...member.fillValues],
    ...(member.recode.some((table) => table !== null) ? { recode: member.recode.map((table) => (table ? [...table] : null)) } : {}),
    outputName: member.outputName,
    outputKind: member.outputKind,
    ...(options.withClassMap && member.labelMapping ? { classMap: [...member.labelMapping.classMap] } : {}),
    ...(member.shape.standardization
      ? { standardization: { mean: Array.from(member.shape.standardization.mean), scale: Array.from(member.shape.standardization.scale) } }
      : {})
  }
}
