/**
 * The user's images and texts as the contract shows them (src/shared/contract/media.ts): counts per class,
 * skipped files, a few thumbnails spread over the classes (scaled down to THUMBNAIL_SIZE, as 0–255 bytes),
 * sample texts and the detected language. Pure functions, used inside job workers.
 *
 * Example:
 *   const view = toImageSetView('img-1', folder, { sourceName: 'photos' })
 *   view.thumbnails.length   // ≤ 48, round-robin over the classes
 */

import { bytesToBase64, MAX_SKIPPED_SHOWN, MAX_THUMBNAILS, TEXT_SAMPLE_CHARS, TEXT_SAMPLES, THUMBNAIL_SIZE } from '../shared/api'
import type { ImageSetView, ImageThumbnail, TextSetView } from '../shared/api'
import { resizeImageBatch, type ImageBatch, type SkippedImage } from '../engine/data/images'
import type { TextCollection } from '../engine/text'

/** What an image view is made from: a loaded folder or IDX file (labels as names per image). */
export interface LoadedImages {
  sourceName: string
  images: ImageBatch
  /** One name per image, in batch order. */
  files: string[]
  classes: string[] | null
  /** Class index per image, when `classes`. */
  codes: Int32Array | null
  skipped: SkippedImage[]
  resized: number
  filesFound: number
  sampled: boolean
}

export function toImageSetView(imageSetId: string, loaded: LoadedImages): ImageSetView {
  const { images, classes, codes } = loaded
  const counts = classes ? classes.map(() => 0) : null
  if (counts && codes) for (const code of codes) counts[code]++
  return {
    imageSetId,
    sourceName: loaded.sourceName,
    images: images.count,
    width: images.width,
    height: images.height,
    channels: images.channels,
    classes: classes && counts ? classes.map((name, c) => ({ name, count: counts[c] })) : null,
    skipped: loaded.skipped.slice(0, MAX_SKIPPED_SHOWN).map(({ file, reason }) => ({ file, reason })),
    skippedCount: loaded.skipped.length,
    resized: loaded.resized,
    filesFound: loaded.filesFound,
    sampled: loaded.sampled,
    thumbnails: thumbnailIndices(images.count, classes?.length ?? 0, codes).map((n) => thumbnail(loaded, n))
  }
}

/** Up to MAX_THUMBNAILS images, taking one of each class in turn so every class shows. */
export function thumbnailIndices(count: number, classCount: number, codes: Int32Array | null): number[] {
  if (!codes || classCount === 0) return Array.from({ length: Math.min(count, MAX_THUMBNAILS) }, (_, i) => i)
  const perClass: number[][] = Array.from({ length: classCount }, () => [])
  codes.forEach((code, n) => perClass[code]?.push(n))
  const chosen: number[] = []
  for (let round = 0; chosen.length < Math.min(count, MAX_THUMBNAILS); round++) {
    for (const members of perClass) {
      if (round < members.length && chosen.length < MAX_THUMBNAILS) chosen.push(members[round])
    }
  }
  return chosen
}

function thumbnail(loaded: LoadedImages, n: number): ImageThumbnail {
  const { images } = loaded
  const area = images.height * images.width
  const size = images.channels * area
  let single: ImageBatch = { data: images.data.subarray(n * size, (n + 1) * size), count: 1, channels: images.channels, height: images.height, width: images.width }
  const longest = Math.max(images.height, images.width)
  if (longest > THUMBNAIL_SIZE) {
    const scale = THUMBNAIL_SIZE / longest
    single = resizeImageBatch(single, Math.max(1, Math.round(images.height * scale)), Math.max(1, Math.round(images.width * scale)))
  }
  const bytes = new Uint8Array(single.data.length)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.min(255, Math.max(0, Math.round(single.data[i])))
  const code = loaded.codes?.[n]
  return {
    file: loaded.files[n],
    label: loaded.classes && code !== undefined && code >= 0 ? loaded.classes[code] : null,
    width: single.width,
    height: single.height,
    channels: single.channels === 3 ? 3 : 1,
    pixels: bytesToBase64(bytes)
  }
}

export function toTextSetView(textSetId: string, docs: TextCollection, facts: { column: string; textColumns: string[]; language: string[] }): TextSetView {
  return {
    textSetId,
    fileName: docs.source,
    column: facts.column,
    textColumns: facts.textColumns,
    texts: docs.texts.length,
    samples: docs.texts.slice(0, TEXT_SAMPLES).map((text, i) => ({
      origin: docs.origins[i] ?? `#${i + 1}`,
      text: text.length > TEXT_SAMPLE_CHARS ? `${text.slice(0, TEXT_SAMPLE_CHARS - 1)}…` : text
    })),
    language: facts.language,
    skippedCount: docs.skipped.length,
    notes: [...docs.notes]
  }
}
