/**
 * Every SQL statement the dock runs against the `learnwares` table, prepared once. Callers own the
 * transactions; this module only reads and writes rows. Lookups accept our id or, failing that, a
 * Beimingwu origin id, and say so when an origin id is ambiguous.
 *
 * Example:
 *   const catalog = new LearnwareCatalog(db)
 *   const id = catalog.allocateId()                   // 'lwd-00000007' (inside a write transaction)
 *   catalog.insert(id, content, new Date().toISOString())
 *   catalog.resolve('00000042')                       // the row imported from Beimingwu's 00000042
 *   catalog.list({ status: 'usable', text: 'wine' })
 */

import type Database from 'better-sqlite3'
import { LearnwareError } from '../errors'
import { formatLearnwareId, type LearnwareContent, type LearnwareRow } from './dockEntry'
import type { DockStatus } from './packageCheck'
import type { StatSpecType } from '../learnware'

export interface ListFilter {
  status?: DockStatus | readonly DockStatus[]
  /** Semantic `Data`, e.g. 'Table'. */
  dataType?: string
  /** Semantic `Task`, e.g. 'Classification'. */
  task?: string
  /** Case-insensitive (ASCII) substring of the name or description, or an exact id / origin id. */
  text?: string
  featuresPerRow?: number
  limit?: number
  offset?: number
}

/** The columns recovery and search need, without the JSON. */
export interface PackageRef {
  id: string
  package_sha256: string
  package_size: number
  package_verified_mtime_ms: number | null
  status: DockStatus
  status_reason: string
}

export interface CandidateRef {
  id: string
  package_sha256: string
  self_inner: number
}

export interface TextCandidateRef extends CandidateRef {
  embedder: string
  language_json: string
}

const CONTENT_COLUMNS = [
  'origin_id', 'name', 'description', 'data_type', 'task', 'library', 'license', 'scenarios_json',
  'semantic_spec_json', 'input_json', 'output_json', 'status', 'status_reason', 'package_sha256',
  'package_size', 'package_verified_mtime_ms', 'stat_spec_type', 'features_per_row', 'stat_spec_json', 'self_inner',
  'language_json', 'embedder'
] as const satisfies readonly (keyof LearnwareContent)[]

export class LearnwareCatalog {
  private readonly statements: ReturnType<typeof prepareStatements>

  constructor(private readonly db: Database.Database) {
    this.statements = prepareStatements(db)
  }

  /** The next id; call inside the write transaction that inserts it, so a rollback gives it back unseen. */
  allocateId(): { seq: number; id: string } {
    const seq = this.statements.allocate.get() as number
    return { seq, id: formatLearnwareId(seq) }
  }

  insert(seq: number, id: string, content: LearnwareContent, now: string): void {
    this.statements.insert.run({ ...content, seq, id, now })
  }

  replaceContent(id: string, content: LearnwareContent, now: string): void {
    this.statements.replace.run({ ...content, id, now })
  }

  remove(id: string): boolean {
    return this.statements.remove.run(id).changes > 0
  }

  byId(id: string): LearnwareRow | undefined {
    return this.statements.byId.get(id) as LearnwareRow | undefined
  }

  /** The row with this id, else the one row with this Beimingwu origin id. */
  resolve(idOrOriginId: string): LearnwareRow {
    const row = this.byId(idOrOriginId)
    if (row) return row
    const matches = this.statements.byOriginId.all(idOrOriginId) as LearnwareRow[]
    if (matches.length === 1) return matches[0]
    if (matches.length > 1) {
      throw new LearnwareError('DOCK_CONFLICT', `Beimingwu id ${idOrOriginId} matches ${matches.length} learnwares: ${matches.map((m) => m.id).join(', ')}`, {
        hint: 'Use one of the dock ids listed.'
      })
    }
    throw new LearnwareError('DOCK_NOT_FOUND', `No learnware with id ${JSON.stringify(idOrOriginId)} in this dock`, {
      hint: 'Ids look like lwd-00000001; Beimingwu ids (00000042) work for learnwares imported from Beimingwu.'
    })
  }

  idBySha(sha256: string): string | undefined {
    return this.statements.idBySha.get(sha256) as string | undefined
  }

