/**
 * The catalog database and its schema history. Beimingwu creates its tables only when the database file
 * is new and has no migrations, so a column added later never reaches an existing market; here every
 * schema change is a numbered migration recorded in `schema_migrations`, applied in order inside one
 * write transaction (two processes opening the same dock cannot both apply it, and a failing migration
 * leaves the catalog as it was). A catalog written by a newer app is refused rather than misread.
 *
 * Example:
 *   const db = openCatalog('/data/dock/catalog.sqlite', { busyTimeoutMs: 5000 })
 *   applyMigrations(db, CATALOG_MIGRATIONS, 'catalog.sqlite')   // [1] on a new file, [] afterwards
 *   // a later version appends { version: 2, name: 'add downloads', sql: 'ALTER TABLE learnwares ADD …' }
 */

import Database from 'better-sqlite3'
import { LearnwareError } from '../errors'

export interface CatalogMigration {
  /** 1, 2, 3 … with no gaps; never change a migration once released, add a new one. */
  version: number
  name: string
  sql: string
}

export const CATALOG_MIGRATIONS: readonly CatalogMigration[] = [
  {
    version: 1,
    name: 'learnwares and the id counter',
    sql: `
      -- Ids come from a counter that only grows, so a deleted learnware's id is never handed out again
      -- (Beimingwu's "%08d" % count reuses ids after a deletion).
      CREATE TABLE dock_counters (
        name TEXT PRIMARY KEY NOT NULL,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO dock_counters (name, value) VALUES ('learnware_id', 0);

      CREATE TABLE learnwares (
        seq INTEGER PRIMARY KEY NOT NULL,
        id TEXT NOT NULL UNIQUE,
        origin_id TEXT,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        data_type TEXT,
        task TEXT,
        library TEXT,
        license TEXT,
        scenarios_json TEXT NOT NULL,
        semantic_spec_json TEXT NOT NULL,
        input_json TEXT,
        output_json TEXT,
        status TEXT NOT NULL CHECK (status IN ('usable', 'not-runnable', 'invalid')),
        status_reason TEXT NOT NULL,
        -- One row per package: the unique index is what makes "same bytes twice" a conflict even when
        -- two processes import at once (Beimingwu checks the hash, then inserts, with no constraint).
        package_sha256 TEXT NOT NULL UNIQUE CHECK (length(package_sha256) = 64),
        package_size INTEGER NOT NULL,
        -- mtime of the package file when its sha256 was last verified; a changed mtime means re-hash.
        package_verified_mtime_ms INTEGER,
        stat_spec_type TEXT NOT NULL,
        features_per_row INTEGER,
        stat_spec_json TEXT NOT NULL,
        self_inner REAL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX learnwares_origin_id ON learnwares (origin_id);
      CREATE INDEX learnwares_candidates ON learnwares (stat_spec_type, features_per_row, status);
    `
  },
  {
    version: 2,
    name: 'text spec languages and embedder',
    sql: `
      -- The text search filters on these before parsing any spec (docs/adr/0007-text-spec.md).
      ALTER TABLE learnwares ADD COLUMN language_json TEXT;
      ALTER TABLE learnwares ADD COLUMN embedder TEXT;
      -- Text packages imported before this migration: their stored spec JSON holds both facts; a spec
      -- without "embedder" was made by Beimingwu, i.e. by MiniLM.
      UPDATE learnwares SET
        language_json = coalesce(json_extract(stat_spec_json, '$.language'), '[]'),
        embedder = coalesce(json_extract(stat_spec_json, '$.embedder'), 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2')
      WHERE stat_spec_type = 'RKMETextSpecification';
      CREATE INDEX learnwares_embedder ON learnwares (embedder, status) WHERE embedder IS NOT NULL;
    `
  }
]

export interface OpenCatalogOptions {
  /** How long a write waits for another process's write to finish before failing (default 5 s). */
  busyTimeoutMs?: number
}

export function openCatalog(path: string, options: OpenCatalogOptions = {}): Database.Database {
  let db: Database.Database
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 })
  } catch (cause) {
    throw new LearnwareError('IO_READ_FAILED', `Cannot open the dock catalog ${path}: ${messageOf(cause)}`, { cause })
  }
  try {
    // WAL: readers never block the writer and a crash mid-write leaves the last committed state.
    db.pragma('journal_mode = WAL')
    // NORMAL is crash-safe in WAL mode; a power cut may lose the last commits, which recovery handles
    // (their package files become orphans and are removed on the next open).
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (cause) {
    db.close()
    throw new LearnwareError('DOCK_CORRUPT', `${path} is not a readable SQLite catalog: ${messageOf(cause)}`, {
      cause,
      hint: 'Move the file away to start an empty catalog; package files in packages/ are kept.'
    })
  }
  return db
}

/** Applies the migrations not yet recorded; returns the versions applied now. */
export function applyMigrations(db: Database.Database, migrations: readonly CatalogMigration[], label: string): number[] {
  assertOrdered(migrations)
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`)
  const migrate = db.transaction((): number[] => {
    const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
    const newest = Math.max(0, ...applied)
    const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
    if (newest > known) {
      throw new LearnwareError('DOCK_SCHEMA_TOO_NEW', `${label} has schema version ${newest}; this Learnware Dock knows up to ${known}`, {
        hint: 'The dock was last opened by a newer Learnware Dock. Update the app to open it.'
      })
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
    const pending = migrations.filter((migration) => !applied.has(migration.version))
    for (const migration of pending) {
      db.exec(migration.sql)
      record.run(migration.version, migration.name, new Date().toISOString())
    }
    return pending.map((migration) => migration.version)
  })
  // IMMEDIATE takes the write lock before reading the applied versions, so two openers cannot race.
  return migrate.immediate()
}

function assertOrdered(migrations: readonly CatalogMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Catalog migration "${migration.name}" has version ${migration.version}; expected ${index + 1}`)
    }
  })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
