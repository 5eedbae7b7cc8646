/**
 * `learnware-dock spec table <data.csv> --out <spec.json> [--target COL] [--ignore a,b] [--k 100]
 *  [--gamma 0.1] [--seed 0] [--max-rows N] [--json]` — makes a table RKME of a CSV on this machine.
 */

import { writeFile } from 'node:fs/promises'
import { loadTableFile, type LoadedTable } from '../../engine/data'
import { LearnwareError } from '../../engine/errors'
import { generateRkmeTableSpec, serializeRkmeTableSpec } from '../../engine/spec'
import { progressBar, stagedProgress } from '../terminal'
import { listOption, numberOption, type ParsedCommand } from '../args'

/** Rows kept for the spec by default; bigger files are reservoir-sampled (the spec barely changes). */
export const DEFAULT_MAX_SPEC_ROWS = 200_000

export interface SpecTableSummary {
  rows: number
  totalRows: number
  sampled: boolean
  features: number
  k: number
  seconds: number
  out: string
  ignoredColumns: string[]
}

export async function specTableCommand(command: ParsedCommand): Promise<SpecTableSummary> {
  const [dataPath] = command.positionals
  const out = command.values.out
  if (!dataPath) throw new LearnwareError('USAGE', 'spec table needs a CSV file', { hint: 'learnware-dock spec table data.csv --out spec.json' })
  if (typeof out !== 'string') throw new LearnwareError('USAGE', 'spec table needs --out <spec.json>')
  const started = performance.now()
  const bar = progressBar('Specification')
  const [loadProgress, fitProgress] = stagedProgress(bar, [0.4, 0.6])
  const ignore = listOption(command.values.ignore) ?? []
  const table = await loadTableFile(dataPath, {
    target: typeof command.values.target === 'string' ? command.values.target : undefined,
    ignore,
    maxRows: numberOption(command.values['max-rows'], 'max-rows') ?? DEFAULT_MAX_SPEC_ROWS,
    seed: numberOption(command.values.seed, 'seed') ?? 0,
    onProgress: loadProgress
  })
  rejectAllMissingColumns(table, ignore)
  const spec = await generateRkmeTableSpec(table.matrix, table.rowsKept, table.featuresPerRow, {
    k: numberOption(command.values.k, 'k') ?? 100,
    gamma: numberOption(command.values.gamma, 'gamma') ?? 0.1,
    seed: numberOption(command.values.seed, 'seed') ?? 0,
    featureNames: table.featureNames,
    onProgress: fitProgress
  })
  // The spec describes every row of the file, also when it was fitted on a sample of them.
  spec.numPoints = table.totalRows
  await writeFile(out, serializeRkmeTableSpec(spec))
  bar.done()
  return {
    rows: table.rowsKept,
    totalRows: table.totalRows,
    sampled: table.sampled,
    features: table.featuresPerRow,
    k: spec.k,
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
    out,
    ignoredColumns: table.columns.filter((c) => c.role === 'ignored').map((c) => c.name)
  }
}

/**
 * A column with no values at all cannot be part of a spec (the reference stops with "All values in column
 * c are exceptional"); rather than dropping it silently, ask the user to leave it out explicitly.
 */
export function rejectAllMissingColumns(table: LoadedTable, ignore: string[]): void {
  const empty = table.columns.find((c) => c.kind === 'empty' && c.role !== 'target' && !ignore.includes(c.name))
  if (empty) {
    throw new LearnwareError('DATA_ALL_MISSING_COLUMN', `${table.source}: column "${empty.name}" has no values (every cell is missing)`, {
      hint: `Leave it out with --ignore ${empty.name}`
    })
  }
}

export function describeSpecTable(summary: SpecTableSummary): string {
  const rows = summary.sampled ? `${summary.rows} of ${summary.totalRows} rows (random sample)` : `${summary.rows} rows`
  const ignored = summary.ignoredColumns.length ? `; ignored: ${summary.ignoredColumns.join(', ')}` : ''
  return `Wrote ${summary.out}: ${summary.k} points summarising ${rows} × ${summary.features} features in ${summary.seconds} s${ignored}. Your data stayed on this machine.`
}
