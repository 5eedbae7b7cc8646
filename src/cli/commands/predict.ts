/**
 * `learnware-dock predict <id> <data.csv> [--out preds.csv] [--target COL] [--ignore a,b] [--json]` — runs a
 * learnware of the dock on the user's table: columns matched to the learnware's inputs by name (else by
 * order), categorical columns encoded the learnware's way, missing cells filled with its training means.
 * Prints which columns matched and the predictions (class names, or values); `--out` writes them as CSV
 * with one probability column per class. Learnwares the dock cannot run (Python models, failed checks) are
 * refused with the reason.
 *
 * JSON: {"id","name","source","rows","task","alignment":{"by","matched","missing","extra"},"notes":[…],
 *        "predictions":[…],"classNames":[…]|null,"probabilities":[[…]…]|null,"targetNames":[…]|null,"out":…|null}
 *
 * Example:
 *   learnware-dock predict lwd-00000001 new_flowers.csv --out predictions.csv
 */

import { writeFile } from 'node:fs/promises'
import { loadTableFile } from '../../engine/data'
import type { DockEntry } from '../../engine/dock'
import { LearnwareError } from '../../engine/errors'
import { readLearnwarePackage } from '../../engine/learnware'
import { predictWithLearnware, type ColumnMatch, type LearnwarePrediction } from '../../engine/predict'
import { listOption, positionals, stringOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { progressBar } from '../terminal'
import { formatNumber, shortList } from '../textTable'
import { predictionCsv } from './predictionCsv'

export interface PredictCommandResult {
  id: string
  name: string
  source: string
  rows: number
  task: LearnwarePrediction['task']
  alignment: { by: 'name' | 'position'; matched: ColumnMatch[]; missing: string[]; extra: string[] }
  notes: string[]
  /** Class name per row (classification), value per row (one target) or values per row (several). */
  predictions: (string | number | number[])[]
  classNames: string[] | null
  /** rows × classes, when the model gives probabilities. */
  probabilities: number[][] | null
  targetNames: string[] | null
  out: string | null
}

export async function predictCommand(command: ParsedCommand): Promise<PredictCommandResult> {
  const [id, dataPath] = positionals(command, 2, 'learnware-dock predict <id> <data.csv> [--out preds.csv] [--dock DIR]')
  const out = stringOption(command.values.out) ?? null
  return withDock(command, async (dock, cache) => {
    const entry = dock.get(id)
    refuseUnrunnable(entry)
    const pkg = await readLearnwarePackage(await dock.packageBytes(entry.id), { label: entry.id })
    const bar = progressBar('Reading data')
    const table = await loadTableFile(dataPath, { target: stringOption(command.values.target), ignore: listOption(command.values.ignore) ?? [], onProgress: bar.listener })
    bar.done()
    const { prediction, alignment, notes } = await predictWithLearnware(pkg, table, { cache, timeoutMs: 120_000 })
    if (out !== null) await writeFile(out, predictionCsv(prediction))
    return {
      id: entry.id,
      name: entry.name,
      source: table.source,
      rows: prediction.rows,
      task: prediction.task,
      alignment: { by: alignment.by, matched: alignment.matched, missing: alignment.missing, extra: alignment.extra },
      notes,
      ...predictionValues(prediction),
      out
    }
  })
}

function refuseUnrunnable(entry: DockEntry): void {
  if (entry.status === 'usable') return
  const what = `${entry.id} ("${entry.name}")`
  if (entry.status === 'not-runnable') {
    throw new LearnwareError('MODEL_NOT_RUNNABLE', `${what} cannot be run here: ${entry.statusReason}`, {
      hint: 'Search and inspect it here, or convert its model to ONNX and pack it with learnware-dock pack.'
    })
  }
  throw new LearnwareError('MODEL_NOT_RUNNABLE', `${what} failed the learnware check and is not run: ${entry.statusReason}`, {
    hint: `See learnware-dock dock show ${entry.id}; remove it, or add a corrected package.`
  })
}

function predictionValues(prediction: LearnwarePrediction): Pick<PredictCommandResult, 'predictions' | 'classNames' | 'probabilities' | 'targetNames'> {
  if (prediction.task === 'classification') {
    const classCount = prediction.probabilities && prediction.rows > 0 ? prediction.probabilities.length / prediction.rows : 0
    return {
      predictions: prediction.labelNames ?? Array.from(prediction.labels ?? [], String),
      classNames: prediction.classNames,
      probabilities: prediction.probabilities
        ? Array.from({ length: prediction.rows }, (_, r) => Array.from(prediction.probabilities!.subarray(r * classCount, (r + 1) * classCount)))
        : null,
      targetNames: null
    }
  }
  const k = prediction.targetsPerRow
  const rowValues = (r: number) => Array.from(prediction.values.subarray(r * k, (r + 1) * k))
  return {
    predictions: Array.from({ length: prediction.rows }, (_, r) => (k === 1 ? prediction.values[r] : rowValues(r))),
    classNames: null,
    probabilities: null,
    targetNames: prediction.targetNames
  }
}

export function describePredict(result: PredictCommandResult): string {
  const { alignment } = result
  const lines = [
    `${result.id} "${result.name}" on ${result.source}: ${result.rows} prediction${result.rows === 1 ? '' : 's'}`,
    `Columns ${alignment.by === 'name' ? 'matched by name' : 'taken by position'}: ${alignment.matched.length} matched` +
      `${alignment.matched.some((m) => m.input !== m.column) ? ` (${shortList(alignment.matched.filter((m) => m.input !== m.column).map((m) => `${m.column} → ${m.input}`), 6)})` : ''}` +
      `; missing: ${shortList(alignment.missing)}; extra (not used): ${shortList(alignment.extra)}`,
    ...result.notes.map((note) => `Note: ${note}`)
  ]
  if (result.out !== null) {
    lines.push(`Wrote ${result.out}: ${summarize(result)}`)
    return lines.join('\n')
  }
  lines.push('')
  result.predictions.forEach((value, r) => {
    const best = result.probabilities ? ` (${Math.max(...result.probabilities[r]).toFixed(3)})` : ''
    lines.push(`${String(r + 1).padStart(6)}  ${Array.isArray(value) ? value.map(formatNumber).join(', ') : typeof value === 'number' ? formatNumber(value) : value}${best}`)
  })
  return lines.join('\n')
}

function summarize(result: PredictCommandResult): string {
  if (result.task === 'classification') {
    const counts = new Map<string, number>()
    for (const label of result.predictions as string[]) counts.set(label, (counts.get(label) ?? 0) + 1)
    return [...counts].map(([label, count]) => `${label} ×${count}`).join(', ')
  }
  const values = result.predictions.flat() as number[]
  const finite = values.filter(Number.isFinite)
  if (finite.length === 0) return 'no finite values'
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length
  return `values from ${formatNumber(Math.min(...finite))} to ${formatNumber(Math.max(...finite))}, mean ${formatNumber(mean)}`
}
