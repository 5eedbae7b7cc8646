/**
 * Searching a dock: semantic filters and text first, then — when the user brings data or a spec — the
 * statistical search over the survivors. With a table of data whose columns have names, each learnware
 * whose `Input.Description` names its columns gets the user's columns in its own order (and only those):
 * one user spec per distinct column arrangement (and kernel width γ, which a learnware's spec records), so a
 * CSV with extra or reordered columns still finds its learnwares. The result says which columns matched,
 * for every arrangement used.
 *
 * Example:
 *   const dock = await openDock(dir)
 *   const table = await loadTableFile('mine.csv', { target: 'label' })
 *   const result = await searchDockWithTable(dock, table, { semantic: { tasks: ['Classification'] } })
 *   result.single[0]    // { id, name, score, mmd2 }
 *   result.mixture      // { ids, names, weights, mmd2, score } | null
 *   result.alignments   // [{ by: 'name', learnwareIds, matchedColumns, unusedColumns }]
 */

import type { LoadedTable } from '../data'
import type { Dock, DockEntry, DockEntrySummary } from '../dock'
import { alignColumns } from '../predict/columnAlignment'
import { generateRkmeTableSpec, type RkmeTableSpec } from '../spec'
import { semanticSearch, type SemanticQuery } from './semantic'
import { groupedStatisticalSearch, type AlignedGroup, type StatisticalSearchOptions, type StatisticalSearchResult } from './statistical'
import type { SpecCandidate } from './mixture'

export interface DockSearchOptions extends StatisticalSearchOptions {
  semantic?: SemanticQuery
  /** Most single results returned (after Beimingwu's 0.6 score filter). */
  limit?: number
  /** Seed and K for the user specs made from data. */
  seed?: number
  k?: number
  signal?: AbortSignal
}

export interface DockSearchHit {
  id: string
  name: string
  /** Beimingwu's relative matching score (0–1); for a semantic-only search the text score / 100, or null. */
  score: number | null
  /** MMD² to the user's data; null for a semantic-only search. */
  mmd2: number | null
}

export interface DockSearchResult {
  single: DockSearchHit[]
  mixture: { ids: string[]; names: string[]; weights: number[]; mmd2: number; score: number } | null
  alignments: ColumnArrangement[]
  /** Learnwares that passed the semantic filters. */
  semanticMatches: number
  /** Learnwares left out of the statistical search because their feature count differs. */
  skippedForDimension: string[]
}

export interface ColumnArrangement {
  by: 'name' | 'position'
  learnwareIds: string[]
  /** Learnware input names matched to the user's columns (by name), in the learnware's order. */
  matchedColumns: string[]
  /** Kernel width of the learnwares' specs (the user's spec is made with the same). */
  gamma: number
  /** User columns this arrangement leaves out. */
  unusedColumns: string[]
}

/** Semantic search only, or semantic + statistical with a spec the user already has. */
export async function searchDockWithSpec(dock: Dock, spec: RkmeTableSpec | null, options: DockSearchOptions = {}): Promise<DockSearchResult> {
  const { entries, textScores } = semanticSurvivors(dock, options.semantic ?? {})
  if (spec === null) return semanticOnlyResult(entries, textScores, options.limit)
  const candidates = candidatesFor(dock, entries)
  const result = await groupedStatisticalSearch([{ user: spec, candidates }], options)
  return finish(entries, result, [], options.limit)
}

/** Semantic + statistical search with the user's own table: user specs are made here, per column arrangement. */
export async function searchDockWithTable(dock: Dock, table: LoadedTable, options: DockSearchOptions = {}): Promise<DockSearchResult> {
  const { entries } = semanticSurvivors(dock, options.semantic ?? {})
  const { arrangements, unmatched } = arrangeColumns(dock, entries, table)
  const groups: AlignedGroup[] = []
  for (const arrangement of arrangements) {
    const columns = arrangement.sourceColumns
    const matrix = selectColumns(table.matrix, table.rowsKept, table.featuresPerRow, columns)
    const user = await generateRkmeTableSpec(matrix, table.rowsKept, columns.length, {
      seed: options.seed ?? 0, k: options.k ?? 100, gamma: arrangement.gamma,
      featureNames: columns.map((c) => table.featureNames[c]), signal: options.signal
    })
    groups.push({ user, candidates: candidatesFor(dock, arrangement.entries) })
  }
  const result = await groupedStatisticalSearch(groups, options)
  result.skippedForDimension.push(...unmatched)
  const reports = arrangements.map((a) => a.report)
  return finish(entries, result, reports, options.limit)
}

