/**
 * The table specs a statistical search compares against, parsed once and kept in memory. Parsed specs are
 * cached by package sha256: a learnware's search spec comes from its package, so a new package means a
 * new key and a semantic-only edit keeps the cached spec. Which learnwares qualify (status, feature count)
 * is asked of the catalog on every call — a cheap indexed query without JSON — so a change made by another
 * process sharing the dock is seen too.
 *
 * Text and image specs are cached the same way; text candidates carry their embedder and languages from
 * the catalog's columns, so the search can filter before it compares anything.
 *
 * Example:
 *   const cache = new SpecCandidateCache(catalog)
 *   cache.candidates(['usable', 'not-runnable'], 13)   // [{ id, spec, selfInner }] ready for statisticalSearch
 *   cache.textCandidates(['usable'])                   // [{ id, spec: RkmeTextSpec, selfInner, embedder, language }]
 *   cache.forget(oldSha256)                             // after the package was replaced or removed
 */

import type { RkmeTableSpec } from '../spec'
import { parseRkmeImageSpec, type RkmeImageSpec } from '../spec/image'
import { parseRkmeTextSpec, type RkmeTextSpec } from '../text'
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

export interface TextSpecCandidate {
  id: string
  /** Shared with the cache: treat as read-only. */
  spec: RkmeTextSpec
  /** ⟨Φ,Φ⟩ of `spec.rkme`. */
  selfInner: number
  embedder: string
  language: string[]
}

export interface ImageSpecCandidate {
  id: string
  /** Shared with the cache: treat as read-only. */
  spec: RkmeImageSpec
}

export class SpecCandidateCache {
  private readonly specsBySha = new Map<string, RkmeTableSpec>()
  private readonly textSpecsBySha = new Map<string, RkmeTextSpec>()
  private readonly imageSpecsBySha = new Map<string, RkmeImageSpec>()

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

  textCandidates(statuses: readonly DockStatus[]): TextSpecCandidate[] {
    return this.catalog.textCandidateRefs(statuses).map((ref) => ({
      id: ref.id,
      spec: this.cached(this.textSpecsBySha, ref.id, ref.package_sha256, (json, source) => parseRkmeTextSpec(json, source)),
      selfInner: ref.self_inner,
      embedder: ref.embedder,
      language: JSON.parse(ref.language_json) as string[]
    }))
  }

  imageCandidates(statuses: readonly DockStatus[]): ImageSpecCandidate[] {
    return this.catalog.imageCandidateRefs(statuses).map((ref) => ({
      id: ref.id,
      spec: this.cached(this.imageSpecsBySha, ref.id, ref.package_sha256, (json, source) => parseRkmeImageSpec(json, source))
    }))
  }

  forget(sha256: string): void {
    this.specsBySha.delete(sha256)
    this.textSpecsBySha.delete(sha256)
    this.imageSpecsBySha.delete(sha256)
  }

  private cached<T>(bySha: Map<string, T>, id: string, sha256: string, parse: (json: unknown, source: string) => T): T {
    const hit = bySha.get(sha256)
    if (hit) return hit
    const json = this.catalog.statSpecJson(id)
    if (json === undefined) throw new LearnwareError('DOCK_NOT_FOUND', `No learnware with id ${JSON.stringify(id)} in this dock`)
    const spec = parse(JSON.parse(json), `catalog row ${id}`)
    bySha.set(sha256, spec)
    return spec
  }
}
