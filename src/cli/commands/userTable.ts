/**
 * The user's CSV as the commands that search with it or reuse on it read it: `--target` names the label
 * column, `--ignore` leaves columns out, and a file longer than `--max-rows` (default 200 000) is
 * reservoir-sampled with `--seed`. A progress bar goes to stderr while it loads.
 *
 * Example:
 *   const table = await loadUserTable(command, 'mine.csv')   // LoadedTable, target set when --target is given
 */

import { loadTableFile, type LoadedTable } from '../../engine/data'
import { listOption, numberOption, positiveIntegerOption, stringOption, type ParsedCommand } from '../args'
import { progressBar } from '../terminal'
import { DEFAULT_MAX_SPEC_ROWS } from './specTable'

export async function loadUserTable(command: ParsedCommand, dataPath: string): Promise<LoadedTable> {
  const bar = progressBar('Reading data')
  const table = await loadTableFile(dataPath, {
    target: stringOption(command.values.target),
    ignore: listOption(command.values.ignore) ?? [],
    maxRows: positiveIntegerOption(command.values['max-rows'], 'max-rows') ?? DEFAULT_MAX_SPEC_ROWS,
    seed: numberOption(command.values.seed, 'seed') ?? 0,
    onProgress: bar.listener
  })
  bar.done()
  return table
}
