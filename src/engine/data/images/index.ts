/**
 * Image data: PNG/JPEG folders (labelled by sub-folder or flat), single files, and IDX (Fashion-MNIST)
 * files → [N, C, H, W] Float32Array batches with pixel values 0–255, plus torchvision-style resizing.
 * The image RKME (spec/image) standardises per channel, so the pixel scale does not matter there.
 *
 * Example:
 *   import { loadImageFolder, readIdxImages, resizeImageBatch } from '../data/images'
 *   const { images, labels, skipped } = await loadImageFolder('photos')
 *   const test = await readIdxImages('t10k-images-idx3-ubyte.gz', { limit: 1000 })
 *   const small = resizeImageBatch(test, 32, 32)
 */

export { decodeImage, MAX_IMAGE_PIXELS, sniffImageFormat, type ImageFormat } from './decode'
export { loadImageFolder, type ImageFolderOptions, type LoadedImageFolder } from './imageFolder'
export { parseIdxImages, parseIdxLabels, readIdxImages, readIdxLabels, type IdxReadOptions } from './idx'
export { bilinearTaps, resizeImageBatch, resizePlane, type ResizeTaps } from './resize'
export type { DecodedImage, ImageBatch, SkippedImage } from './types'
