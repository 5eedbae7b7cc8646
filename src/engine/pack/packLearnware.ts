/**
 * Turning a trained ONNX model and the table it was trained on into a learnware package, on this machine:
 * the one function behind `learnware-dock pack`, the app's Submit screen and the starter-dock builder, so
 * every package we make is filled in the same way. It checks that the model fits the table (input width,
 * class count and order), describes the inputs with the table's column names and the outputs with its
 * class names (or target name), stores the class labels and the table's encoding in learnware-dock.json
 * (so predictions decode names and encode categorical columns exactly as in training), fits the RKME table
 * specification from the training rows — which never leave the machine — writes the package and, unless
 * told not to, runs the learnware checker on the result.
 *
 * Example:
 *   const table = await loadTableFile('wine.csv', { target: 'target', targetTask: 'classification' })
 *   const { zip, check, warnings } = await packLearnware({
 *     onnxModel: await readFile('wine.onnx'), table,
 *     semantic: { name: 'Wine cultivar', description: 'Cultivar from 13 measurements', task: 'Classification',
 *                 scenarios: ['Agriculture'], license: 'MIT' },
 *     gamma: 'auto'
 *   })
 *   check?.status   // 'usable'
 *   warnings        // e.g. ['At γ = 0.1 the kernel … use gamma 'auto' (--gamma auto)']
 */

import type { LoadedTable, TargetColumn } from '../data'
import type { CheckLearnwareOptions, LearnwareCheckReport } from '../check'
import { LearnwareError } from '../errors'
import { writeLearnwarePackage, type DockManifestInput } from '../learnware'
import { MANIFEST_TABLE_ENCODING_KEY } from '../predict'
import type { ProgressListener } from '../progress'
import { generateRkmeTableSpec, kernelIsDegenerate, suggestGamma, toRkmeTableSpecJson, type RkmeTableSpec } from '../spec'
import {
  assertValidSemanticSpec,
  generateSemanticSpec,
  type FeatureDescriptionInput,
  type License,
  type LibraryType,
  type Scenario,
  type SemanticSpec
} from '../spec/semantic'
import { modelClassNames } from './classOrder'
import { readModelSignature, type ModelSignature, type PackTask } from './modelSignature'
import { checkWrittenPackage } from './packShared'

/** Beimingwu's kernel width, kept as the default so our specs compare with theirs. */
export const DEFAULT_PACK_GAMMA = 0.1

export interface PackSemanticInput {
  name: string
  description: string
  task: PackTask
  scenarios: Scenario[]
  license: License
  /** Default 'Others' (a model trained here or converted to ONNX is no longer tied to its library). */
  library?: LibraryType
}

export interface PackLearnwareInput {
  onnxModel: Uint8Array
  /** The training data, loaded with its target column. */
  table: LoadedTable
  semantic: PackSemanticInput
  /** Kernel width of the RKME spec (default 0.1, Beimingwu's); 'auto' = the median heuristic (`suggestGamma`). */
  gamma?: number | 'auto'
  /** Reduced-set size (default 100) and seed (default 0) of the spec. */
  k?: number
  seed?: number
  /** Beimingwu id to record in learnware.yaml. */
  originId?: string
  /** Run the checker on the package (default true). */
  check?: boolean
  /** Settings for that check (time limit, shared ONNX sessions). */
  checkOptions?: CheckLearnwareOptions
  /** How messages name the model (default 'model.onnx'). */
  modelSource?: string
  /** Progress of the spec fitting, the long part. */
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface PackLearnwareResult {
  zip: Uint8Array
  semanticSpec: SemanticSpec
  spec: RkmeTableSpec
  /** The checker's verdict on the written package; null when `check: false`. */
  check: LearnwareCheckReport | null
  /** Things the user should know that do not stop packing (a degenerate kernel width, a model of free width …). */
  warnings: string[]
}

export async function packLearnware(input: PackLearnwareInput): Promise<PackLearnwareResult> {
  const { table, semantic } = input
  const modelSource = input.modelSource ?? 'model.onnx'
  const warnings: string[] = []
  const target = requireTarget(table, semantic.task)
  const signature = readModelSignature(input.onnxModel, modelSource, semantic.task)
  checkInputWidth(signature, table, modelSource, warnings)
  const output = describeOutput(semantic.task, signature, target, table.source, modelSource, warnings)
  const semanticSpec = generateSemanticSpec({
    name: semantic.name,
    description: semantic.description,
    data: 'Table',
    task: semantic.task,
    library: semantic.library ?? 'Others',
    scenarios: semantic.scenarios,
    license: semantic.license,
    input: { dimension: table.featuresPerRow, descriptions: table.featureNames },
    output: output.description
  })
  // Before the spec is fitted: a typo in a field should not cost the wait.
  assertValidSemanticSpec(semanticSpec)
  const gamma = resolveGamma(input.gamma, table, input.seed ?? 0)
  warnIfDegenerate(table, gamma, input.gamma, warnings)
  const spec = await generateRkmeTableSpec(table.matrix, table.rowsKept, table.featuresPerRow, {
    k: input.k ?? 100,
    gamma,
    seed: input.seed ?? 0,
    featureNames: table.featureNames,
    onProgress: input.onProgress,
    signal: input.signal
  })
  // The spec describes every row of the file, also when it was fitted on a sample of them.
  spec.numPoints = table.totalRows
  const manifest: DockManifestInput = {
    input: { name: signature.input.name, shape: [null, table.featuresPerRow], dtype: signature.input.dtype },
    output: { name: signature.output.name, shape: output.manifestShape, kind: signature.output.kind },
    ...(output.labels ? { labels: output.labels } : {}),
    [MANIFEST_TABLE_ENCODING_KEY]: table.encoding
  }
  const zip = writeLearnwarePackage({
    semanticSpec,
    statSpecs: [{ type: 'RKMETableSpecification', json: toRkmeTableSpecJson(spec) }],
    onnxModel: input.onnxModel,
    manifest,
    originId: input.originId
  })
  const check = await checkWrittenPackage(zip, semantic.name, input.check, input.checkOptions)
  return { zip, semanticSpec, spec, check, warnings }
}

function requireTarget(table: LoadedTable, task: PackTask): TargetColumn {
  const target = table.target
  if (!target) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `${table.source} was loaded without a target column; a learnware is packed with the data it was trained on, labels included`, {
      hint: 'Name the label column (--target COL).'
    })
  }
  if (task === 'Classification') {
    const classes = target.classes ?? []
    if (target.task !== 'classification' || classes.length === 0) {
      throw new LearnwareError('PACK_MISMATCH', `The task is Classification but the target column "${target.name}" of ${table.source} was read as continuous numbers`, {
        hint: 'Load the table with targetTask: \'classification\' (the CLI does so for --task Classification), or pack a regressor.'
      })
    }
    if (classes.length < 2) {
      throw new LearnwareError('PACK_MISMATCH', `The target column "${target.name}" of ${table.source} holds a single class (${JSON.stringify(classes[0])}); a classifier needs at least two`)
    }
  } else if (!target.values || target.kind !== 'numeric') {
    throw new LearnwareError('PACK_MISMATCH', `The task is Regression but the target column "${target.name}" of ${table.source} is not numeric (${target.kind})`, {
      hint: 'Choose --task Classification for a column of categories, or name the numeric column to predict.'
    })
  }
  return target
}

