/**
 * What `reuse preview` and `export` read from the command line and share: the user's labelled table
 * (`--data`, `--target`; images and texts: reuseMedia.ts), the learnwares to reuse — named with `--ids`, or `--from-search`: the dock search
 * on the same data (as `search --data`, with its filters), its top `--limit` (default 3) single matches and
 * the recommended mixture — and the labelled budget `--labelled` (default 100, or as many as the table
 * affords while keeping rows to score on). Options are checked before any file is read.
 *
 * Example:
 *   const source = learnwareSource(command, USAGE)            // { ids: ['lwd-00000003'] } | { top: 3 }
 *   const table = await loadLabelledTable(command, USAGE)
 *   const labelled = labelledBudget(command, table)          // 16 for a 26-row table without --labelled
 *   await withDock(command, async (dock) => selectLearnwares(command, source, dock, table))
 */

import type { LoadedTable } from '../../engine/data'
import type { Dock } from '../../engine/dock'
import { LearnwareError } from '../../engine/errors'
import {
  checkLabelledBudget,
  DEFAULT_SEARCH_TOP,
  loadReuseLearnwares,
  loadSearchedLearnwares,
  maxLabelledRows,
  minimumHeldOut,
  rowsWithTarget,
  type ReuseLearnware,
  type SearchedLearnwares
} from '../../engine/reuse'
import { searchDockWithTable } from '../../engine/search'
import { listOption, positiveIntegerOption, requiredOption, type ParsedCommand } from '../args'
import { searchOptions } from './search'
import { loadUserTable } from './userTable'

/** Rows the user would label when --labelled is not given (fewer when the table is small). */
export const DEFAULT_LABELLED_ROWS = 100

export type LearnwareSource = { ids: string[] } | { top: number }

export interface ReuseSelection {
  learnwares: ReuseLearnware[]
  /** With --from-search: the search's picks (top single ids, mixture ids); else null. */
  search: { single: string[]; mixture: string[] | null } | null
  /** With --from-search: learnwares it found that cannot be run here, with the reason. */
  skipped: SearchedLearnwares['skipped']
}

/** `--ids a,b` or `--from-search`, exactly one of them. */
export function learnwareSource(command: ParsedCommand, usage: string): LearnwareSource {
  const ids = listOption(command.values.ids)
  const fromSearch = command.values['from-search'] === true
  const name = command.path.join(' ')
  if (ids !== undefined && fromSearch) throw new LearnwareError('USAGE', `${name} takes --ids or --from-search, not both`, { hint: usage })
  if (fromSearch) return { top: positiveIntegerOption(command.values.limit, 'limit') ?? DEFAULT_SEARCH_TOP }
  if (ids === undefined) throw new LearnwareError('USAGE', `${name} needs --ids (learnware ids) or --from-search`, { hint: usage })
  if (ids.length === 0) throw new LearnwareError('USAGE', '--ids needs at least one learnware id', { hint: usage })
  if (command.values.limit !== undefined) throw new LearnwareError('USAGE', '--limit is the number of search results to reuse; it goes with --from-search', { hint: usage })
  return { ids }
}

/** The user's CSV with its label column: --data and --target are both required. */
export async function loadLabelledTable(command: ParsedCommand, usage: string): Promise<LoadedTable> {
  const dataPath = requiredOption(command, 'data', usage)
  requiredOption(command, 'target', usage)
  return loadUserTable(command, dataPath)
}

export async function selectLearnwares(command: ParsedCommand, source: LearnwareSource, dock: Dock, table: LoadedTable): Promise<ReuseSelection> {
  if ('ids' in source) return { learnwares: await loadReuseLearnwares(dock, source.ids), search: null, skipped: [] }
  const result = await searchDockWithTable(dock, table, { ...searchOptions(command), limit: source.top })
  const { learnwares, skipped } = await loadSearchedLearnwares(dock, result, { top: source.top })
  return {
    learnwares,
    search: { single: result.single.slice(0, source.top).map((hit) => hit.id), mixture: result.mixture?.ids ?? null },
    skipped
  }
}

/** --labelled, checked against the rows with a target; by default 100 or the most the table affords. */
export function labelledBudget(command: ParsedCommand, table: LoadedTable): number {
  const explicit = positiveIntegerOption(command.values.labelled, 'labelled')
  const usable = rowsWithTarget(table.target!).length
  const max = maxLabelledRows(usable)
  if (explicit !== undefined && explicit > max) {
    throw new LearnwareError('USAGE', `--labelled ${explicit} is more than ${table.source} affords: ${usable} rows have a target and ${minimumHeldOut(usable)} must be held out to score on`, {
      hint: max >= 2 ? `Use --labelled ${max} or less.` : 'Add rows with a target to the file.'
    })
  }
  const labelled = explicit ?? Math.min(DEFAULT_LABELLED_ROWS, max)
  checkLabelledBudget(labelled, usable, table.source)
  return labelled
}
