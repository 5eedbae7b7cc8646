/**
 * What the dock tells callers about a learnware, and how a catalog row becomes it. The catalog keeps the
 * whole normalised semantic spec as JSON plus the fields people filter on (name, data type, task …) as
 * columns; `DockEntrySummary` is what a list shows, `DockEntry` adds the parsed specs for one learnware.
 *
 * Example:
 *   const entry = dock.get('lwd-00000003')
 *   entry.status          // 'usable' | 'not-runnable' | 'invalid', with entry.statusReason
 *   entry.statSpec?.k     // reduced-set size of the table RKME (null for image/text specs)
 */

import type { StatSpecType } from '../learnware'
import type { RkmeTableSpec } from '../spec'
import { isPlainObject, type FeatureDescription, type SemanticSpec } from '../spec/semantic'
import type { LearnwareFacts } from './learnwareFacts'
import type { CheckResult, DockStatus } from './packageCheck'

export interface DockEntrySummary {
  /** Ours, e.g. `lwd-00000042`; never reused, even after the learnware is removed. */
  id: string
  /** Beimingwu's id (`00000042`) when the package came from a Beimingwu dock. */
  originId: string | null
  name: string
  description: string
  dataType: string | null
  task: string | null
  library: string | null
  license: string | null
  scenarios: string[]
  status: DockStatus
  /** Why the status is not `usable` (empty when it is). */
  statusReason: string
  packageSha256: string
  packageSize: number
  statSpecType: StatSpecType
  featuresPerRow: number | null
  /** Text learnwares: languages of the training texts (langdetect codes) and the embedder id; else null. */
  language: string[] | null
  embedder: string | null
  /** ISO-8601 UTC. */
  createdAt: string
  updatedAt: string
}

export interface DockEntry extends DockEntrySummary {
  semanticSpec: SemanticSpec
  /** The table RKME spec; null when the package's spec is an image or text spec. */
  statSpec: RkmeTableSpec | null
  /** The search spec's JSON as stored (table specs in Beimingwu's format). */
  statSpecJson: unknown
  /** ⟨Φ,Φ⟩ of the table spec. */
  selfInner: number | null
  inputDescription: FeatureDescription | null
  outputDescription: FeatureDescription | null
}

/** One catalog row, column for column. */
export interface LearnwareRow {
  seq: number
  id: string
  origin_id: string | null
  name: string
  description: string
  data_type: string | null
  task: string | null
  library: string | null
  license: string | null
  scenarios_json: string
  semantic_spec_json: string
  input_json: string | null
  output_json: string | null
  status: DockStatus
  status_reason: string
  package_sha256: string
  package_size: number
  package_verified_mtime_ms: number | null
  stat_spec_type: StatSpecType
  features_per_row: number | null
  stat_spec_json: string
  self_inner: number | null
  /** Text specs: JSON list of langdetect codes; null otherwise. */
  language_json: string | null
  /** Text specs: the embedder id; null otherwise. */
  embedder: string | null
  created_at: string
  updated_at: string
}

/** Columns that change when the package, the semantic spec or the status changes. */
export type LearnwareContent = Omit<LearnwareRow, 'seq' | 'id' | 'created_at' | 'updated_at'>

export interface StoredPackage {
  sha256: string
  size: number
  verifiedMtimeMs: number | null
}

export function formatLearnwareId(seq: number): string {
  return `lwd-${String(seq).padStart(8, '0')}`
}

export function learnwareContent(facts: LearnwareFacts, stored: StoredPackage, check: CheckResult): LearnwareContent {
  const spec = facts.semanticSpec
  return {
    origin_id: facts.originId,
    name: stringValue(spec.Name),
    description: stringValue(spec.Description),
    data_type: firstValue(spec.Data),
    task: firstValue(spec.Task),
    library: firstValue(spec.Library),
    license: firstValue(spec.License),
    scenarios_json: JSON.stringify(listValues(spec.Scenario)),
    semantic_spec_json: JSON.stringify(spec),
    input_json: featureBlockJson(spec.Input),
    output_json: featureBlockJson(spec.Output),
    status: check.status,
    status_reason: check.reason,
    package_sha256: stored.sha256,
    package_size: stored.size,
    package_verified_mtime_ms: stored.verifiedMtimeMs,
    stat_spec_type: facts.statSpecType,
    features_per_row: facts.featuresPerRow,
    stat_spec_json: facts.statSpecJson,
    self_inner: facts.selfInner,
    language_json: facts.language === null ? null : JSON.stringify(facts.language),
    embedder: facts.embedder
  }
}

export function toSummary(row: LearnwareRow): DockEntrySummary {
  return {
    id: row.id,
    originId: row.origin_id,
    name: row.name,
    description: row.description,
    dataType: row.data_type,
    task: row.task,
    library: row.library,
    license: row.license,
    scenarios: JSON.parse(row.scenarios_json) as string[],
    status: row.status,
    statusReason: row.status_reason,
    packageSha256: row.package_sha256,
    packageSize: row.package_size,
    statSpecType: row.stat_spec_type,
    featuresPerRow: row.features_per_row,
    language: row.language_json === null || row.language_json === undefined ? null : (JSON.parse(row.language_json) as string[]),
    embedder: row.embedder ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

/** `statSpec` is parsed by the caller, which caches table specs by package hash. */
export function toEntry(row: LearnwareRow, statSpec: RkmeTableSpec | null): DockEntry {
  return {
    ...toSummary(row),
    semanticSpec: JSON.parse(row.semantic_spec_json) as SemanticSpec,
    statSpec,
    statSpecJson: JSON.parse(row.stat_spec_json),
    selfInner: row.self_inner,
    inputDescription: row.input_json === null ? null : (JSON.parse(row.input_json) as FeatureDescription),
    outputDescription: row.output_json === null ? null : (JSON.parse(row.output_json) as FeatureDescription)
  }
}

function stringValue(field: unknown): string {
  const values = isPlainObject(field) ? field.Values : undefined
  return typeof values === 'string' ? values : ''
}

function listValues(field: unknown): string[] {
  const values = isPlainObject(field) ? field.Values : undefined
  return Array.isArray(values) ? values.filter((value): value is string => typeof value === 'string') : []
}

function firstValue(field: unknown): string | null {
  return listValues(field)[0] ?? null
}

/** Only well-formed blocks get a column; a malformed one stays visible in the full semantic spec. */
function featureBlockJson(block: unknown): string | null {
  if (!isPlainObject(block) || typeof block.Dimension !== 'number' || !isPlainObject(block.Description)) return null
  return JSON.stringify({ Dimension: block.Dimension, Description: block.Description })
}