  list(filter: ListFilter = {}): LearnwareRow[] {
    const where: string[] = []
    const params: Record<string, unknown> = {}
    const statuses = filter.status === undefined ? [] : typeof filter.status === 'string' ? [filter.status] : [...filter.status]
    if (filter.status !== undefined) {
      statuses.forEach((status, i) => { params[`status${i}`] = status })
      where.push(statuses.length === 0 ? '0' : `status IN (${statuses.map((_, i) => `@status${i}`).join(', ')})`)
    }
    if (filter.dataType !== undefined) where.push('data_type = @dataType')
    if (filter.task !== undefined) where.push('task = @task')
    if (filter.featuresPerRow !== undefined) where.push('features_per_row = @featuresPerRow')
    if (filter.text !== undefined && filter.text !== '') {
      where.push("(name LIKE @pattern ESCAPE '\\' OR description LIKE @pattern ESCAPE '\\' OR id = @text OR origin_id = @text)")
      params.pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      params.text = filter.text
    }
    Object.assign(params, { dataType: filter.dataType, task: filter.task, featuresPerRow: filter.featuresPerRow })
    for (const key of Object.keys(params)) if (params[key] === undefined) delete params[key]
    const sql = `SELECT * FROM learnwares${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT @limit OFFSET @offset`
    return this.db.prepare(sql).all({ ...params, limit: filter.limit ?? -1, offset: filter.offset ?? 0 }) as LearnwareRow[]
  }

  packageRefs(): PackageRef[] {
    return this.statements.packageRefs.all() as PackageRef[]
  }

  /** Table-spec learnwares with one of `statuses`, optionally of one feature count. */
  candidateRefs(statuses: readonly DockStatus[], featuresPerRow?: number): CandidateRef[] {
    if (statuses.length === 0) return []
    const params: Record<string, unknown> = {}
    statuses.forEach((status, i) => { params[`status${i}`] = status })
    let sql = `SELECT id, package_sha256, self_inner FROM learnwares
      WHERE stat_spec_type = 'RKMETableSpecification' AND status IN (${statuses.map((_, i) => `@status${i}`).join(', ')})`
    if (featuresPerRow !== undefined) {
      sql += ' AND features_per_row = @featuresPerRow'
      params.featuresPerRow = featuresPerRow
    }
    return this.db.prepare(`${sql} ORDER BY seq`).all(params) as CandidateRef[]
  }

  /** Text-spec learnwares with one of `statuses`, with the facts the text search filters on. */
  textCandidateRefs(statuses: readonly DockStatus[]): TextCandidateRef[] {
    return this.refsOfType('RKMETextSpecification', statuses, ', embedder, language_json') as TextCandidateRef[]
  }

  /** Image-spec learnwares with one of `statuses`. */
  imageCandidateRefs(statuses: readonly DockStatus[]): CandidateRef[] {
    return this.refsOfType('RKMEImageSpecification', statuses, '') as CandidateRef[]
  }

  private refsOfType(type: StatSpecType, statuses: readonly DockStatus[], extraColumns: string): unknown[] {
    if (statuses.length === 0) return []
    const params: Record<string, unknown> = { type }
    statuses.forEach((status, i) => { params[`status${i}`] = status })
    return this.db.prepare(`SELECT id, package_sha256, self_inner${extraColumns} FROM learnwares
      WHERE stat_spec_type = @type AND status IN (${statuses.map((_, i) => `@status${i}`).join(', ')}) ORDER BY seq`).all(params)
  }

  statSpecJson(id: string): string | undefined {
    return this.statements.statSpecJson.get(id) as string | undefined
  }

  flagInvalid(id: string, reason: string, now: string): void {
    this.statements.flag.run(reason, now, id)
  }

  recordVerified(id: string, mtimeMs: number): void {
    this.statements.verified.run(mtimeMs, id)
  }
}

function prepareStatements(db: Database.Database) {
  const assignments = CONTENT_COLUMNS.map((column) => `${column} = @${column}`).join(', ')
  return {
    allocate: db.prepare("UPDATE dock_counters SET value = value + 1 WHERE name = 'learnware_id' RETURNING value").pluck(),
    insert: db.prepare(
      `INSERT INTO learnwares (seq, id, ${CONTENT_COLUMNS.join(', ')}, created_at, updated_at)
       VALUES (@seq, @id, ${CONTENT_COLUMNS.map((column) => `@${column}`).join(', ')}, @now, @now)`
    ),
    replace: db.prepare(`UPDATE learnwares SET ${assignments}, updated_at = @now WHERE id = @id`),
    remove: db.prepare('DELETE FROM learnwares WHERE id = ?'),
    byId: db.prepare('SELECT * FROM learnwares WHERE id = ?'),
    byOriginId: db.prepare('SELECT * FROM learnwares WHERE origin_id = ? ORDER BY seq'),
    idBySha: db.prepare('SELECT id FROM learnwares WHERE package_sha256 = ?').pluck(),
    packageRefs: db.prepare(
      'SELECT id, package_sha256, package_size, package_verified_mtime_ms, status, status_reason FROM learnwares ORDER BY seq'
    ),
    flag: db.prepare("UPDATE learnwares SET status = 'invalid', status_reason = ?, updated_at = ? WHERE id = ?"),
    verified: db.prepare('UPDATE learnwares SET package_verified_mtime_ms = ? WHERE id = ?'),
    statSpecJson: db.prepare('SELECT stat_spec_json FROM learnwares WHERE id = ?').pluck()
  }
}
