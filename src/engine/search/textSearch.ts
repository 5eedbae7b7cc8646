/**
 * Searching a dock with a user's texts (a CSV column, a folder of .txt files). Text learnwares are compared
 * on the table RKME of their embeddings, but only with a user spec made by the *same* embedder and only
 * when the user's languages are among the learnware's (Beimingwu's filter, reference §5.2;
 * docs/adr/0007-text-spec.md). So one user spec is made per embedder present among the candidates — the
 * built-in one always, others when the caller offers them (an ONNX sentence model the user pointed at);
 * learnwares whose embedder is not available, or whose languages do not cover the user's, are listed in
 * `incomparable` with the reason instead of being ranked.
 *
 * Example:
 *   const docs = await loadTextTableFile('mine.csv', { column: 'body' })
 *   const result = await searchDockWithTexts(dock, docs.texts, { semantic: { tasks: ['Classification'] } })
 *   result.single[0]        // { id, name, score, mmd2 } — same shape as a table search
 *   result.incomparable     // [{ id, reason: 'made with different embedders (…)' }]
 */

import type { Dock, TextSpecCandidate } from '../dock'
import { findTextEmbedder } from '../predict'
import { detectLanguages, generateRkmeTextSpec, textSpecMismatch, type RkmeTextSpec, type TextEmbedder } from '../text'
import { finish, semanticSurvivors, type DockSearchOptions, type DockSearchResult } from './dockSearch'
import { groupedStatisticalSearch, type AlignedGroup } from './statistical'

export interface TextSearchOptions extends DockSearchOptions {
  /** Embedders the caller can offer besides the built-in one (matched to learnwares by id). */
  embedders?: readonly TextEmbedder[]
  /** The user's languages (langdetect codes) instead of detecting them. */
  language?: string[]
}

export interface IncomparableLearnware {
  id: string
  reason: string
}

export interface TextSearchResult extends DockSearchResult {
  /** Ids of the embedders user specs were made with. */
  embedders: string[]
  /** The user's languages, as detected (or given). */
  language: string[]
  /** Text learnwares that passed the semantic filters but could not be compared, with why. */
  incomparable: IncomparableLearnware[]
}

export async function searchDockWithTexts(dock: Dock, texts: readonly string[], options: TextSearchOptions = {}): Promise<TextSearchResult> {
  const { entries } = semanticSurvivors(dock, options.semantic ?? {})
  const wanted = new Set(entries.map((e) => e.id))
  const candidates = dock.textSpecCandidates().filter((c) => wanted.has(c.id))
  const language = options.language ?? detectLanguages(texts)
  const incomparable: IncomparableLearnware[] = []
  const groups: AlignedGroup[] = []
  const usedEmbedders: string[] = []
  for (const members of groupByEmbedderAndGamma(candidates).values()) {
    const embedder = findTextEmbedder(members[0].embedder, options.embedders)
    if (!embedder) {
      const reason = `made with the embedder ${members[0].embedder}, which is not available here (point at it as an ONNX model to compare)`
      incomparable.push(...members.map((m) => ({ id: m.id, reason })))
      continue
    }
    const user = await userSpec(texts, embedder, language, members[0].spec.rkme.gamma, options)
    const comparable = []
    for (const member of members) {
      const mismatch = textSpecMismatch(user, member.spec)
      if (mismatch) incomparable.push({ id: member.id, reason: mismatch })
      else comparable.push({ id: member.id, spec: member.spec.rkme, selfInner: member.selfInner })
    }
    if (comparable.length === 0) continue
    if (!usedEmbedders.includes(embedder.id)) usedEmbedders.push(embedder.id)
    groups.push({ user: user.rkme, candidates: comparable })
  }
  // Distances of different embedders share one ranking as column arrangements do; mixtures stay within one.
  const result = await groupedStatisticalSearch(groups, options)
  return { ...finish(entries, result, [], options.limit), embedders: usedEmbedders, language, incomparable }
}

function groupByEmbedderAndGamma(candidates: readonly TextSpecCandidate[]): Map<string, TextSpecCandidate[]> {
  const groups = new Map<string, TextSpecCandidate[]>()
  for (const candidate of candidates) {
    const key = `${candidate.embedder}\u0000${candidate.spec.rkme.gamma}`
    const members = groups.get(key)
    if (members) members.push(candidate)
    else groups.set(key, [candidate])
  }
  return groups
}

function userSpec(texts: readonly string[], embedder: TextEmbedder, language: string[], gamma: number, options: TextSearchOptions): Promise<RkmeTextSpec> {
  return generateRkmeTextSpec(texts, { embedder, language, gamma, seed: options.seed ?? 0, k: options.k ?? 100, signal: options.signal })
}
