/**
 * `learnware-dock pack --model model.onnx --data train.csv --target COL --name NAME --task Classification|Regression
 *  --out pkg.zip [--scenario a,b] [--license L] [--library L] [--description TEXT] [--gamma 0.1|auto]
 *  [--k 100] [--seed 0] [--ignore a,b] [--max-rows N] [--json]` — makes a learnware package from a trained
 * ONNX model and its training CSV with `packLearnware`: semantic spec from the table's columns and classes,
 * RKME specification made on this machine, checked, zipped. Prints the checker's verdict; exits with 1 when
 * the package it wrote is invalid.
 *
 * Example:
 *   learnware-dock pack --model iris.onnx --data iris.csv --target species --name "Iris species" \
 *     --task Classification --scenario Nature --license MIT --gamma auto --out iris.zip
 */

import { readFile, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { CheckOutcome, LearnwareStatus } from '../../engine/check'
import { loadTableFile } from '../../engine/data'
import { LearnwareError } from '../../engine/errors'
import { packLearnware, type PackLearnwareInput } from '../../engine/pack'
import { sha256Hex } from '../../engine/runtime'
import { LIBRARY_TYPES, LICENSES, SCENARIOS, type FeatureDescription } from '../../engine/spec/semantic'
import {
  choiceListOption,
  choiceOption,
  listOption,
  numberOption,
  positionals,
  positiveIntegerOption,
  requiredOption,
  stringOption,
  type ParsedCommand
} from '../args'
import { progressBar, stagedProgress } from '../terminal'
import { formatBytes, formatNumber, shortList } from '../textTable'
import { describeChecks } from './check'
import { DEFAULT_MAX_SPEC_ROWS, rejectAllMissingColumns } from './specTable'

const USAGE = 'learnware-dock pack --model model.onnx --data train.csv --target COL --name NAME --task Classification|Regression --out pkg.zip'
const PACK_TASKS = ['Classification', 'Regression'] as const

export interface PackCommandResult {
  out: string
  bytes: number
  sha256: string
  name: string
  task: (typeof PACK_TASKS)[number]
  input: FeatureDescription
  output: FeatureDescription
  spec: { k: number; featuresPerRow: number; gamma: number; numPoints: number; rowsUsed: number }
  status: LearnwareStatus
  reasons: string[]
  checks: CheckOutcome[]
  warnings: string[]
}

export async function packCommand(command: ParsedCommand): Promise<PackCommandResult> {
  positionals(command, 0, USAGE)
  const { values } = command
  const modelPath = requiredOption(command, 'model', USAGE)
  const dataPath = requiredOption(command, 'data', USAGE)
  const target = requiredOption(command, 'target', USAGE)
  const name = requiredOption(command, 'name', USAGE)
  const task = choiceOption(requiredOption(command, 'task', USAGE), 'task', PACK_TASKS)!
  const out = requiredOption(command, 'out', USAGE)
  const semantic = {
    name,
    task,
    scenarios: choiceListOption(values.scenario, 'scenario', SCENARIOS) ?? ['Others' as const],
    license: choiceOption(values.license, 'license', LICENSES) ?? 'Others',
    library: choiceOption(values.library, 'library', LIBRARY_TYPES) ?? 'Others'
  }
  const gamma = gammaOption(values.gamma)
  const k = positiveIntegerOption(values.k, 'k')
  const seed = numberOption(values.seed, 'seed') ?? 0
  const maxRows = positiveIntegerOption(values['max-rows'], 'max-rows') ?? DEFAULT_MAX_SPEC_ROWS
  const ignore = listOption(values.ignore) ?? []

  const onnxModel = await readModelFile(modelPath)
  const bar = progressBar('Packing')
  const [loadProgress, specProgress] = stagedProgress(bar, [0.3, 0.7])
  const table = await loadTableFile(dataPath, {
    target,
    targetTask: task === 'Classification' ? 'classification' : 'regression',
    ignore,
    maxRows,
    seed,
    onProgress: loadProgress
  })
  rejectAllMissingColumns(table, ignore)
  const input: PackLearnwareInput = {
    onnxModel,
    table,
    semantic: { ...semantic, description: stringOption(values.description) ?? defaultDescription(task, target, table.featuresPerRow, table.source) },
    gamma,
    k,
    seed,
    modelSource: basename(modelPath),
    onProgress: specProgress
  }
  const result = await packLearnware(input)
  bar.done()
  await writeZip(out, result.zip)
  const check = result.check!
  return {
    out,
    bytes: result.zip.byteLength,
    sha256: sha256Hex(result.zip),
    name,
    task,
    input: result.semanticSpec.Input!,
    output: result.semanticSpec.Output!,
    spec: { k: result.spec.k, featuresPerRow: result.spec.featuresPerRow, gamma: result.spec.gamma, numPoints: result.spec.numPoints, rowsUsed: table.rowsKept },
    status: check.status,
    reasons: check.reasons,
    checks: check.checks,
    warnings: result.warnings
  }
}

function gammaOption(value: string | boolean | undefined): number | 'auto' | undefined {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') return 'auto'
  const gamma = numberOption(value, 'gamma')
  if (gamma !== undefined && !(gamma > 0)) throw new LearnwareError('USAGE', `--gamma must be a positive number or auto, got "${String(value)}"`)
  return gamma
}

export async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path)
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new LearnwareError('IO_NOT_FOUND', `No file at ${path}`, { hint: 'Give the trained model with --model model.onnx', cause })
    throw new LearnwareError('IO_READ_FAILED', `${path} cannot be read (${code ?? String(cause)})`, { cause })
  }
}

export async function writeZip(path: string, zip: Uint8Array): Promise<void> {
  try {
    await writeFile(path, zip)
  } catch (cause) {
    throw new LearnwareError('IO_WRITE_FAILED', `Cannot write ${path} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, { cause })
  }
}

function defaultDescription(task: string, target: string, features: number, source: string): string {
  return `${task} of "${target}" from ${features} column${features === 1 ? '' : 's'} of ${source}`
}

export function describePack(result: PackCommandResult): string {
  const inputs = Array.from({ length: result.input.Dimension }, (_, i) => result.input.Description[String(i)])
  const outputs = Array.from({ length: result.output.Dimension }, (_, i) => result.output.Description[String(i)])
  const what = result.task === 'Classification' ? `${outputs.length} classes (${shortList(outputs, 8)})` : shortList(outputs, 4)
  const { spec } = result
  return [
    `Wrote ${result.out} (${formatBytes(result.bytes)}): "${result.name}", ${result.task}, ${inputs.length} inputs (${shortList(inputs, 6)}) → ${what}`,
    `Specification: K = ${spec.k} points of ${spec.featuresPerRow} features, γ = ${formatNumber(spec.gamma)}, made on this machine from ${spec.rowsUsed} rows.`,
    ...result.warnings.map((warning) => `Warning: ${warning}`),
    `Check: ${result.status}`,
    describeChecks(result)
  ].join('\n')
}
