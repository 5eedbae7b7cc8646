/**
 * `learnware-dock run-bundle <bundle.zip> <data.csv> [--out preds.csv] [--json]` — runs an exported bundle on
 * a CSV, as the bundle's own `predict.mjs` would: the manifest's encoding turns the file into feature rows
 * and the bundle's one ONNX graph predicts. No dock is needed, so a bundle made on one machine runs on any.
 * `--out` writes the predictions as CSV (class name and one probability column per class, or values).
 *
 * JSON: {"bundle","source","rows","task","notes":[…],"predictions":[…],"classNames":[…]|null,
 *        "probabilities":[[…]…]|null,"targetNames":[…]|null,"out":…|null}
 *
 * Example:
 *   learnware-dock run-bundle wines.zip new_wines.csv --out predictions.csv
 */

import { writeFile } from 'node:fs/promises'
import { runBundle, type BundleRun } from '../../engine/export'
import type { LearnwarePrediction } from '../../engine/predict'
import { positionals, stringOption, type ParsedCommand } from '../args'
import { progressBar } from '../terminal'
import { predictionCsv } from './predictionCsv'
import { predictionListing, predictionValues, summarizePredictions, type PredictionValues } from './predictionOutput'

export interface RunBundleCommandResult extends PredictionValues {
  bundle: string
  source: string
  rows: number
  task: BundleRun['task']
  notes: string[]
  out: string | null
}

export async function runBundleCommand(command: ParsedCommand): Promise<RunBundleCommandResult> {
  const [bundlePath, dataPath] = positionals(command, 2, 'learnware-dock run-bundle <bundle.zip> <data.csv> [--out preds.csv]')
  const out = stringOption(command.values.out) ?? null
  const bar = progressBar('Reading data')
  const run = await runBundle(bundlePath, dataPath, { timeoutMs: 120_000, onProgress: bar.listener })
  bar.done()
  const prediction = asPrediction(run)
  if (out !== null) await writeFile(out, predictionCsv(prediction))
  return { bundle: run.bundle, source: run.source, rows: run.rows, task: run.task, notes: run.notes, ...predictionValues(prediction), out }
}

/** A bundle's answer in the shape a learnware's has, so both print and write the same way. */
function asPrediction(run: BundleRun): LearnwarePrediction {
  if (run.task === 'classification') {
    return { task: 'classification', rows: run.rows, labels: run.labels, labelNames: run.labelNames, probabilities: run.probabilities, classNames: run.classNames }
  }
  return { task: 'regression', rows: run.rows, targetsPerRow: run.targetsPerRow, values: run.values!, targetNames: run.targetName === null ? null : [run.targetName] }
}

export function describeRunBundle(result: RunBundleCommandResult): string {
  const lines = [
    `${result.bundle} on ${result.source}: ${result.rows} prediction${result.rows === 1 ? '' : 's'}`,
    ...result.notes.map((note) => `Note: ${note}`)
  ]
  if (result.out !== null) lines.push(`Wrote ${result.out}: ${summarizePredictions(result)}`)
  else lines.push('', ...predictionListing(result))
  return lines.join('\n')
}
