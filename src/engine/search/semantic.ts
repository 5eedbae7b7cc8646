/**
 * Semantic search over learnwares' semantic specs, following Beimingwu's `EasyFuzzSemanticSearcher`
 * (reference §5.1): tag filters first — for Class fields the learnware's value must be one of the values the
 * user accepts, for the Scenario tag the sets must intersect, and a learnware with no value is rejected
 * when the user filters on that field — then the text: learnwares whose name or description contains it
 * (case-insensitive) are returned in dock order; if none does, a fuzzy match ranks them (fuse.js here,
 * rapidfuzz's partial_ratio ≥ 75 there). Unlike Beimingwu, the text also matches the description when
 * it is fuzzy and the score is returned.
 *
 * Example:
 *   semanticSearch(entries, { tasks: ['Classification'], scenarios: ['Health'], text: 'cancer' })
 *   // → [{ id: 'lwd-00000003', textScore: 100 }, …]
 */

import Fuse from 'fuse.js'

export interface SemanticQuery {
  /** Accepted values per Class field (any of them matches). */
  dataTypes?: string[]
  tasks?: string[]
  libraries?: string[]
  licenses?: string[]
  /** Scenario tags; a learnware matches when it shares at least one. */
  scenarios?: string[]
  /** Free text matched against name and description. */
  text?: string
  /** Id or id fragment (ours or the Beimingwu origin id). */
  id?: string
}

/** The semantic facts search looks at; a dock's `DockEntrySummary` is one. */
export interface SemanticCandidate {
  id: string
  originId?: string | null
  name: string
  description: string
  dataType: string | null
  task: string | null
  library: string | null
  license: string | null
  scenarios: readonly string[]
}

export interface SemanticMatch {
  id: string
  /** 0–100: 100 for an exact substring match, lower for fuzzy ones; null when no text was given. */
  textScore: number | null
}

/** Fuse's score is 0 (perfect) … 1; keep matches at least as close as Beimingwu's partial_ratio ≥ 75. */
const FUSE_THRESHOLD = 0.4

const CLASS_FILTERS = [
  ['dataTypes', 'dataType'],
  ['tasks', 'task'],
  ['libraries', 'library'],
  ['licenses', 'license']
] as const

export function semanticSearch(candidates: readonly SemanticCandidate[], query: SemanticQuery): SemanticMatch[] {
  const filtered = candidates.filter((c) => passesFilters(c, query))
  const text = query.text?.trim().toLowerCase()
  if (!text) return filtered.map((c) => ({ id: c.id, textScore: null }))
  const exact = filtered.filter((c) => c.name.toLowerCase().includes(text) || c.description.toLowerCase().includes(text))
  if (exact.length > 0) return exact.map((c) => ({ id: c.id, textScore: 100 }))
  const fuse = new Fuse(filtered, {
    keys: ['name', 'description'],
    includeScore: true,
    ignoreLocation: true,
    threshold: FUSE_THRESHOLD
  })
  return fuse.search(text).map((result) => ({ id: result.item.id, textScore: Math.round(100 * (1 - (result.score ?? 1))) }))
}

function passesFilters(candidate: SemanticCandidate, query: SemanticQuery): boolean {
  if (query.id && !candidate.id.includes(query.id) && !(candidate.originId ?? '').includes(query.id)) return false
  for (const [queryKey, field] of CLASS_FILTERS) {
    const accepted = query[queryKey]
    if (!accepted || accepted.length === 0) continue
    const value = candidate[field]
    if (value === null || !accepted.includes(value)) return false
  }
  if (query.scenarios && query.scenarios.length > 0) {
    if (!candidate.scenarios.some((tag) => query.scenarios!.includes(tag))) return false
  }
  return true
}
