/**
 * `learnware-dock search [--spec spec.json | --data data.csv [--target COL]] [--name TEXT] [--task T]
 *  [--data-type T] [--scenario S] [--library L] [--license L] [--limit N] [--mixture greedy|auto|none]`
 * — finds learnwares in the dock: semantic filters and text first, then, with data or a spec, ranking by
 * MMD² and a recommended weighted combination. With `--data` the user's spec is made here, once per column
 * arrangement the learnwares need (columns are matched by name), and the data never leaves the machine.
 *
 * JSON: {"single":[{"id","name","score","mmd2"}…],"mixture":{"ids","names","weights","mmd2","score"}|null,
 *        "alignments":[{"by","learnwareIds","matchedColumns","gamma","unusedColumns"}…],
 *        "semanticMatches":N,"skippedForDimension":[…],"warnings":[…]}
 *
 * Example:
 *   learnware-dock search --data mine.csv --target label --task Classification --limit 5
 */

import { LearnwareError } from '../../engine/errors'
import type { Dock } from '../../engine/dock'
import { searchDockWithSpec, searchDockWithTable, type DockSearchOptions, type DockSearchResult, type MixtureMethod } from '../../engine/search'
import type { RkmeTableSpec } from '../../engine/spec'
import { DATA_TYPES, LIBRARY_TYPES, LICENSES, SCENARIOS, TASK_TYPES } from '../../engine/spec/semantic'
import { choiceListOption, choiceOption, numberOption, positionals, positiveIntegerOption, stringOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { formatNumber, scoreBar, shortList, textTable } from '../textTable'
import { readSpecFile } from './specDist'
import { loadUserTable } from './userTable'

const USAGE = 'learnware-dock search [--data data.csv [--target COL] | --spec spec.json] [--name TEXT] [--task T] [--limit N] [--mixture greedy|auto|none]'
const MIXTURE_METHODS: readonly MixtureMethod[] = ['greedy', 'auto', 'none']

export interface SearchCommandResult extends DockSearchResult {
  /** E.g. a `--spec` whose kernel width differs from the learnwares' (its distances are then not comparable). */
  warnings: string[]
}

export async function searchCommand(command: ParsedCommand): Promise<SearchCommandResult> {
  positionals(command, 0, USAGE)
  const specPath = stringOption(command.values.spec)
  const dataPath = stringOption(command.values.data)
  if (specPath !== undefined && dataPath !== undefined) {
    throw new LearnwareError('USAGE', 'search takes --spec or --data, not both', { hint: USAGE })
  }
  if (command.values.target !== undefined && dataPath === undefined) {
    throw new LearnwareError('USAGE', '--target names the label column of --data; give --data too', { hint: USAGE })
  }
  const options = searchOptions(command)
  // Read the user's input before opening the dock: a bad file is the user's problem, not the dock's.
  const spec = specPath === undefined ? null : await readSpecFile(specPath)
  const table = dataPath === undefined ? null : await loadUserTable(command, dataPath)
  return withDock(command, async (dock) => {
    if (table) return { ...(await searchDockWithTable(dock, table, options)), warnings: [] }
    const result = await searchDockWithSpec(dock, spec, options)
    return { ...result, warnings: spec ? gammaWarnings(dock, spec, result, specPath!) : [] }
  })
}

/**
 * A user's spec is compared with each learnware's as it is: with another kernel width γ the MMD² mixes two
 * kernels and ranks nothing meaningful (`--data` avoids this by making the user's spec with each learnware's γ).
 */
function gammaWarnings(dock: Dock, spec: RkmeTableSpec, result: DockSearchResult, specPath: string): string[] {
  const others = new Map<number, string[]>()
  for (const hit of result.single) {
    const gamma = dock.get(hit.id).statSpec?.gamma
    if (gamma !== undefined && gamma !== spec.gamma) others.set(gamma, [...(others.get(gamma) ?? []), hit.id])
  }
  return [...others].map(([gamma, ids]) =>
    `${specPath} uses γ = ${spec.gamma} but ${shortList(ids, 3)} use${ids.length === 1 ? 's' : ''} γ = ${gamma}; their distances are not comparable. ` +
    `Make your spec with --gamma ${gamma} (learnware-dock spec table … --gamma ${gamma}), or search with --data.`)
}

/** The search filters and settings of the command line (`reuse preview --from-search` shares them). */
export function searchOptions(command: ParsedCommand): DockSearchOptions {
  const { values } = command
  return {
    semantic: {
      text: stringOption(values.name),
      tasks: choiceListOption(values.task, 'task', TASK_TYPES),
      dataTypes: choiceListOption(values['data-type'], 'data-type', DATA_TYPES),
      scenarios: choiceListOption(values.scenario, 'scenario', SCENARIOS),
      libraries: choiceListOption(values.library, 'library', LIBRARY_TYPES),
      licenses: choiceListOption(values.license, 'license', LICENSES)
    },
    limit: positiveIntegerOption(values.limit, 'limit'),
    mixture: choiceOption(values.mixture, 'mixture', MIXTURE_METHODS),
    seed: numberOption(values.seed, 'seed'),
    k: positiveIntegerOption(values.k, 'k')
  }
}

export function describeSearch(result: SearchCommandResult): string {
  if (result.single.length === 0) {
    const skipped = result.skippedForDimension.length > 0 ? `; ${result.skippedForDimension.length} left out because they take a different number of features` : ''
    return `No learnware matches (${result.semanticMatches} passed the filters${skipped}).`
  }
  const rows = result.single.map((hit, i) => [
    String(i + 1),
    hit.id,
    hit.name,
    `${scoreBar(hit.score)} ${hit.score === null ? '' : hit.score.toFixed(3)}`.trimEnd(),
    hit.mmd2 === null ? '—' : formatNumber(hit.mmd2)
  ])
  const lines = [textTable(['#', 'ID', 'NAME', 'SCORE', 'MMD²'], rows)]
  if (result.mixture) {
    const { mixture } = result
    lines.push('', `Recommended combination (score ${mixture.score.toFixed(3)}, MMD² ${formatNumber(mixture.mmd2)}):`)
    mixture.ids.forEach((id, i) => lines.push(`  ${(mixture.weights[i] * 100).toFixed(1).padStart(5)} %  ${id}  ${mixture.names[i]}`))
  }
  if (result.alignments.length > 0) lines.push('', 'Column alignment:')
  for (const arrangement of result.alignments) {
    const how = arrangement.by === 'name'
      ? `${arrangement.matchedColumns.length} columns matched by name (${shortList(arrangement.matchedColumns, 8)})`
      : 'columns taken in your file\'s order (the learnwares do not name their inputs)'
    const unused = arrangement.unusedColumns.length > 0 ? `; unused: ${shortList(arrangement.unusedColumns)}` : ''
    lines.push(`  ${shortList(arrangement.learnwareIds, 5)}: ${how}${unused}; γ = ${formatNumber(arrangement.gamma)}`)
  }
  if (result.skippedForDimension.length > 0) {
    lines.push('', `Left out (different number of features): ${shortList(result.skippedForDimension, 5)}`)
  }
  if (result.warnings.length > 0) lines.push('', ...result.warnings.map((warning) => `Warning: ${warning}`))
  return lines.join('\n')
}
