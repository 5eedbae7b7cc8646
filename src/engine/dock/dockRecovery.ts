/**
 * Bringing a dock back to a consistent state when it is opened, whatever the last process was doing when
 * it died. An import writes staging → renames into packages/ → commits the row; a removal commits the
 * row's deletion → unlinks the file. So after a crash there can be staging leftovers (deleted), package
 * files no row references (deleted: their import never committed, or their removal did), and — only if
 * something outside the dock touched the folder — rows whose package file is missing or altered. Those
 * rows are kept and marked `invalid` with the reason, never dropped silently (Beimingwu leaves orphans
 * forever and serves rows whose files are gone).
 *
 * Runs under the catalog's write lock: another process's import holds the same lock from its rename to
 * its commit, so its freshly renamed file is never mistaken for an orphan.
 *
 * Example:
 *   const report = recoverDock(db, catalog, store, { rehash: false })
 *   // { stagingFilesRemoved: 1, orphanPackagesRemoved: ['9f86…'], flagged: [{ id: 'lwd-00000004', reason: '…missing' }] }
 */

import type Database from 'better-sqlite3'
import type { LearnwareCatalog } from './learnwareCatalog'
import type { PackageStore } from './packageStore'

export interface RecoveryReport {
  stagingFilesRemoved: number
  /** sha256 of each package file deleted because no row referenced it. */
  orphanPackagesRemoved: string[]
  /** Rows newly marked `invalid` because their package file is missing or does not match its hash. */
  flagged: { id: string; reason: string }[]
}

export interface RecoveryOptions {
  /** Re-hash every package file, not only those whose size or mtime changed since the last check. */
  rehash: boolean
}

export function recoverDock(
  db: Database.Database,
  catalog: LearnwareCatalog,
  store: PackageStore,
  options: RecoveryOptions
): RecoveryReport {
  const stagingFilesRemoved = store.cleanStagingSync()
  const recover = db.transaction((): Omit<RecoveryReport, 'stagingFilesRemoved'> => {
    const refs = catalog.packageRefs()
    const referenced = new Set(refs.map((ref) => ref.package_sha256))
    const orphanPackagesRemoved = store.listSync().filter((sha256) => !referenced.has(sha256))
    for (const sha256 of orphanPackagesRemoved) store.removeSync(sha256)
    const flagged: RecoveryReport['flagged'] = []
    const now = new Date().toISOString()
    for (const ref of refs) {
      const check = store.checkSync(ref.package_sha256, ref.package_size, ref.package_verified_mtime_ms, options.rehash)
      if (check.ok) {
        if (check.mtimeMs !== ref.package_verified_mtime_ms) catalog.recordVerified(ref.id, check.mtimeMs)
      } else if (ref.status !== 'invalid' || ref.status_reason !== check.problem) {
        catalog.flagInvalid(ref.id, check.problem, now)
        flagged.push({ id: ref.id, reason: check.problem })
      }
    }
    return { orphanPackagesRemoved, flagged }
  })
  return { stagingFilesRemoved, ...recover.immediate() }
}
