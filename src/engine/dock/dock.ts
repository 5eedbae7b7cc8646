/**
 * The local dock: a catalog of learnwares over a content-addressed package store, with imports that are
 * all-or-nothing across crashes. Every import reads and checks the whole package in memory first (a
 * hostile or broken zip is refused before anything is written), then writes it to staging/ and fsyncs,
 * and finally — holding the catalog's write lock — renames it to packages/<sha256>.zip and inserts the
 * row in one transaction. A crash leaves at worst a staging file or an unreferenced package file, both
 * removed by the recovery that runs on every open.
 *
 * Example:
 *   const dock = await openDock(dir)
 *   const { id, status } = await dock.add('/downloads/wine.zip')   // 'lwd-00000001', 'usable'
 *   dock.get(id).statSpec                                          // parsed RkmeTableSpec
 *   await dock.update(id, { semanticSpec })
 *   await dock.remove(id)
 *   dock.close()
 */

import { mkdir, readFile, stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type Database from 'better-sqlite3'
import { LearnwareError } from '../errors'
import { DEFAULT_ZIP_LIMITS, type ZipSource } from '../learnware'
import type { SemanticSpec } from '../spec/semantic'
import { applyMigrations, CATALOG_MIGRATIONS, openCatalog } from './catalogMigrations'
import { learnwareContent, toEntry, toSummary, type DockEntry, type DockEntrySummary, type LearnwareRow } from './dockEntry'
import { CATALOG_FILE, dockLayout } from './dockLayout'
import { recoverDock, type RecoveryReport } from './dockRecovery'
import { LearnwareCatalog, type ListFilter } from './learnwareCatalog'
import { readLearnwareFacts, type LearnwareFacts } from './learnwareFacts'
import { defaultCheck, runCheck, type CheckResult, type DockCheck, type DockStatus } from './packageCheck'
import { PackageStore, sha256Hex } from './packageStore'
import { SpecCandidateCache, type ImageSpecCandidate, type SpecCandidate, type TextSpecCandidate } from './specCandidates'

export interface OpenDockOptions {
  /** The check `add`/`update` run when they are given none (default: `defaultCheck`). */
  check?: DockCheck
  /** 'changed' (default) re-hashes package files whose size or mtime changed; 'full' re-hashes all. */
  verifyPackages?: 'changed' | 'full'
  /** How long a write waits for another process's write (default 5000). */
  busyTimeoutMs?: number
}

export interface AddOptions {
  check?: DockCheck
  /** The learnware's semantic spec, when the package has none or it should be replaced. */
  semanticSpec?: unknown
  /** Same bytes already in the dock: 'error' (default, DOCK_CONFLICT) or return the existing learnware. */
  onDuplicate?: 'error' | 'return-existing'
  /** How messages name the package (default: the file name, or "package"). */
  label?: string
}

export interface UpdateOptions {
  /** A new package; omitted, the stored one is re-read (so `update(id)` alone re-runs the check). */
  zip?: ZipSource
  semanticSpec?: unknown
  check?: DockCheck
  label?: string
}

export interface ImportResult extends CheckResult {
  id: string
}

export interface AddResult extends ImportResult {
  /** True when the bytes were already in the dock and `onDuplicate: 'return-existing'` returned them. */
  duplicate: boolean
}

export interface SpecCandidateQuery {
  featuresPerRow?: number
  /** Default: usable and not-runnable (a Python model is still worth finding); never invalid ones. */
  statuses?: readonly DockStatus[]
}

const SEARCHABLE: readonly DockStatus[] = ['usable', 'not-runnable']

export async function openDock(dir: string, options: OpenDockOptions = {}): Promise<Dock> {
  const layout = dockLayout(resolve(dir))
  const store = new PackageStore(layout)
  try {
    await mkdir(layout.dir, { recursive: true })
    await store.ensureFolders()
  } catch (cause) {
    throw new LearnwareError('IO_WRITE_FAILED', `Cannot create the dock folder ${layout.dir}: ${messageOf(cause)}`, { cause })
  }
  const db = openCatalog(layout.catalogPath, { busyTimeoutMs: options.busyTimeoutMs })
  try {
    applyMigrations(db, CATALOG_MIGRATIONS, `${layout.dir}/${CATALOG_FILE}`)
    const catalog = new LearnwareCatalog(db)
    const recovery = recoverDock(db, catalog, store, { rehash: options.verifyPackages === 'full' })
    return new Dock(db, catalog, store, recovery, options.check ?? defaultCheck)
  } catch (error) {
    db.close()
    throw error
  }
}

export class Dock {
  readonly dir: string
  private readonly specs: SpecCandidateCache
  private closed = false

  /** Use `openDock`, which migrates and recovers the folder first. */
  constructor(
    private readonly db: Database.Database,
    private readonly catalog: LearnwareCatalog,
    private readonly store: PackageStore,
    /** What the recovery on open found and repaired. */
    readonly recovery: RecoveryReport,
    private readonly defaultCheck: DockCheck
  ) {
    this.dir = store.layout.dir
    this.specs = new SpecCandidateCache(catalog)
  }

  async add(zip: ZipSource, options: AddOptions = {}): Promise<AddResult> {
    this.assertOpen()
    const label = options.label ?? labelOf(zip)
    const bytes = await loadZipBytes(zip, label)
    const sha256 = sha256Hex(bytes)
    const known = this.catalog.idBySha(sha256)
    if (known) return this.duplicateOf(known, sha256, label, options.onDuplicate)
    const { pkg, facts } = await readLearnwareFacts(bytes, { label, semanticSpec: options.semanticSpec })
    const check = await runCheck(options.check ?? this.defaultCheck, pkg)
    const outcome = await this.stageAndCommit(bytes, sha256, (stagedPath): { clash: string } | { id: string } => {
      // Checked again under the write lock: another process may have imported the same bytes meanwhile.
      const clash = this.catalog.idBySha(sha256)
      if (clash) return { clash }
      const { seq, id } = this.catalog.allocateId()
      const mtimeMs = this.store.commitSync(stagedPath, sha256)
      this.catalog.insert(seq, id, this.content(facts, sha256, bytes, mtimeMs, check), now())
      return { id }
    })
    if ('clash' in outcome) return this.duplicateOf(outcome.clash, sha256, label, options.onDuplicate)
    return { id: outcome.id, ...check, duplicate: false }
  }

  /**
   * Replaces the package and/or the semantic spec and re-runs the check. Without a new package the stored
   * one is re-read and the stored semantic spec kept unless one is given; with a new package its own spec
   * is used, else the stored one. The old package file goes once the new row is committed.
   */
  async update(idOrOriginId: string, options: UpdateOptions = {}): Promise<ImportResult> {
    this.assertOpen()
    const row = this.catalog.resolve(idOrOriginId)
    const storedSpec = JSON.parse(row.semantic_spec_json) as SemanticSpec
    const newZip = options.zip
    const label = options.label ?? (newZip === undefined ? row.id : labelOf(newZip))
    const bytes = newZip === undefined ? await this.verifiedBytes(row) : await loadZipBytes(newZip, label)
    const sha256 = sha256Hex(bytes)
    const samePackage = sha256 === row.package_sha256
    if (!samePackage) this.assertNotDuplicate(sha256, label)
    const { pkg, facts } = await readLearnwareFacts(bytes, newZip === undefined
      ? { label, semanticSpec: options.semanticSpec ?? storedSpec, fallbackOriginId: row.origin_id }
      : { label, semanticSpec: options.semanticSpec, fallbackSemanticSpec: storedSpec, fallbackOriginId: row.origin_id })
    const check = await runCheck(options.check ?? this.defaultCheck, pkg)
    if (samePackage) {
      this.db.transaction(() => {
        const current = this.mustStillExist(row.id)
        this.catalog.replaceContent(row.id, this.content(facts, sha256, bytes, current.package_verified_mtime_ms, check), now())
      }).immediate()
      return { id: row.id, ...check }
    }
    await this.stageAndCommit(bytes, sha256, (stagedPath) => {
      this.mustStillExist(row.id)
      this.assertNotDuplicate(sha256, label)
      const mtimeMs = this.store.commitSync(stagedPath, sha256)
      this.catalog.replaceContent(row.id, this.content(facts, sha256, bytes, mtimeMs, check), now())
    })
    this.removePackageIfUnreferenced(row.package_sha256)
    return { id: row.id, ...check }
  }

  /** Deletes the row (committed first), then the package file if no other row uses it. */
  async remove(idOrOriginId: string): Promise<void> {
    this.assertOpen()
    const row = this.catalog.resolve(idOrOriginId)
    this.db.transaction(() => this.catalog.remove(row.id)).immediate()
    this.removePackageIfUnreferenced(row.package_sha256)
  }

  list(filter: ListFilter = {}): DockEntrySummary[] {
    this.assertOpen()
    return this.catalog.list(filter).map(toSummary)
  }

  /** One learnware by dock id or Beimingwu origin id, with its specs parsed. */
  get(idOrOriginId: string): DockEntry {
    this.assertOpen()
    const row = this.catalog.resolve(idOrOriginId)
    const statSpec = row.stat_spec_type === 'RKMETableSpecification' ? this.specs.spec(row.id, row.package_sha256) : null
    return toEntry(row, statSpec)
  }

  /** The package zip, checked against its sha256 (a damaged file marks the learnware invalid). */
  async packageBytes(idOrOriginId: string): Promise<Uint8Array> {
    this.assertOpen()
    return this.verifiedBytes(this.catalog.resolve(idOrOriginId))
  }

  /** Table specs for statistical search, parsed once per package and cached in memory. */
  specCandidates(query: SpecCandidateQuery = {}): SpecCandidate[] {
    this.assertOpen()
    return this.specs.candidates(query.statuses ?? SEARCHABLE, query.featuresPerRow)
  }

  /** Text specs for the text search, with their embedder and languages; parsed once per package. */
  textSpecCandidates(query: { statuses?: readonly DockStatus[] } = {}): TextSpecCandidate[] {
    this.assertOpen()
    return this.specs.textCandidates(query.statuses ?? SEARCHABLE)
  }

  /** Image specs for the image search; parsed once per package. */
  imageSpecCandidates(query: { statuses?: readonly DockStatus[] } = {}): ImageSpecCandidate[] {
    this.assertOpen()
    return this.specs.imageCandidates(query.statuses ?? SEARCHABLE)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.db.close()
  }

  /** Stages `bytes`, then runs `commit` (which renames the staged file in) inside a write transaction. */
  private async stageAndCommit<T>(bytes: Uint8Array, sha256: string, commit: (stagedPath: string) => T): Promise<T> {
    const stagedPath = await this.store.stage(bytes)
    try {
      return this.db.transaction(() => {
        this.assertOpen()
        return commit(stagedPath)
      }).immediate()
    } catch (error) {
      // The rename may have happened before the failure; the file must not outlive the rolled-back row.
      this.removePackageIfUnreferenced(sha256)
      throw error
    } finally {
      await this.store.discard(stagedPath)
    }
  }

  /** Under the write lock, so a concurrent import of the same bytes cannot lose its fresh file. */
  private removePackageIfUnreferenced(sha256: string): void {
    this.specs.forget(sha256)
    if (this.closed) return
    try {
      this.db.transaction(() => {
        if (this.catalog.idBySha(sha256) === undefined) this.store.removeSync(sha256)
      }).immediate()
    } catch {
      // a file that cannot be removed now is an orphan, and the next open removes it
    }
  }

  private async verifiedBytes(row: LearnwareRow): Promise<Uint8Array> {
    const read = await this.store.readVerified(row.package_sha256)
    if ('bytes' in read) return read.bytes
    this.db.transaction(() => this.catalog.flagInvalid(row.id, read.problem, now())).immediate()
    throw new LearnwareError('DOCK_CORRUPT', `${row.id}: ${read.problem}`, {
      hint: 'The learnware is now marked invalid. Remove it and add its package again.'
    })
  }

  private duplicateOf(id: string, sha256: string, label: string, onDuplicate: AddOptions['onDuplicate']): AddResult {
    if (onDuplicate !== 'return-existing') throw duplicateError(id, sha256, label)
    const row = this.catalog.resolve(id)
    return { id, status: row.status, reason: row.status_reason, duplicate: true }
  }

  private assertNotDuplicate(sha256: string, label: string): void {
    const id = this.catalog.idBySha(sha256)
    if (id !== undefined) throw duplicateError(id, sha256, label)
  }

  private mustStillExist(id: string): LearnwareRow {
    const row = this.catalog.byId(id)
    if (!row) throw new LearnwareError('DOCK_NOT_FOUND', `Learnware ${id} was removed while it was being updated`)
    return row
  }

  private content(facts: LearnwareFacts, sha256: string, bytes: Uint8Array, mtimeMs: number | null, check: CheckResult) {
    return learnwareContent(facts, { sha256, size: bytes.byteLength, verifiedMtimeMs: mtimeMs }, check)
  }

  private assertOpen(): void {
    if (this.closed) throw new LearnwareError('USAGE', `The dock at ${this.dir} is closed`)
  }
}

/** Bytes of a zip given as bytes or a path; an oversized file is refused before it is read. */
async function loadZipBytes(zip: ZipSource, label: string): Promise<Uint8Array> {
  if (typeof zip !== 'string') return zip
  try {
    const { size } = await stat(zip)
    if (size > DEFAULT_ZIP_LIMITS.maxArchiveBytes) {
      throw new LearnwareError('PACKAGE_UNSAFE', `${label} is ${size} bytes; the limit is ${DEFAULT_ZIP_LIMITS.maxArchiveBytes}`)
    }
    return await readFile(zip)
  } catch (cause) {
    if (cause instanceof LearnwareError) throw cause
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new LearnwareError('IO_NOT_FOUND', `${zip}: no such file`, { cause })
    throw new LearnwareError('IO_READ_FAILED', `Cannot read ${zip}: ${messageOf(cause)}`, { cause })
  }
}

function duplicateError(id: string, sha256: string, label: string): LearnwareError {
  return new LearnwareError('DOCK_CONFLICT', `${label} is already in the dock as ${id} (same package bytes, sha256 ${sha256.slice(0, 12)}…)`, {
    hint: `Use ${id} as it is, update it, or add with onDuplicate: 'return-existing'.`
  })
}

function labelOf(zip: ZipSource): string {
  return typeof zip === 'string' ? basename(zip) : 'package'
}

function now(): string {
  return new Date().toISOString()
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
