/**
 * `learnware-dock spec text <texts.csv | folder> --out <spec.json> [--column C] [--embedder-model DIR]
 *  [--k 100] [--seed 0] [--json]` — makes an RKME text specification (Beimingwu's RKMETextSpecification
 * plus our `embedder` key) of the user's texts on this machine, with the built-in embedder unless a
 * sentence-embedding ONNX model folder is given.
 *
 * JSON: {"texts","skipped","language":[…],"embedder","k","seconds","out","notes":[…]}
 */

import { writeFile } from 'node:fs/promises'
import { LearnwareError } from '../../engine/errors'
import { generateRkmeTextSpec, serializeRkmeTextSpec } from '../../engine/text'
import { numberOption, positionals, positiveIntegerOption, requiredOption, stringOption, type ParsedCommand } from '../args'
import { progressBar } from '../terminal'
import { loadUserTexts, optionalEmbedder } from './textInput'

const USAGE = 'learnware-dock spec text <texts.csv | folder> --out spec.json [--column C] [--embedder-model DIR]'

export interface SpecTextSummary {
  texts: number
  skipped: number
  language: string[]
  embedder: string
  k: number
  seconds: number
  out: string
  notes: string[]
}

export async function specTextCommand(command: ParsedCommand): Promise<SpecTextSummary> {
  const [path] = positionals(command, 1, USAGE)
  const out = requiredOption(command, 'out', USAGE)
  const started = performance.now()
  const docs = await loadUserTexts(path, stringOption(command.values.column))
  if (docs.texts.length === 0) throw new LearnwareError('DATA_EMPTY', `${docs.source}: no texts to make a specification from`)
  const embedder = await optionalEmbedder(command)
  const bar = progressBar('Text specification')
  try {
    const spec = await generateRkmeTextSpec(docs.texts, {
      ...(embedder ? { embedder } : {}),
      k: positiveIntegerOption(command.values.k, 'k') ?? 100,
      seed: numberOption(command.values.seed, 'seed') ?? 0,
      onProgress: bar.listener
    })
    await writeFile(out, serializeRkmeTextSpec(spec))
    bar.done()
    return {
      texts: docs.texts.length,
      skipped: docs.skipped.length,
      language: spec.language,
      embedder: spec.embedder,
      k: spec.rkme.k,
      seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
      out,
      notes: docs.notes
    }
  } finally {
    await embedder?.dispose?.()
  }
}

export function describeSpecText(summary: SpecTextSummary): string {
  const skipped = summary.skipped > 0 ? ` (${summary.skipped} skipped)` : ''
  const languages = summary.language.length > 0 ? summary.language.join(', ') : 'no language detected'
  return [
    `Wrote ${summary.out}: ${summary.k} points summarising the embeddings of ${summary.texts} texts${skipped} in ${summary.seconds} s.`,
    `Languages: ${languages}. Embedder: ${summary.embedder}. Your texts stayed on this machine.`,
    ...summary.notes.map((note) => `Note: ${note}`)
  ].join('\n')
}
