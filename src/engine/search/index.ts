/**
 * Search: semantic (Beimingwu's tag rules + fuzzy text), statistical (MMD² ranking, distance→score,
 * greedy/auto mixtures with weights) and the dock-level search that combines them with column alignment.
 *
 * Example:
 *   import { searchDockWithTable } from '../search'
 *   const result = await searchDockWithTable(dock, table, { mixture: 'greedy', limit: 10 })
 *   const byTexts = await searchDockWithTexts(dock, docs.texts, { limit: 10 })      // text learnwares, same result shape
 *   const byImages = await searchDockWithImages(dock, folder.images)                // image learnwares
 */

export { searchDockWithSpec, searchDockWithTable, type ColumnArrangement, type DockSearchHit, type DockSearchOptions, type DockSearchResult } from './dockSearch'
export { autoMixture, greedyMixture, MixtureProblem, type Mixture, type MixtureOptions, type SpecCandidate } from './mixture'
export { distancesToScores } from './scores'
export { semanticSearch, type SemanticCandidate, type SemanticMatch, type SemanticQuery } from './semantic'
export {
  groupedStatisticalSearch,
  statisticalSearch,
  type AlignedGroup,
  type MixtureMatch,
  type MixtureMethod,
  type SingleMatch,
  type StatisticalSearchOptions,
  type StatisticalSearchResult
} from './statistical'
export { searchDockWithTexts, type IncomparableLearnware, type TextSearchOptions, type TextSearchResult } from './textSearch'
export { searchDockWithImages, searchDockWithImageSpec } from './imageSearch'
