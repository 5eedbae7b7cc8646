/**
 * Images and texts as the user's data, besides tables: open a folder of images (labels from sub-folders) or
 * an IDX file, or one text column of a CSV. The engine reads them (in a job worker) and keeps them; the UI
 * gets an id (`img-1`, `txt-1`) and a view — for images the count per class, the files left out and why,
 * and a few small thumbnails as 0–255 pixel bytes the renderer draws on a canvas; for texts the column
 * used, the other text columns to choose from, a few sample texts and the detected language. `searchRun`
 * takes the id (`imageSetId` / `textSetId`) to rank image or text learnwares.
 *
 * Example:
 *   const images = await api.imagesOpen({ source: { kind: 'path', path: '/home/ana/photos' } })
 *   images.classes          // [{ name: 'bag', count: 12 }, …] or null for a flat folder
 *   images.thumbnails[0]    // { file: 'bag/00018.png', label: 'bag', width: 28, height: 28, channels: 1, pixels: '…' }
 *   const texts = await api.textsOpen({ source: { kind: 'path', path: 'reviews.csv' }, column: 'body' })
 *   texts.language          // ['en']
 */

import { z } from 'zod'
import { FilePath, FileSource } from './common'

/** Thumbnails a view carries at most (spread over the classes). */
export const MAX_THUMBNAILS = 48
/** Longest side of a thumbnail; bigger images are scaled down for the view (the engine keeps them whole). */
export const THUMBNAIL_SIZE = 64
/** Images read from a folder by default; more are sampled at random (seeded). */
export const DEFAULT_MAX_IMAGES = 2000
/** Skipped files listed by name (the count says how many there are). */
export const MAX_SKIPPED_SHOWN = 50
/** Sample texts a view shows, and how many characters of each. */
export const TEXT_SAMPLES = 5
export const TEXT_SAMPLE_CHARS = 400

export const ImagesOpenArgs = z.strictObject({
  /** A folder of PNG/JPEG images (one sub-folder per class, or flat) or an IDX images file, on this machine. */
  source: z.strictObject({ kind: z.literal('path'), path: FilePath }),
  maxImages: z.int().min(1).max(100_000).optional(),
  seed: z.int().min(0).max(2 ** 31 - 1).optional()
})

export const TextsOpenArgs = z.strictObject({
  source: FileSource,
  /** The column holding the texts; absent: the column with the longest texts. */
  column: z.string().min(1).max(1000).optional(),
  /** Keep at most this many texts (seeded sample, default 20 000). */
  maxTexts: z.int().min(1).max(1_000_000).optional()
})

export interface ImageThumbnail {
  /** Path inside the folder (`bag/00018.png`), or `#12` in an IDX file. */
  file: string
  label: string | null
  width: number
  height: number
  channels: 1 | 3
  /** Base64 of width × height × channels bytes (0–255), planar: all of R, then G, then B. */
  pixels: string
}

export interface ImageSetView {
  imageSetId: string
  /** The folder's or file's name. */
  sourceName: string
  images: number
  /** The size and channels every image was brought to (the most common size). */
  width: number
  height: number
  channels: number
  /** Sub-folder layout: images per class; null for a flat folder or an IDX file. */
  classes: { name: string; count: number }[] | null
  /** Files left out, with the reason (at most MAX_SKIPPED_SHOWN; `skippedCount` says how many). */
  skipped: { file: string; reason: string }[]
  skippedCount: number
  /** Images of another size, resized. */
  resized: number
  filesFound: number
  /** Only `images` of `filesFound` were read (a seeded random sample). */
  sampled: boolean
  thumbnails: ImageThumbnail[]
}

export interface TextSetView {
  textSetId: string
  fileName: string
  /** The column the texts come from. */
  column: string
  /** Columns that hold text (not numbers), to choose another. */
  textColumns: string[]
  texts: number
  /** The first few texts, cut at TEXT_SAMPLE_CHARS characters. */
  samples: { origin: string; text: string }[]
  /** Languages detected (langdetect codes, e.g. 'en'); empty when none was recognised. */
  language: string[]
  skippedCount: number
  /** Plain-language remarks: which column was used, sampling, encodings, rows left out. */
  notes: string[]
}
