/**
 * Running an export bundle on a CSV from inside Learnware Dock (the CLI's `run-bundle`): the manifest's
 * encoding turns the file into the model's feature rows — through the same table loader the app uses, so
 * the bundle's `predict.mjs` and this agree — and the bundle's own model.onnx predicts. Nothing from the
 * dock is needed: a bundle exported on one machine runs on another.
 *
 * Example:
 *   const run = await runBundle('wine-bundle.zip', 'new_wines.csv', { timeoutMs: 30_000 })
 *   run.labelNames        // ['cultivar 2', 'cultivar 1', …]  (classification)
 *   run.values            // Float32Array rows × targetsPerRow  (regression)
 *   run.notes             // plain-language remarks: ignored columns, unreadable values …
 */

import { applyEncoding, readTableEncoding } from '../data'
import type { Cancellable, ProgressListener } from '../progress'
import { loadOnnxModel } from '../runtime'
import { LearnwareError } from '../errors'
import { inputKind } from './mediaInput'
import { readBundle } from './readBundle'

export interface RunBundleOptions extends Cancellable {
  timeoutMs?: number
  onProgress?: ProgressListener
}

export interface BundleRun {
  /** The CSV file the predictions are for. */
  source: string
  bundle: string
  rows: number
  task: 'classification' | 'regression'
  classNames: string[] | null
  /** Class index per row. */
  labels: Int32Array | null
  labelNames: string[] | null
  /** rows × classes. */
  probabilities: Float32Array | null
  targetName: string | null
  /** rows × targetsPerRow. */
  values: Float32Array | null
  targetsPerRow: number
  notes: string[]
}

export async function runBundle(bundle: Uint8Array | string, csvPath: string, options: RunBundleOptions = {}): Promise<BundleRun> {
  const { manifest, model, label } = await readBundle(bundle)
  const kind = inputKind(manifest)
  if (kind !== 'table') {
    throw new LearnwareError('DATA_BAD_VALUE', `${label} takes ${kind}, not a table: it cannot be run on ${csvPath}`, {
      hint: `Unzip it and run node predict.mjs ${kind === 'images' ? '--images FOLDER' : '--texts file.csv'} in its folder (Node and onnxruntime-node only).`
    })
  }
  const encoding = readTableEncoding(manifest.input.encoding, `${label}: manifest.json input.encoding`)
  const table = await applyEncoding(encoding, csvPath, { signal: options.signal, onProgress: options.onProgress })
  const session = await loadOnnxModel(model, { source: `${label}: ${manifest.model.file}` })
  try {
    const classNames = manifest.output.classNames ?? null
    const out = await session.predict(table.matrix, table.rowsKept, table.featuresPerRow, {
      task: manifest.task,
      classNames: classNames ?? undefined,
      timeoutMs: options.timeoutMs,
      signal: options.signal
    })
    const base = { source: table.source, bundle: label, rows: table.rowsKept, notes: table.notes }
    if (out.task === 'regression') {
      return { ...base, task: 'regression', classNames: null, labels: null, labelNames: null, probabilities: null, targetName: manifest.output.targetName ?? null, values: out.values, targetsPerRow: out.targetsPerRow }
    }
    return { ...base, task: 'classification', classNames, labels: out.labels, labelNames: out.labelNames, probabilities: out.probabilities, targetName: null, values: null, targetsPerRow: 0 }
  } finally {
    await session.dispose()
  }
}