export function semanticSurvivors(dock: Dock, query: SemanticQuery): { entries: DockEntrySummary[]; textScores: Map<string, number | null> } {
  const all = dock.list({ status: ['usable', 'not-runnable'] })
  const matches = semanticSearch(all, query)
  const byId = new Map(all.map((e) => [e.id, e]))
  return { entries: matches.map((m) => byId.get(m.id)!), textScores: new Map(matches.map((m) => [m.id, m.textScore])) }
}

function candidatesFor(dock: Dock, entries: readonly DockEntrySummary[]): SpecCandidate[] {
  const wanted = new Set(entries.map((e) => e.id))
  return dock.specCandidates().filter((c) => wanted.has(c.id))
}

interface Arrangement {
  sourceColumns: number[]
  gamma: number
  entries: DockEntrySummary[]
  report: ColumnArrangement
}

/**
 * Groups learnwares by the user columns (in order) they need; unnamed inputs fall back to the user's order.
 * `unmatched`: learnwares whose inputs neither match the user's columns by name nor by count.
 */
function arrangeColumns(dock: Dock, entries: readonly DockEntrySummary[], table: LoadedTable): { arrangements: Arrangement[]; unmatched: string[] } {
  const byKey = new Map<string, Arrangement>()
  const unmatched: string[] = []
  const identity = table.featureNames.map((_, i) => i)
  for (const entry of entries) {
    const details = dock.get(entry.id)
    if (entry.featuresPerRow === null || details.statSpec === null) continue
    const gamma = details.statSpec.gamma
    const names = inputNames(details)
    const alignment = names ? alignColumns(names, table.featureNames) : null
    const byName = alignment !== null && alignment.missing.length === 0
    const sourceColumns = byName ? alignment.sourceColumns : identity
    if (!byName && entry.featuresPerRow !== table.featuresPerRow) { unmatched.push(entry.id); continue }
    const key = `${byName ? 'name' : 'position'}:${sourceColumns.join(',')}:${gamma}`
    let arrangement = byKey.get(key)
    if (!arrangement) {
      const used = new Set(sourceColumns)
      arrangement = {
        sourceColumns,
        gamma,
        entries: [],
        report: {
          by: byName ? 'name' : 'position',
          learnwareIds: [],
          matchedColumns: byName ? names! : [],
          gamma,
          unusedColumns: table.featureNames.filter((_, i) => !used.has(i))
        }
      }
      byKey.set(key, arrangement)
    }
    arrangement.entries.push(entry)
    arrangement.report.learnwareIds.push(entry.id)
  }
  return { arrangements: [...byKey.values()], unmatched }
}

/** The learnware's input column names when `Input.Description` names every input, else null. */
function inputNames(entry: DockEntry): string[] | null {
  const input = entry.inputDescription
  if (!input || entry.featuresPerRow === null) return null
  const names: string[] = []
  for (let i = 0; i < entry.featuresPerRow; i++) {
    const name = input.Description?.[String(i)]
    if (typeof name !== 'string' || name.trim() === '') return null
    names.push(name)
  }
  return names
}

function selectColumns(matrix: Float32Array, rows: number, width: number, columns: readonly number[]): Float32Array {
  if (columns.length === width && columns.every((c, i) => c === i)) return matrix
  const out = new Float32Array(rows * columns.length)
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < columns.length; j++) out[r * columns.length + j] = matrix[r * width + columns[j]]
  }
  return out
}

function semanticOnlyResult(entries: DockEntrySummary[], textScores: Map<string, number | null>, limit?: number): DockSearchResult {
  const single = entries.slice(0, limit ?? entries.length).map((e) => {
    const text = textScores.get(e.id)
    return { id: e.id, name: e.name, score: text === null || text === undefined ? null : text / 100, mmd2: null }
  })
  return { single, mixture: null, alignments: [], semanticMatches: entries.length, skippedForDimension: [] }
}

export function finish(entries: DockEntrySummary[], result: StatisticalSearchResult, alignments: ColumnArrangement[], limit?: number): DockSearchResult {
  const names = new Map(entries.map((e) => [e.id, e.name]))
  return {
    single: result.single.slice(0, limit ?? result.single.length).map((s) => ({ id: s.id, name: names.get(s.id) ?? s.id, score: s.score, mmd2: s.mmd2 })),
    mixture: result.mixture ? { ...result.mixture, names: result.mixture.ids.map((id) => names.get(id) ?? id) } : null,
    alignments,
    semanticMatches: entries.length,
    skippedForDimension: result.skippedForDimension
  }
}
