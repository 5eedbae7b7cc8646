/**
 * Search: semantic filters over the dock and, with the user's data, the statistical search (a spec per
 * column arrangement, MMD² ranking, Beimingwu's scores and a mixture with weights). A long job: specs are
 * made from the data.
 *
 * Example:
 *   const result = await runJob(api, () => api.searchRun({ datasetId, filters: { tasks: ['Classification'] } }))
 *   result.single[0]          // { id, name, score: 0.93, mmd2: 0.004, learnware: {…} }
 *   result.mixture?.members   // [{ id, name, weight: 0.6 }, …]
 *   result.alignments[0]      // { by: 'name', matchedColumns: [...], unusedColumns: ['id'] }
 */

import { z } from 'zod'
import { EntityId } from './common'
import { SemanticFilters, type LearnwareSummary } from './dock'

export const SearchRunArgs = z.strictObject({
  /** The opened data to search with (a table, images or texts: one of the three); without any the search is semantic only. */
  datasetId: EntityId.optional(),
  /** Opened images (`imagesOpen`): ranks image learnwares. */
  imageSetId: EntityId.optional(),
  /** Opened texts (`textsOpen`): ranks text learnwares made with an embedder available here. */
  textSetId: EntityId.optional(),
  filters: SemanticFilters.optional(),
  /** Most single results (default 10). */
  limit: z.int().min(1).max(200).optional(),
  /** Mixture search: 'greedy' (Beimingwu's default), 'auto', or 'none'. */
  mixture: z.enum(['greedy', 'auto', 'none']).optional(),
  /** Reduced-set size and seed of the user specs (defaults 100, 0). */
  k: z.int().min(1).max(1000).optional(),
  seed: z.int().min(0).max(2 ** 31 - 1).optional()
}).refine((args) => [args.datasetId, args.imageSetId, args.textSetId].filter((id) => id !== undefined).length <= 1, {
  message: 'give one of datasetId, imageSetId and textSetId, not several'
})

/** What the search compared: the user's table, images or texts; null for a semantic-only search. */
export type SearchDataKind = 'table' | 'images' | 'texts'

export interface SearchHitView {
  id: string
  name: string
  /** Beimingwu's matching score 0–1 (semantic-only: the text score / 100, or null). */
  score: number | null
  /** MMD² to the user's data; null for a semantic-only search. */
  mmd2: number | null
  learnware: LearnwareSummary
}

export interface MixtureView {
  members: { id: string; name: string; weight: number }[]
  mmd2: number
  score: number
}

export interface ColumnAlignmentView {
  /** Columns matched by name, or taken in the user's order. */
  by: 'name' | 'position'
  learnwareIds: string[]
  /** The learnwares' input names matched to the user's columns, in the learnwares' order. */
  matchedColumns: string[]
  /** The user's columns this arrangement leaves out. */
  unusedColumns: string[]
  gamma: number
}

export interface SearchResultView {
  /** The id of the data searched with (a data set, image set or text set), null for a semantic-only search. */
  datasetId: string | null
  dataKind: SearchDataKind | null
  single: SearchHitView[]
  mixture: MixtureView | null
  alignments: ColumnAlignmentView[]
  /** Learnwares that passed the semantic filters. */
  semanticMatches: number
  /** Learnwares left out of the statistical search because their feature count differs. */
  skippedForDimension: string[]
  /** Text searches: the user's languages, the embedders used, and text learnwares that could not be compared. */
  texts: { language: string[]; embedders: string[]; incomparable: { id: string; reason: string }[] } | null
  seconds: number
}
