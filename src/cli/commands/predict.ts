/**
 * `learnware-dock predict <id> <data.csv> [--out preds.csv] [--target COL] [--ignore a,b] [--json]` — runs a
 * learnware of the dock on the user's table: columns matched to the learnware's inputs by name (else by
 * order), categorical columns encoded the learnware's way, missing cells filled with its training means.
 * Prints which columns matched and the predictions (class names, or values); `--out` writes them as CSV
 * with one probability column per class. Learnwares the dock cannot run (Python models, failed checks) are
 * refused with the reason; image and text learnwares take `--images DIR` / `--text-column C` instead
 * (predictImage.ts, predictText.ts).
 *
 * JSON: {"id","name","source","rows","task","alignment":{"by","matched","missing","extra"},"notes":[…],
 *        "predictions":[…],"classNames":[…]|null,"probabilities":[[…]…]|null,"targetNames":[…]|null,"out":…|null}
 *
 * Example:
 *   learnware-dock predict lwd-00000001 new_flowers.csv --out predictions.csv
 */

import { writeFile } from 'node:fs/promises'
import { loadTableFile } from '../../engine/data'
import { readLearnwarePackage } from '../../engine/learnware'
import { LearnwareError } from '../../engine/errors'
import { predictWithLearnware, readImageInput, type ColumnMatch, type LearnwarePrediction } from '../../engine/predict'
import { checkRunnable } from '../../engine/reuse'
import { listOption, positionals, stringOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { progressBar } from '../terminal'
import { shortList } from '../textTable'
import { predictionCsv } from './predictionCsv'
import { predictionListing, predictionValues, summarizePredictions, type PredictionValues } from './predictionOutput'

export interface PredictCommandResult extends PredictionValues {
  id: string
  name: string
  source: string
  rows: number
  task: LearnwarePrediction['task']
  alignment: { by: 'name' | 'position'; matched: ColumnMatch[]; missing: string[]; extra: string[] }
  notes: string[]
  out: string | null
}

export async function predictCommand(command: ParsedCommand): Promise<PredictCommandResult> {
  const [id, dataPath] = positionals(command, 2, 'learnware-dock predict <id> <data.csv> [--out preds.csv] [--dock DIR]')
  const out = stringOption(command.values.out) ?? null
  return withDock(command, async (dock, cache) => {
    const entry = dock.get(id)
    checkRunnable(entry)
    const pkg = await readLearnwarePackage(await dock.packageBytes(entry.id), { label: entry.id })
    if (readImageInput(pkg)) {
      throw new LearnwareError('DATA_BAD_VALUE', `${entry.id} ("${entry.name}") is an image learnware: it takes images, not a table`, {
        hint: `Give it a folder of images: learnware-dock predict ${entry.id} --images <folder>`
      })
    }
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
    lines.push(`Wrote ${result.out}: ${summarizePredictions(result)}`)
    return lines.join('\n')
  }
  lines.push('', ...predictionListing(result))
  return lines.join('\n')
}
