/**
 * Image specifications: Beimingwu's RKME image spec — read/write its JSON, compare specs with the
 * NNGP kernel it searches with, and make new specs from images (with the reduced set actually fitted).
 *
 * Example:
 *   import { generateRkmeImageSpec, imageMmd2, imageSearchDistance, parseRkmeImageSpec } from './engine/spec/image'
 *   const mine = await generateRkmeImageSpec(batch, { k: 50, seed: 0 })
 *   const theirs = parseRkmeImageSpec(JSON.parse(text), 'rkme.json')
 *   imageSearchDistance(imageMmd2(mine, theirs))      // the distance Beimingwu's searcher ranks by
 *   await imageMmd2Many(mine, learnwareSpecs)          // a search's distances, on worker threads
 */

export {
  clearImageKernelCaches,
  DEFAULT_IMAGE_MODEL_CONFIG,
  IMAGE_DISTANCE_SCALE,
  imageInnerProduct,
  imageMmd2,
  imageMmd2Many,
  imageSearchDistance,
  RKME_IMAGE_SIDE,
  RKME_IMAGE_TYPE,
  RKME_IMAGE_VERSION,
  type ImageDistancesOptions,
  type ImageKernelOptions,
  type RkmeImageModelConfig,
  type RkmeImageSpec
} from './rkmeImage'
export { parseRkmeImageSpec, pythonFloatRepr, serializeRkmeImageSpec } from './rkmeImageJson'
export type { NngpArithmetic } from './nngpImages'
export { generateRkmeImageSpec, type GenerateRkmeImageOptions } from './rkmeImageGenerate'
export { DEFAULT_IMAGE_FIT, type RkmeImageFitOptions } from './rkmeImageFit'
export { preprocessImages, type ImagePreprocessOptions } from './imagePreprocess'
