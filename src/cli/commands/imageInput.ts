/**
 * The user's images for the image commands (`predict --images`, `search --images`): a folder of PNG/JPEG
 * files (one sub-folder per class, or flat) or an IDX file (`…-images-idx3-ubyte[.gz]`, as the starter
 * dock's image user tasks are stored). Files that cannot be decoded are left out with a reason each.
 *
 * Example:
 *   const user = await loadUserImages('photos', { seed: 0 })
 *   user.images.count, user.names[0], user.labels   // 120, 'ankle_boot/00000.png', ['ankle_boot', …] | null
 */

import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { loadImageFolder, readIdxImages, type ImageBatch, type SkippedImage } from '../../engine/data/images'
import { LearnwareError } from '../../engine/errors'

export interface UserImages {
  /** Folder or file name, for messages. */
  source: string
  images: ImageBatch
  /** One name per image: its path inside the folder, or `#1`, `#2` … for an IDX file. */
  names: string[]
  /** The class (sub-folder name) of each image, or null for a flat folder or an IDX file. */
  labels: string[] | null
  skipped: SkippedImage[]
  resized: number
}

export async function loadUserImages(path: string, options: { seed?: number } = {}): Promise<UserImages> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new LearnwareError('IO_NOT_FOUND', `${path}: no such folder or file`, { hint: 'Give a folder of PNG/JPEG images (one sub-folder per class, or flat) or an IDX images file.' })
  if (info.isDirectory()) {
    const folder = await loadImageFolder(path, { seed: options.seed ?? 0 })
    const labels = folder.labels ? Array.from(folder.labels.codes, (code) => folder.labels!.classes[code]) : null
    return { source: basename(path), images: folder.images, names: folder.files, labels, skipped: folder.skipped, resized: folder.resized }
  }
  if (/idx3-ubyte(\.gz)?$/i.test(path)) {
    const images = await readIdxImages(path)
    return { source: basename(path), images, names: Array.from({ length: images.count }, (_, i) => `#${i + 1}`), labels: null, skipped: [], resized: 0 }
  }
  throw new LearnwareError('DATA_NO_IMAGES', `${path} is a file, not a folder of images`, {
    hint: 'Give the folder that holds the PNG/JPEG files (one sub-folder per class, or flat), or an IDX images file (…-images-idx3-ubyte.gz).'
  })
}
