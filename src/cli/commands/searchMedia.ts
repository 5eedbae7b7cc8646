/**
 * `learnware-dock search --data texts.csv --text-column C [--embedder-model DIR]` and
 * `learnware-dock search --images DIR` (or an IDX images file) — the search with a user's texts or images instead of a table. Same
 * filters, same result shape and printout as the table search; the user's spec is made here (per embedder
 * present among the text learnwares: the built-in one, plus `--embedder-model` when given), and text
 * learnwares that cannot be compared (another embedder, other languages) are listed with the reason.
 *
 * JSON: the table search's fields plus, for texts, "language", "embedders" and "incomparable":[{"id","reason"}…].
 */

import { LearnwareError } from '../../engine/errors'
import { searchDockWithImages, searchDockWithTexts, type IncomparableLearnware } from '../../engine/search'
import { positionals, stringOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { shortList } from '../textTable'
import { describeSearch, searchOptions, type SearchCommandResult } from './search'
import { loadUserImages } from './imageInput'
import { loadUserTexts, optionalEmbedder } from './textInput'

const USAGE = 'learnware-dock search (--data texts.csv --text-column C [--embedder-model DIR] | --images DIR) [--name TEXT] [--limit N]'

export interface MediaSearchResult extends SearchCommandResult {
  language?: string[]
  embedders?: string[]
  incomparable?: IncomparableLearnware[]
}

/** True when the search command is given texts or images rather than a table. */
export function isMediaSearch(command: ParsedCommand): boolean {
  return command.values['text-column'] !== undefined || command.values.images !== undefined
}

export async function searchMediaCommand(command: ParsedCommand): Promise<MediaSearchResult> {
  positionals(command, 0, USAGE)
  const options = searchOptions(command)
  const imagesDir = stringOption(command.values.images)
  if (imagesDir !== undefined) {
    if (command.values.data !== undefined || command.values.spec !== undefined) {
      throw new LearnwareError('USAGE', 'search takes --images, --data or --spec, one of them', { hint: USAGE })
    }
    const user = await loadUserImages(imagesDir, { seed: options.seed ?? 0 })
    return withDock(command, async (dock) => ({ ...(await searchDockWithImages(dock, user.images, options)), warnings: [] }))
  }
  const dataPath = stringOption(command.values.data)
  if (dataPath === undefined) throw new LearnwareError('USAGE', '--text-column names the text column of --data; give --data too', { hint: USAGE })
  const docs = await loadUserTexts(dataPath, stringOption(command.values['text-column']))
  const embedder = await optionalEmbedder(command)
  try {
    return await withDock(command, async (dock) => {
      const result = await searchDockWithTexts(dock, docs.texts, { ...options, embedders: embedder ? [embedder] : [] })
      return { ...result, warnings: [] }
    })
  } finally {
    await embedder?.dispose?.()
  }
}

export function describeMediaSearch(result: MediaSearchResult): string {
  const lines = [describeSearch(result)]
  if (result.language) lines.push('', `Your texts: ${result.language.join(', ') || 'no language detected'}; embedded with ${shortList(result.embedders ?? [], 3)}.`)
  if (result.incomparable && result.incomparable.length > 0) {
    lines.push('Not compared:')
    for (const item of result.incomparable.slice(0, 10)) lines.push(`  ${item.id}: ${item.reason}`)
    if (result.incomparable.length > 10) lines.push(`  … and ${result.incomparable.length - 10} more`)
  }
  return lines.join('\n')
}
