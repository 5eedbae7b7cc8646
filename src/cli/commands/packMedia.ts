/**
 * `learnware-dock pack --model m.onnx --images <folder> --name NAME --out pkg.zip [--classes a,b] [--k 50]` and
 * `learnware-dock pack --model m.onnx --data texts.csv --text-column C --target LABEL --name NAME --out pkg.zip
 *  [--embedder-model DIR] [--gamma 0.1] [--k 100]` — image and text learnwares (classifiers only). An image
 * learnware is an ONNX model over [N, C, H, W] pixels, packed with its training images (labels from the
 * sub-folders); a text learnware is an ONNX model over the embedding of the texts (the built-in embedder, or
 * the sentence model given), packed with its training texts and their labels. The RKME spec is made here; the
 * package is checked. Exits with 1 when the package written is invalid.
 *
 * JSON: {"out","bytes","sha256","name","kind":"image"|"text","classes":[…],"trainedOn","spec":{"type","k",…},
 *        "embedder"?,"language"?,"status","reasons","checks"}
 *
 * Example:
 *   learnware-dock pack --model shoes.onnx --images train/ --name "Shoes" --scenario Business --out shoes.zip
 *   learnware-dock pack --model genre.onnx --data train.csv --text-column body --target genre --name "Genres" --out genre.zip
 */

import { basename } from 'node:path'
import type { CheckOutcome, LearnwareStatus } from '../../engine/check'
import { LearnwareError } from '../../engine/errors'
import { packImageLearnware, packTextLearnware } from '../../engine/pack'
import { sha256Hex } from '../../engine/runtime'
import { LIBRARY_TYPES, LICENSES, SCENARIOS } from '../../engine/spec/semantic'
import { loadTextTableFile } from '../../engine/text'
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
import { progressBar } from '../terminal'
import { formatBytes, formatNumber, shortList } from '../textTable'
import { describeChecks } from './check'
import { loadUserImages } from './imageInput'
import { readModelFile, writeZip } from './pack'
import { optionalEmbedder } from './textInput'

const IMAGE_USAGE = 'learnware-dock pack --model model.onnx --images <folder with one sub-folder per class> --name NAME --out pkg.zip [--classes a,b] [--k 50]'
const TEXT_USAGE = 'learnware-dock pack --model model.onnx --data texts.csv --text-column C --target LABEL --name NAME --out pkg.zip [--embedder-model DIR]'

export interface PackMediaResult {
  out: string
  bytes: number
  sha256: string
  name: string
  kind: 'image' | 'text'
  classes: string[]
  /** Training images or texts the spec was made from. */
  trainedOn: number
  spec: { type: string; k: number; gamma?: number; size?: string }
  embedder?: string
  language?: string[]
  status: LearnwareStatus
  reasons: string[]
  checks: CheckOutcome[]
}

export function isMediaPack(command: ParsedCommand): boolean {
  return command.values.images !== undefined || command.values['text-column'] !== undefined
}

function semanticOf(command: ParsedCommand, usage: string, defaultDescription: string) {
  const { values } = command
  if (values.task !== undefined && choiceOption(values.task, 'task', ['Classification'] as const) === undefined) throw new LearnwareError('USAGE', '--task must be Classification', { hint: usage })
  return {
    name: requiredOption(command, 'name', usage),
    description: stringOption(values.description) ?? defaultDescription,
    scenarios: choiceListOption(values.scenario, 'scenario', SCENARIOS) ?? ['Others' as const],
    license: choiceOption(values.license, 'license', LICENSES) ?? 'Others',
    library: choiceOption(values.library, 'library', LIBRARY_TYPES) ?? 'Others'
  }
}

export async function packMediaCommand(command: ParsedCommand): Promise<PackMediaResult> {
  if (command.values.images !== undefined && command.values['text-column'] !== undefined) {
    throw new LearnwareError('USAGE', 'pack takes --images or --text-column, not both', { hint: `${IMAGE_USAGE}\n${TEXT_USAGE}` })
  }
  return command.values.images !== undefined ? packImages(command) : packTexts(command)
}

