/**
 * The dock: list (with Beimingwu's semantic filters and fuzzy text), one learnware's details (semantic spec,
 * input/output descriptions, statistical spec summary, package files), import a package (a long job that
 * reads, checks and adds it), remove one, or get its package zip as an output to save.
 *
 * Example:
 *   const { learnwares } = await api.dockList({ filters: { tasks: ['Classification'], text: 'iris' } })
 *   const details = await api.dockGet({ id: learnwares[0].id })
 *   const { jobId } = await api.dockImport({ source: { kind: 'path', path: '/downloads/00000042.zip' } })
 */

import { z } from 'zod'
import { EntityId, FileSource } from './common'

export const LEARNWARE_STATUSES = ['usable', 'not-runnable', 'invalid'] as const
export type LearnwareStatus = (typeof LEARNWARE_STATUSES)[number]

const Words = z.array(z.string().min(1).max(100)).max(50)

/** Semantic filters, as Beimingwu applies them: any accepted value of a Class field, any shared Scenario tag. */
export const SemanticFilters = z.strictObject({
  /** Free text matched against name and description (exact substring first, then fuzzy). */
  text: z.string().max(500).optional(),
  /** Our id or a Beimingwu origin id, or a fragment of one. */
  id: z.string().max(80).optional(),
  dataTypes: Words.optional(),
  tasks: Words.optional(),
  libraries: Words.optional(),
  licenses: Words.optional(),
  scenarios: Words.optional()
})
export type SemanticFilters = z.infer<typeof SemanticFilters>

export const DockListArgs = z
  .strictObject({
    filters: SemanticFilters.optional(),
    /** Default: every status. */
    statuses: z.array(z.enum(LEARNWARE_STATUSES)).max(3).optional(),
    featuresPerRow: z.int().min(1).max(1_000_000).optional(),
    limit: z.int().min(1).max(1000).optional(),
    offset: z.int().min(0).optional()
  })
  .optional()

export interface LearnwareSummary {
  /** Ours, e.g. `lwd-00000042`. */
  id: string
  /** Beimingwu's id when the package came from a Beimingwu dock. */
  originId: string | null
  name: string
  description: string
  dataType: string | null
  task: string | null
  library: string | null
  license: string | null
  scenarios: string[]
  status: LearnwareStatus
  /** Why the status is not `usable` (empty when it is). */
  statusReason: string
  packageSha256: string
  packageBytes: number
  statSpecType: string
  featuresPerRow: number | null
  createdAt: string
  updatedAt: string
}

export interface DockListItem extends LearnwareSummary {
  /** 0–100 for a text search (100: exact substring), null without text. */
  textScore: number | null
}

export interface DockListResult {
  learnwares: DockListItem[]
  /** Matches before `limit`/`offset`. */
  total: number
  /** Learnwares in the dock, whatever the filters. */
  dockSize: number
}

export const DockIdArgs = z.strictObject({ id: z.string().min(1).max(80) })

/** One line of an Input/Output block: column or class `index` and what it means. */
export interface FeatureLine {
  index: number
  description: string
}

export interface FeatureBlock {
  dimension: number
  lines: FeatureLine[]
}

export interface StatSpecSummary {
  type: string
  /** Table specs: reduced-set size K, feature count, kernel width γ, rows the spec was fitted on. */
  k: number | null
  featuresPerRow: number | null
  gamma: number | null
  numPoints: number | null
  /** ⟨Φ,Φ⟩ of the table spec. */
  selfInner: number | null
}

export interface PackageFileView {
  name: string
  bytes: number
  sha256: string
}

export interface LearnwareDetails extends LearnwareSummary {
  /** Beimingwu's JSON shape (`{ Data: { Type: 'Class', Values: ['Table'] }, … }`), shown as is. */
  semanticSpec: Record<string, unknown>
  input: FeatureBlock | null
  output: FeatureBlock | null
  statSpec: StatSpecSummary
  /** Every file of the package zip; empty (with packageProblem) when it cannot be read. */
  packageFiles: PackageFileView[]
  /** ONNX model with our manifest (runnable here) or Python code (never executed). */
  modelKind: 'onnx' | 'python' | null
  packageProblem: string | null
}

export const DockImportArgs = z.strictObject({
  source: FileSource,
  /** A semantic spec in Beimingwu's JSON shape, for packages without one or to replace it. */
  semanticSpec: z.record(z.string(), z.unknown()).optional()
})

export interface CheckOutcomeView {
  name: string
  ok: boolean
  detail: string
}

/** The learnware checker's verdict (Beimingwu's semantic + statistical checks, ONNX probe run). */
export interface CheckReportView {
  status: LearnwareStatus
  reasons: string[]
  checks: CheckOutcomeView[]
}

export interface DockImportResult {
  learnwareId: string
  status: LearnwareStatus
  reason: string
  /** The same bytes were already in the dock; `learnwareId` is that learnware and no check ran. */
  duplicate: boolean
  /** The checker's report; null for a duplicate. */
  check: CheckReportView | null
}

export interface DockRemoveResult {
  id: string
}
