/**
 * Decides what each column is for: the target the user named, the columns they asked to ignore, and
 * features — every numeric or categorical column left. Every mistake a user can make here (a misspelt
 * `--target`, ignoring everything) ends in one `LearnwareError` that lists the columns they can choose.
 *
 * Example:
 *   const names = columnNames(['sepal', '', 'sepal'], notes)        // ['sepal', 'column_2', 'sepal.1']
 *   const plan = planColumns('iris.csv', names, kinds, { target: 'species', ignore: ['id'] })
 *   plan.featureColumns   // [0, 1, 2, 3]
 */

import { LearnwareError } from '../errors'
import type { TableEncoding } from './tableEncoding'
import type { ColumnKind, ColumnRole, TableParseOptions } from './types'

export interface ColumnPlan {
  names: string[]
  kinds: ColumnKind[]
  roles: ColumnRole[]
  notes: (string | undefined)[]
  /** File positions of the features, in matrix order. */
  featureColumns: number[]
  targetColumn: number
}

type RoleOptions = Pick<TableParseOptions, 'target' | 'ignore' | 'columnKinds' | 'tableEncoding'>

/** Header cells → unique names: trimmed, blanks become `column_i`, repeats get `.1`, `.2` like pandas. */
export function columnNames(header: readonly string[] | undefined, count: number, notes: string[]): string[] {
  if (!header) return Array.from({ length: count }, (_, i) => `column_${i + 1}`)
  const used = new Set<string>()
  return Array.from({ length: count }, (_, i) => {
    let name = (header[i] ?? '').trim()
    if (name === '') {
      name = `column_${i + 1}`
      notes.push(`Column ${i + 1} has no name in the header; it is called "${name}".`)
    }
    const base = name
    for (let n = 1; used.has(name); n++) name = `${base}.${n}`
    if (name !== base) notes.push(`Column ${i + 1} repeats the name "${base}"; it is called "${name}".`)
    used.add(name)
    return name
  })
}

export function planColumns(source: string, names: string[], guessedKinds: ColumnKind[], options: RoleOptions): ColumnPlan {
  const find = (name: string, what: string) => findColumn(source, names, name, what)
  const kinds = [...guessedKinds]
  for (const [name, kind] of Object.entries(options.columnKinds ?? {})) kinds[find(name, 'column type override')] = kind
  const targetName = options.target ?? storedTargetIn(names, options.tableEncoding)
  const targetColumn = targetName === undefined ? -1 : find(targetName, 'target')
  const ignored = new Set((options.ignore ?? []).map((name) => find(name, 'ignore')))
  if (ignored.has(targetColumn)) {
    throw new LearnwareError('USAGE', `${source}: column "${targetName}" is both the target and ignored`, {
      hint: 'Remove it from the ignore list, or choose another target.'
    })
  }
  if (targetColumn >= 0 && kinds[targetColumn] === 'empty') {
    throw new LearnwareError('DATA_ALL_MISSING_COLUMN', `${source}: target column "${targetName}" has no values`, {
      hint: 'Every cell of it is empty or a missing marker (NA, N/A, NaN, null, ?).'
    })
  }
  const plan = emptyPlan(names, kinds, targetColumn)
  if (options.tableEncoding) return assignEncodedFeatures(source, plan, options.tableEncoding, ignored)
  names.forEach((_, c) => {
    if (c === targetColumn) return
    const reason = ignored.has(c) ? 'ignored as asked' : reasonToSkip(kinds[c])
    if (reason) plan.notes[c] = reason
    else plan.featureColumns.push(c)
    plan.roles[c] = reason ? 'ignored' : 'feature'
  })
  if (plan.featureColumns.length === 0) throw noFeatures(source, plan)
  return plan
}

function emptyPlan(names: string[], kinds: ColumnKind[], targetColumn: number): ColumnPlan {
  const roles = names.map((): ColumnRole => 'ignored')
  if (targetColumn >= 0) roles[targetColumn] = 'target'
  return { names, kinds, roles, notes: names.map(() => undefined), featureColumns: [], targetColumn }
}

/** At prediction time the stored encoding, not the data, says which columns are features and how. */
function assignEncodedFeatures(source: string, plan: ColumnPlan, encoding: TableEncoding, ignored: Set<number>): ColumnPlan {
  const absent = encoding.features.filter((f) => !plan.names.includes(f.name)).map((f) => `"${f.name}"`)
  if (absent.length > 0) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `${source}: missing column${absent.length > 1 ? 's' : ''} ${absent.join(', ')}`, {
      hint: `The model needs: ${encoding.features.map((f) => f.name).join(', ')}. Columns are: ${listNames(plan.names)}`
    })
  }
  for (const feature of encoding.features) {
    const c = plan.names.indexOf(feature.name)
    if (ignored.has(c) || c === plan.targetColumn) {
      throw new LearnwareError('USAGE', `${source}: column "${feature.name}" is a feature of the model and cannot be ignored or the target`)
    }
    plan.kinds[c] = feature.kind
    plan.roles[c] = 'feature'
    plan.featureColumns.push(c)
  }
  plan.names.forEach((_, c) => {
    if (plan.roles[c] === 'ignored') plan.notes[c] = ignored.has(c) ? 'ignored as asked' : 'not used by the model'
  })
  return plan
}

/** New data that still has the label column (an evaluation set) gets its target read too. */
function storedTargetIn(names: string[], encoding: TableEncoding | undefined): string | undefined {
  const name = encoding?.target?.name
  return name !== undefined && names.includes(name) ? name : undefined
}

function reasonToSkip(kind: ColumnKind): string | undefined {
  if (kind === 'text') return 'free text: left out of the matrix (set its kind to categorical to use it)'
  if (kind === 'empty') return 'every value is missing: left out of the matrix'
  return undefined
}

function findColumn(source: string, names: string[], name: string, what: string): number {
  const index = names.indexOf(name)
  if (index >= 0) return index
  const near = names.find((candidate) => candidate.toLowerCase() === name.trim().toLowerCase())
  throw new LearnwareError('DATA_UNKNOWN_COLUMN', `${source}: no column named "${name}" (${what})`, {
    hint: `${near ? `Did you mean "${near}"? ` : ''}Columns are: ${listNames(names)}`
  })
}

function noFeatures(source: string, plan: ColumnPlan): LearnwareError {
  const described = plan.names.map((name, c) => `${name} (${c === plan.targetColumn ? 'target' : plan.notes[c] ?? plan.kinds[c]})`)
  return new LearnwareError('DATA_NO_FEATURES', `${source}: no numeric or categorical column is left to use as a feature`, {
    hint: `Columns: ${described.slice(0, 20).join('; ')}${described.length > 20 ? '; …' : ''}`
  })
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 30).join(', ')
  return names.length > 30 ? `${shown}, … (${names.length} in all)` : shown
}
