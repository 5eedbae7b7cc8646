/**
 * The one handler map: every call the UI can make, `name → (args) => Promise<result>`, with the zod schema
 * that validates its request at the boundary. Electron IPC (`api:<name>`), HTTP (`POST /api/<name>`) and
 * the tests serve and call exactly this map, so a screen built in the browser works unchanged on the
 * desktop. Calls that start long work answer a `JobTicket`; their results arrive as job events and are
 * typed by `JobResults`.
 *
 * Example:
 *   const args = HANDLER_SCHEMAS.dataOpen.parse(body)        // throws on a bad request
 *   type Opened = HandlerResult<'dataOpen'>                  // DatasetView
 */

import type { z } from 'zod'
import type { HandlerName } from './names'
import type { AppInfo, SemanticVocabulary } from './contract/app'
import { NoArgs, OutputSaveArgs, type OutputRef, type OutputSaveResult } from './contract/common'
import { DataConfigureArgs, DataOpenArgs, DataRowsArgs, DatasetIdArgs, type DataCloseResult, type DataRowsResult, type DatasetView } from './contract/data'
import {
  DockIdArgs,
  DockImportArgs,
  DockListArgs,
  type DockImportResult,
  type DockListResult,
  type DockRemoveResult,
  type LearnwareDetails
} from './contract/dock'
import { JobIdArgs, type JobCancelResult, type JobState, type JobTicket } from './contract/jobs'
import { SearchRunArgs, type SearchResultView } from './contract/search'
import { ImagesOpenArgs, TextsOpenArgs, type ImageSetView, type TextSetView } from './contract/media'
import { SpecGenerateArgs, SpecIdArgs, type SpecSummary } from './contract/spec'
import { SubmitPackArgs, type SubmitResult } from './contract/submit'
import { BundleExportArgs, type BundleExportResult } from './contract/bundle'
import { ReuseCurveArgs, ReusePreviewArgs, type ReuseCurveResult, type ReusePreviewResult } from './contract/reuse'

/** Request schemas, one per handler. Handler names are `<noun><Verb>`. */
export const HANDLER_SCHEMAS = {
  appInfo: NoArgs,
  vocabularyGet: NoArgs,

  dockList: DockListArgs,
  dockGet: DockIdArgs,
  dockImport: DockImportArgs,
  dockRemove: DockIdArgs,
  dockPackage: DockIdArgs,

  dataOpen: DataOpenArgs,
  dataConfigure: DataConfigureArgs,
  dataGet: DatasetIdArgs,
  dataRows: DataRowsArgs,
  dataClose: DatasetIdArgs,

  imagesOpen: ImagesOpenArgs,
  textsOpen: TextsOpenArgs,

  specGenerate: SpecGenerateArgs,
  specGet: SpecIdArgs,

  searchRun: SearchRunArgs,

  submitPack: SubmitPackArgs,

  reusePreview: ReusePreviewArgs,
  reuseCurve: ReuseCurveArgs,

  bundleExport: BundleExportArgs,

  outputSave: OutputSaveArgs,

  jobGet: JobIdArgs,
  jobList: NoArgs,
  jobCancel: JobIdArgs
} as const satisfies Record<HandlerName, z.ZodType>

/** What each long job's `done` event carries. */
export interface JobResults {
  dockImport: DockImportResult
  specGenerate: SpecSummary
  searchRun: SearchResultView
  submitPack: SubmitResult
  reusePreview: ReusePreviewResult
  reuseCurve: ReuseCurveResult
  bundleExport: BundleExportResult
  /** Seeding the starter dock on a dock's first launch (not started by the UI). */
  starterSeed: StarterSeedResult
}

export type JobKind = keyof JobResults

export interface StarterSeedResult {
  added: number
  skipped: number
  /** The dock was seeded on an earlier launch, so nothing was offered again (removed ones stay removed). */
  alreadySeeded: boolean
}

export type AnyJobState = { [K in JobKind]: JobState<K, JobResults[K]> }[JobKind]

/** What each handler answers. */
export interface HandlerResults {
  appInfo: AppInfo
  vocabularyGet: SemanticVocabulary

  dockList: DockListResult
  dockGet: LearnwareDetails
  dockImport: JobTicket<'dockImport'>
  dockRemove: DockRemoveResult
  /** The learnware's package zip as an output to save. */
  dockPackage: OutputRef

  dataOpen: DatasetView
  dataConfigure: DatasetView
  dataGet: DatasetView
  dataRows: DataRowsResult
  dataClose: DataCloseResult

  imagesOpen: ImageSetView
  textsOpen: TextSetView

  specGenerate: JobTicket<'specGenerate'>
  specGet: SpecSummary

  searchRun: JobTicket<'searchRun'>

  submitPack: JobTicket<'submitPack'>

  reusePreview: JobTicket<'reusePreview'>
  reuseCurve: JobTicket<'reuseCurve'>

  bundleExport: JobTicket<'bundleExport'>

  outputSave: OutputSaveResult

  jobGet: AnyJobState
  jobList: AnyJobState[]
  jobCancel: JobCancelResult
}

export { HANDLER_NAMES, isHandlerName, type HandlerName } from './names'

/** What a caller passes (defaults optional). */
export type HandlerArgs<K extends HandlerName> = z.input<(typeof HANDLER_SCHEMAS)[K]>
/** What a handler receives after validation. */
export type ParsedArgs<K extends HandlerName> = z.output<(typeof HANDLER_SCHEMAS)[K]>
export type HandlerResult<K extends HandlerName> = HandlerResults[K]

/** One call as the UI makes it; calls without arguments can be made with none. */
export type HandlerCall<K extends HandlerName> = undefined extends HandlerArgs<K>
  ? (args?: HandlerArgs<K>) => Promise<HandlerResult<K>>
  : (args: HandlerArgs<K>) => Promise<HandlerResult<K>>

/** The contract as callers see it (the preload's `window.api`, the HTTP client, tests). */
export type Handlers = { [K in HandlerName]: HandlerCall<K> }

/** The contract as the host implements it: validated arguments in. */
export type HandlerImplementations = { [K in HandlerName]: (args: ParsedArgs<K>) => Promise<HandlerResult<K>> }

/** Handlers whose answer is a JobTicket. */
export const JOB_HANDLERS = ['dockImport', 'specGenerate', 'searchRun', 'submitPack', 'reusePreview', 'reuseCurve', 'bundleExport'] as const satisfies readonly (HandlerName & JobKind)[]

/** Handlers whose requests may carry file bytes (bigger request size limit). */
export const UPLOAD_HANDLERS = ['dataOpen', 'textsOpen', 'dockImport', 'submitPack'] as const satisfies readonly HandlerName[]
