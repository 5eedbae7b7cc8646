/**
 * The local dock: the one public entry for the catalog of learnwares on this machine. A dock is a folder
 * (`catalog.sqlite` + `packages/<sha256>.zip` + `staging/`) that the caller chooses; `defaultDockDir()`
 * suggests the platform's per-user data folder. Imports are atomic across crashes, ids are never reused,
 * the same package bytes are never stored twice, and opening a dock repairs what a crash left behind
 * (reported in `dock.recovery`). The dock never runs package code; a pluggable check decides each
 * learnware's status.
 *
 * Example:
 *   import { openDock, defaultDockDir } from '../dock'
 *
 *   const dock = await openDock(defaultDockDir())
 *   const added = await dock.add('/downloads/00000042.zip')
 *   // { id: 'lwd-00000001', status: 'not-runnable', reason: 'The model is Python code; …', duplicate: false }
 *   await dock.add(zipBytes, { semanticSpec, check: onnxChecker })        // a checker that runs the model
 *   await dock.add(zipBytes, { onDuplicate: 'return-existing' })          // same bytes → same learnware
 *   dock.get('00000042').id                                               // origin ids work too → 'lwd-00000001'
 *   dock.list({ status: 'usable', dataType: 'Table', text: 'wine' })      // summaries, oldest first
 *   const candidates = dock.specCandidates({ featuresPerRow: 13 })        // [{ id, spec, selfInner }]
 *   statisticalSearch(userSpec, candidates)                               // from ../search
 *   await dock.update(added.id, { semanticSpec: edited })                 // re-checks
 *   const zip = await dock.packageBytes(added.id)                         // verified against its sha256
 *   await dock.remove(added.id)                                           // lwd-00000001 is never reused
 *   dock.close()
 *
 * Errors (LearnwareError): the package reader's PACKAGE_INVALID / PACKAGE_UNSAFE / SPEC_BAD_FORMAT,
 * SPEC_DIMENSION_MISMATCH, DOCK_CONFLICT (same bytes; names the existing id), DOCK_NOT_FOUND,
 * DOCK_CORRUPT (a package file that no longer matches its hash), DOCK_SCHEMA_TOO_NEW, IO_*.
 */

export {
  openDock,
  Dock,
  type AddOptions,
  type AddResult,
  type ImportResult,
  type OpenDockOptions,
  type SpecCandidateQuery,
  type UpdateOptions
} from './dock'
export type { DockEntry, DockEntrySummary } from './dockEntry'
export { CATALOG_FILE, defaultDockDir, dockLayout, PACKAGES_DIR, STAGING_DIR, type DockLayout } from './dockLayout'
export type { RecoveryReport } from './dockRecovery'
export type { ListFilter } from './learnwareCatalog'
export { applyMigrations, CATALOG_MIGRATIONS, openCatalog, type CatalogMigration } from './catalogMigrations'
export {
  defaultCheck,
  DOCK_STATUSES,
  PYTHON_MODEL_REASON,
  type CheckResult,
  type DockCheck,
  type DockStatus
} from './packageCheck'
export type { ImageSpecCandidate, SpecCandidate, TextSpecCandidate } from './specCandidates'
export {
  readStarterIndex,
  seedStarterDock,
  seedStarterDockOnce,
  starterDockDir,
  STARTER_MARKER_FILE,
  type SeedOptions,
  type SeedReport,
  type StarterLearnwareRecord
} from './starter'
