/**
 * The table specs a statistical search compares against, parsed once and kept in memory. Parsed specs are
 * cached by package sha256: a learnware's search spec comes from its package, so a new package means a
 * new key and a semantic-only edit keeps the cached spec. Which learnwares qualify (status, feature count)
 * is asked of the catalog on every call — a cheap indexed query without JSON — so a change made by another
 * process sharing the dock is seen too.
 *
 * Example:
 *   const cache = new SpecCandidateCache(catalog)
 *   cache.candidates(['usable', 'not-runnable'], 13)   // [{ id, spec, selfInner }] ready for statisticalSearch
 *   cache.forget(oldSha256)                             // after the package was replaced or removed
 */

import type { RkmeTableSpec } from '../spec'
import { LearnwareError } from '../errors'
import type { LearnwareCatalog } from './learnwareCatalog'
import { parseTableSpec } from './learnwareFacts'
import type { DockStatus } from './packageCheck'

export interface SpecCandidate {
  id: string
  /** Shared with the cache: treat as read-only. */
  spec: RkmeTableSpec
  /** ⟨Φ,Φ⟩, so MMD² = selfInner − 2⟨Φ,Φ_user⟩ + ⟨Φ_user,Φ_user⟩ needs only the cross term. */
  selfInner: number
}

export class SpecCandidateCache {
  private readonly specsBySha = new Map<string, RkmeTableSpec>()

  constructor(private readonly catalog: LearnwareCatalog) {}

  candidates(statuses: readonly DockStatus[], featuresPerRow?: number): SpecCandidate[] {
    return this.catalog.candidateRefs(statuses, featuresPerRow).map((ref) => ({
      id: ref.id,
      spec: this.spec(ref.id, ref.package_sha256),
      selfInner: ref.self_inner
    }))
  }

  /** The parsed table spec of learnware `id`, whose package hash is `sha256`. */
  spec(id: string, sha256: string): RkmeTableSpec {
    const cached = this.specsBySha.get(sha256)
    if (cached) return cached
    const json = this.catalog.statSpecJson(id)
    if (json === undefined) throw new LearnwareError('DOCK_NOT_FOUND', `No learnware with id ${JSON.stringify(id)} in this dock`)
    const spec = parseTableSpec(JSON.parse(json), `catalog row ${id}`)
    this.specsBySha.set(sha256, spec)
    return spec
  }

  forget(sha256: string): void {
    this.specsBySha.delete(sha256)
  }
}
