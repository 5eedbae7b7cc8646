/**
 * `learnware-dock predict <id> <texts.csv | folder> --text-column C [--out preds.csv] [--embedder-model DIR]`
 * — runs a text learnware on raw strings: the texts are embedded here with the learnware's embedder (the
 * built-in one, or the ONNX model folder given), then its model predicts.
 *
 * JSON: {"id","name","source","rows","task","embedder","notes":[…],"predictions":[…],"classNames","probabilities","out"}
 */

import { writeFile } from 'node:fs/promises'
import { readLearnwarePackage } from '../../engine/learnware'
import { predictWithLearnwareTexts, type LearnwarePrediction } from '../../engine/predict'
import { checkRunnable } from '../../engine/reuse'
import { positionals, stringOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { predictionCsv } from './predictionCsv'
import { predictionListing, predictionValues, summarizePredictions, type PredictionValues } from './predictionOutput'
import { loadUserTexts, optionalEmbedder } from './textInput'

const USAGE = 'learnware-dock predict <id> <texts.csv> --text-column C [--out preds.csv] [--embedder-model DIR]'

export interface PredictTextResult extends PredictionValues {
  id: string
  name: string
  source: string
  rows: number
  task: LearnwarePrediction['task']
  embedder: string
  notes: string[]
  out: string | null
}

export async function predictTextCommand(command: ParsedCommand): Promise<PredictTextResult> {
  const [id, dataPath] = positionals(command, 2, USAGE)
  const out = stringOption(command.values.out) ?? null
  const docs = await loadUserTexts(dataPath, stringOption(command.values['text-column']))
  const embedder = await optionalEmbedder(command)
  try {
    return await withDock(command, async (dock, cache) => {
      const entry = dock.get(id)
      checkRunnable(entry)
      const pkg = await readLearnwarePackage(await dock.packageBytes(entry.id), { label: entry.id })
      const result = await predictWithLearnwareTexts(pkg, docs.texts, { cache, timeoutMs: 120_000, embedders: embedder ? [embedder] : [] })
      if (out !== null) await writeFile(out, predictionCsv(result.prediction))
      return {
        id: entry.id,
        name: entry.name,
        source: docs.source,
        rows: result.prediction.rows,
        task: result.prediction.task,
        embedder: result.embedder,
        notes: docs.notes,
        ...predictionValues(result.prediction),
        out
      }
    })
  } finally {
    await embedder?.dispose?.()
  }
}

export function describePredictText(result: PredictTextResult): string {
  const lines = [
    `${result.id} "${result.name}" on ${result.source}: ${result.rows} prediction${result.rows === 1 ? '' : 's'} (texts embedded with ${result.embedder})`,
    ...result.notes.map((note) => `Note: ${note}`)
  ]
  if (result.out !== null) lines.push(`Wrote ${result.out}: ${summarizePredictions(result)}`)
  else lines.push('', ...predictionListing(result))
  return lines.join('\n')
}
