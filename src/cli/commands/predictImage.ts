/**
 * `learnware-dock predict <id> --images <folder | images.idx3-ubyte.gz> [--out preds.csv] [--json]` — runs an
 * image learnware on the user's images: they are resized to the model's size and scaled as its manifest's
 * `imageInput` says, then its ONNX model predicts. With a labelled folder (one sub-folder per class) whose
 * class names the learnware knows, it also says how many predictions agree with the folders.
 *
 * JSON: {"id","name","source","rows","task","files":[…],"skipped":[{"file","reason"}…],"resized",
 *        "agreement":{"matching","compared"}|null,"predictions":[…],"classNames","probabilities","targetNames","out"}
 *
 * Example:
 *   learnware-dock predict lwd-00000041 --images photos/ --out predictions.csv
 */

import { writeFile } from 'node:fs/promises'
import type { SkippedImage } from '../../engine/data/images'
import { readLearnwarePackage } from '../../engine/learnware'
import { predictWithLearnwareImages, type LearnwarePrediction } from '../../engine/predict'
import { checkRunnable } from '../../engine/reuse'
import { numberOption, positionals, requiredOption, stringOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { shortList } from '../textTable'
import { loadUserImages } from './imageInput'
import { predictionCsv } from './predictionCsv'
import { predictionListing, predictionValues, summarizePredictions, type PredictionValues } from './predictionOutput'

const USAGE = 'learnware-dock predict <id> --images <folder | images-idx3-ubyte.gz> [--out preds.csv] [--dock DIR]'

export interface PredictImageResult extends PredictionValues {
  id: string
  name: string
  source: string
  rows: number
  task: LearnwarePrediction['task']
  /** The image each prediction is for (path inside the folder, or #n in an IDX file). */
  files: string[]
  skipped: SkippedImage[]
  resized: number
  /** Labelled folder: predictions equal to the image's sub-folder name, among images whose class the learnware knows. */
  agreement: { matching: number; compared: number } | null
  out: string | null
}

export async function predictImageCommand(command: ParsedCommand): Promise<PredictImageResult> {
  const [id] = positionals(command, 1, USAGE)
  const imagesPath = requiredOption(command, 'images', USAGE)
  const out = stringOption(command.values.out) ?? null
  // Read the user's images before opening the dock: a bad folder is the user's problem, not the dock's.
  const user = await loadUserImages(imagesPath, { seed: numberOption(command.values.seed, 'seed') ?? 0 })
  return withDock(command, async (dock, cache) => {
    const entry = dock.get(id)
    checkRunnable(entry)
    const pkg = await readLearnwarePackage(await dock.packageBytes(entry.id), { label: entry.id })
    const { prediction } = await predictWithLearnwareImages(pkg, user.images, { cache, timeoutMs: 120_000 })
    if (out !== null) await writeFile(out, predictionCsv(prediction, { rowNames: { header: 'file', values: user.names } }))
    const values = predictionValues(prediction)
    return {
      id: entry.id,
      name: entry.name,
      source: user.source,
      rows: prediction.rows,
      task: prediction.task,
      files: user.names,
      skipped: user.skipped,
      resized: user.resized,
      agreement: agreementWithFolders(user.labels, values),
      ...values,
      out
    }
  })
}

function agreementWithFolders(labels: string[] | null, values: PredictionValues): PredictImageResult['agreement'] {
  if (!labels || !values.classNames) return null
  const known = new Set(values.classNames)
  let compared = 0
  let matching = 0
  labels.forEach((label, i) => {
    if (!known.has(label)) return
    compared++
    if (values.predictions[i] === label) matching++
  })
  return compared === 0 ? null : { matching, compared }
}

export function describePredictImage(result: PredictImageResult): string {
  const lines = [`${result.id} "${result.name}" on ${result.source}: ${result.rows} prediction${result.rows === 1 ? '' : 's'}`]
  if (result.resized > 0) lines.push(`Note: ${result.resized} image${result.resized === 1 ? ' had' : 's had'} another size and ${result.resized === 1 ? 'was' : 'were'} resized.`)
  if (result.skipped.length > 0) lines.push(`Skipped ${result.skipped.length}: ${shortList(result.skipped.map((s) => `${s.file} (${s.reason})`), 3)}`)
  if (result.agreement) {
    const { matching, compared } = result.agreement
    lines.push(`Agrees with the sub-folder names on ${matching} of ${compared} images (${((100 * matching) / compared).toFixed(1)} %) whose class the learnware knows.`)
  }
  if (result.out !== null) {
    lines.push(`Wrote ${result.out}: ${summarizePredictions(result)}`)
    return lines.join('\n')
  }
  const listing = predictionListing(result)
  lines.push('', ...listing.map((line, i) => `${line}  ${result.files[i]}`))
  return lines.join('\n')
}