function checkInputWidth(signature: ModelSignature, table: LoadedTable, modelSource: string, warnings: string[]): void {
  const width = signature.input.width
  const d = table.featuresPerRow
  if (width === null) {
    warnings.push(`${modelSource} accepts rows of any width (input ${signature.input.name}: ${signature.input.typeText}); it is packed as taking the ${d} feature columns of ${table.source}.`)
    return
  }
  if (width === d) return
  const target = table.target ? `; the target column "${table.target.name}" is not a feature` : ''
  const ignored = table.columns.filter((c) => c.role === 'ignored').map((c) => c.name)
  throw new LearnwareError(
    'SPEC_DIMENSION_MISMATCH',
    `${modelSource} takes ${width} features per row (input ${signature.input.name}: ${signature.input.typeText}) but ${table.source} has ${d} feature column${d === 1 ? '' : 's'} (${abbreviate(table.featureNames)})${target}`,
    {
      hint: ignored.length > 0
        ? `Columns left out: ${ignored.join(', ')}. Pack the model with the CSV it was trained on, leaving out exactly the columns it did not use (--ignore).`
        : 'Pack the model with the CSV it was trained on; leave out columns the model does not use with --ignore.'
    }
  )
}

interface OutputDescription {
  description: FeatureDescriptionInput
  manifestShape: (number | null)[]
  labels: string[] | null
}

function describeOutput(
  task: PackTask,
  signature: ModelSignature,
  target: TargetColumn,
  tableSource: string,
  modelSource: string,
  warnings: string[]
): OutputDescription {
  const output = signature.output
  if (task === 'Classification') {
    const probabilityWidth = output.kind === 'probabilities' ? output.width : null
    const names = modelClassNames(target.classes!, signature.classLabels, probabilityWidth, modelSource, tableSource)
    return {
      description: { dimension: names.length, descriptions: names },
      manifestShape: output.kind === 'probabilities' ? [null, names.length] : [null],
      labels: names
    }
  }
  let width = output.width
  if (width === null) {
    warnings.push(`${modelSource}: output ${output.name} has a free width; it is packed as giving 1 value per row.`)
    width = 1
  }
  const descriptions = width === 1 ? [target.name] : Array.from({ length: width }, (_, i) => `${target.name} [${i}]`)
  return { description: { dimension: width, descriptions }, manifestShape: output.shape.length === 1 ? [null] : [null, width], labels: null }
}

function resolveGamma(gamma: PackLearnwareInput['gamma'], table: LoadedTable, seed: number): number {
  if (gamma === 'auto') return suggestGamma(table.matrix, table.rowsKept, table.featuresPerRow, seed)
  const value = gamma ?? DEFAULT_PACK_GAMMA
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new LearnwareError('USAGE', `gamma must be a positive number or 'auto' (got ${String(gamma)})`)
  }
  return value
}

function warnIfDegenerate(table: LoadedTable, gamma: number, requested: PackLearnwareInput['gamma'], warnings: string[]): void {
  if (!kernelIsDegenerate(table.matrix, table.rowsKept, table.featuresPerRow, gamma)) return
  const advice = requested === 'auto'
    ? 'Rescale the features (their typical distances are huge) before packing.'
    : `Pack with gamma 'auto' (--gamma auto), which would use γ = ${suggestGamma(table.matrix, table.rowsKept, table.featuresPerRow)} for this data.`
  warnings.push(`At γ = ${gamma} the kernel between typical rows of ${table.source} is below e⁻²⁰, so the specification cannot tell this data from any other and search will not find the learnware by its data. ${advice}`)
}

function abbreviate(names: readonly string[]): string {
  return names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ')
}
