/**
 * PNG and JPEG bytes → planar float pixels (0–255), with pngjs and jpeg-js (pure JS, no native code).
 * Files come from users and downloaded packages, so sizes are checked before anything large is allocated
 * (a 100-byte PNG can claim 60,000 × 60,000 pixels). Alpha is dropped: the reference takes plain
 * [N, C, H, W] arrays and users' transparent backgrounds would otherwise differ between tools.
 *
 * Example:
 *   const image = decodeImage(readFileSync('shoe.png'), 'shoe.png')   // { width, height, channels, data }
 */

import { decode as decodeJpeg } from 'jpeg-js'
import { PNG } from 'pngjs'
import { LearnwareError } from '../../errors'
import type { DecodedImage } from './types'

/** Larger images are refused (40 megapixels, ~480 MB of float pixels for RGB). */
export const MAX_IMAGE_PIXELS = 40_000_000

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export type ImageFormat = 'png' | 'jpeg'

/** The format from the file's first bytes (not its name), or null. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  return null
}

export function decodeImage(bytes: Uint8Array, name = 'image'): DecodedImage {
  const format = sniffImageFormat(bytes)
  if (format === null) throw new LearnwareError('DATA_BAD_IMAGE', `${name}: not a PNG or JPEG file`)
  let width: number
  let height: number
  let rgba: Uint8Array
  try {
    if (format === 'png') {
      checkPngSize(bytes, name)
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      ;({ width, height } = png)
      rgba = png.data
    } else {
      const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 1024 })
      ;({ width, height } = jpeg)
      rgba = jpeg.data
    }
  } catch (error) {
    if (error instanceof LearnwareError) throw error
    const detail = error instanceof Error ? error.message : String(error)
    throw new LearnwareError('DATA_BAD_IMAGE', `${name}: cannot decode ${format.toUpperCase()} (${detail})`, { cause: error })
  }
  if (width < 1 || height < 1 || rgba.length < width * height * 4) {
    throw new LearnwareError('DATA_BAD_IMAGE', `${name}: decoded to an empty or truncated image`)
  }
  return toPlanar(rgba, width, height)
}

/** PNG's IHDR (bytes 16–23) holds width and height; refuse huge ones before inflating anything. */
function checkPngSize(bytes: Uint8Array, name: string): void {
  const ihdr = bytes.length >= 24 && String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]) === 'IHDR'
  if (!ihdr) throw new LearnwareError('DATA_BAD_IMAGE', `${name}: cannot decode PNG (no IHDR header chunk; the file is damaged or truncated)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const width = view.getUint32(16)
  const height = view.getUint32(20)
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new LearnwareError('DATA_BAD_IMAGE', `${name}: ${width} × ${height} pixels is larger than the ${MAX_IMAGE_PIXELS / 1e6} megapixels allowed`, {
      hint: 'Scale the image down first; specifications use 32 × 32 pixels anyway'
    })
  }
}

function toPlanar(rgba: Uint8Array, width: number, height: number): DecodedImage {
  const pixels = width * height
  let grey = true
  for (let p = 0; p < pixels && grey; p++) grey = rgba[4 * p] === rgba[4 * p + 1] && rgba[4 * p] === rgba[4 * p + 2]
  const channels = grey ? 1 : 3
  const data = new Float32Array(channels * pixels)
  for (let c = 0; c < channels; c++) for (let p = 0; p < pixels; p++) data[c * pixels + p] = rgba[4 * p + c]
  return { width, height, channels, data }
}
