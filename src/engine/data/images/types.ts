/** Shapes shared by the image loaders and the image specification code. */

/** N images of one size, planar and row-major: data[((n·channels + c)·height + y)·width + x]. */
export interface ImageBatch {
  data: Float32Array
  count: number
  channels: number
  height: number
  width: number
}

/** One decoded image, planar [channels][height][width], pixel values 0–255. */
export interface DecodedImage {
  width: number
  height: number
  /** 1 when every pixel has R = G = B (grey PNG/JPEG or colour file holding a grey picture), else 3. */
  channels: 1 | 3
  data: Float32Array
}

/** A file a loader left out, and why (shown to the user as-is). */
export interface SkippedImage {
  file: string
  reason: string
}