async function packImages(command: ParsedCommand): Promise<PackMediaResult> {
  positionals(command, 0, IMAGE_USAGE)
  const modelPath = requiredOption(command, 'model', IMAGE_USAGE)
  const folder = requiredOption(command, 'images', IMAGE_USAGE)
  const out = requiredOption(command, 'out', IMAGE_USAGE)
  const seed = numberOption(command.values.seed, 'seed') ?? 0
  const k = positiveIntegerOption(command.values.k, 'k')
  const onnxModel = await readModelFile(modelPath)
  const user = await loadUserImages(folder, { seed })
  if (!user.labels) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `${user.source} has no labels: an image learnware is packed with its training images, one sub-folder per class`, { hint: IMAGE_USAGE })
  }
  const semantic = semanticOf(command, IMAGE_USAGE, `Classification of ${user.images.width} × ${user.images.height} images into ${shortList([...new Set(user.labels)], 6)}`)
  const bar = progressBar('Packing')
  const packed = await packImageLearnware({
    onnxModel, images: user.images, labels: user.labels, classes: listOption(command.values.classes), semantic, seed,
    ...(k ? { k } : {}), modelSource: basename(modelPath), onProgress: bar.listener
  })
  bar.done()
  await writeZip(out, packed.zip)
  const check = packed.check!
  return {
    out, bytes: packed.zip.byteLength, sha256: sha256Hex(packed.zip), name: semantic.name, kind: 'image',
    classes: outputClasses(packed.semanticSpec.Output), trainedOn: user.images.count,
    spec: { type: 'RKMEImageSpecification', k: packed.spec.k, size: '32 × 32' },
    status: check.status, reasons: check.reasons, checks: check.checks
  }
}

async function packTexts(command: ParsedCommand): Promise<PackMediaResult> {
  positionals(command, 0, TEXT_USAGE)
  const modelPath = requiredOption(command, 'model', TEXT_USAGE)
  const dataPath = requiredOption(command, 'data', TEXT_USAGE)
  const column = requiredOption(command, 'text-column', TEXT_USAGE)
  const target = requiredOption(command, 'target', TEXT_USAGE)
  const out = requiredOption(command, 'out', TEXT_USAGE)
  const seed = numberOption(command.values.seed, 'seed') ?? 0
  const k = positiveIntegerOption(command.values.k, 'k')
  const gamma = numberOption(command.values.gamma, 'gamma')
  if (gamma !== undefined && !(gamma > 0)) throw new LearnwareError('USAGE', `--gamma must be a positive number, got "${String(command.values.gamma)}"`)
  const onnxModel = await readModelFile(modelPath)
  const docs = await loadTextTableFile(dataPath, { column, labelColumn: target })
  const semantic = semanticOf(command, TEXT_USAGE, `Classification of texts (column "${column}" of ${docs.source}) into ${target}`)
  const embedder = await optionalEmbedder(command)
  try {
    const bar = progressBar('Packing')
    const packed = await packTextLearnware({
      onnxModel, texts: docs.texts, labels: docs.labels!, classes: listOption(command.values.classes), semantic, seed,
      ...(embedder ? { embedder } : {}), ...(k ? { k } : {}), ...(gamma ? { gamma } : {}), modelSource: basename(modelPath), onProgress: bar.listener
    })
    bar.done()
    await writeZip(out, packed.zip)
    const check = packed.check!
    return {
      out, bytes: packed.zip.byteLength, sha256: sha256Hex(packed.zip), name: semantic.name, kind: 'text',
      classes: outputClasses(packed.semanticSpec.Output), trainedOn: docs.texts.length,
      spec: { type: 'RKMETextSpecification', k: packed.spec.rkme.k, gamma: packed.spec.rkme.gamma },
      embedder: packed.spec.embedder, language: [...packed.spec.language],
      status: check.status, reasons: check.reasons, checks: check.checks
    }
  } finally {
    await embedder?.dispose?.()
  }
}

function outputClasses(output: { Dimension: number; Description: Record<string, string> } | undefined): string[] {
  if (!output) return []
  return Array.from({ length: output.Dimension }, (_, i) => output.Description[String(i)] ?? String(i))
}

export function describePackMedia(result: PackMediaResult): string {
  const spec = result.kind === 'image'
    ? `Specification: RKME image spec, K = ${result.spec.k} points at ${result.spec.size}, made on this machine from ${result.trainedOn} images.`
    : `Specification: RKME text spec, K = ${result.spec.k} points, γ = ${formatNumber(result.spec.gamma!)}, texts embedded with ${result.embedder} (language ${shortList(result.language ?? [], 4)}), made on this machine from ${result.trainedOn} texts.`
  return [
    `Wrote ${result.out} (${formatBytes(result.bytes)}): "${result.name}", ${result.kind} classification into ${result.classes.length} classes (${shortList(result.classes, 8)})`,
    spec,
    `Check: ${result.status}`,
    describeChecks(result)
  ].join('\n')
}
