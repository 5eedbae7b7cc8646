/**
 * Specifications: the statistical RKME table spec (generate, compare, herd, read/write Beimingwu JSON).
 * The semantic spec has its own module (semantic.ts).
 *
 * Example:
 *   import { generateRkmeTableSpec, mmd2, serializeRkmeTableSpec, parseRkmeTableSpec } from './engine/spec'
 *   const mine = await generateRkmeTableSpec(features, rows, featuresPerRow)
 *   const theirs = parseRkmeTableSpec(JSON.parse(text), 'theirs.json')
 *   console.log(mmd2(mine, theirs))
 */

export { generateRkmeTableSpec, type GenerateRkmeTableOptions } from './rkmeTableGenerate'
export { effectiveReducedSetSize, MAX_REDUCED_SET_VALUES, type RkmeFitOptions } from './rkmeFit'
export {
  innerProduct,
  mmd2,
  parseRkmeTableSpec,
  serializeRkmeTableSpec,
  toRkmeTableSpecJson,
  RKME_TABLE_TYPE,
  RKME_TABLE_LEGACY_TYPE,
  type RkmeTableSpec,
  type RkmeTableSpecJson
} from './rkmeTable'
export { herdRkmeTable, type HerdingOptions } from './rkmeHerding'
export { kernelIsDegenerate, medianSquaredDistance, suggestGamma } from './gamma'
