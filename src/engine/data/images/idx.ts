/**
 * The IDX format of MNIST and Fashion-MNIST (optionally gzipped): a big-endian header — magic 2051 for
 * images (count, rows, cols) or 2049 for labels (count) — then uint8 data. Used for tests, benchmarks and
 * demo data sets.
 *
 * Example:
 *   const images = await readIdxImages('t10k-images-idx3-ubyte.gz', { limit: 1000 })   // ImageBatch, 1 × 28 × 28
 *   const labels = await readIdxLabels('t10k-labels-idx1-ubyte.gz', { limit: 1000 })   // Uint8Array
 */

import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { LearnwareError } from '../../errors'
import type { ImageBatch } from './types'

const IMAGES_MAGIC = 2051
const LABELS_MAGIC = 2049

export interface IdxReadOptions {
  /** Keep only the first `limit` entries. */
  limit?: number
}

export async function readIdxImages(path: string, options: IdxReadOptions = {}): Promise<ImageBatch> {
  return parseIdxImages(await readIdxBytes(path), path, options)
}

export async function readIdxLabels(path: string, options: IdxReadOptions = {}): Promise<Uint8Array> {
  return parseIdxLabels(await readIdxBytes(path), path, options)
}

export function parseIdxImages(bytes: Uint8Array, name: string, options: IdxReadOptions = {}): ImageBatch {
  const view = header(bytes, name, IMAGES_MAGIC, 16)
  const total = view.getUint32(4)
  const height = view.getUint32(8)
  const width = view.getUint32(12)
  const count = Math.min(total, options.limit ?? total)
  const size = height * width
  if (bytes.length < 16 + total * size) throw new LearnwareError('DATA_BAD_IMAGE', `${name}: holds ${bytes.length - 16} pixel bytes, header promises ${total} × ${height} × ${width}`)
  const data = new Float32Array(count * size)
  for (let i = 0; i < data.length; i++) data[i] = bytes[16 + i]
  return { data, count, channels: 1, height, width }
}

export function parseIdxLabels(bytes: Uint8Array, name: string, options: IdxReadOptions = {}): Uint8Array {
  const view = header(bytes, name, LABELS_MAGIC, 8)
  const total = view.getUint32(4)
  if (bytes.length < 8 + total) throw new LearnwareError('DATA_BAD_IMAGE', `${name}: holds ${bytes.length - 8} labels, header promises ${total}`)
  return bytes.slice(8, 8 + Math.min(total, options.limit ?? total))
}

async function readIdxBytes(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new LearnwareError('IO_NOT_FOUND', `Cannot read ${path}`, { cause: error })
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes)
    } catch (error) {
      throw new LearnwareError('DATA_BAD_IMAGE', `${path}: corrupt gzip data`, { cause: error })
    }
  }
  return bytes
}

function header(bytes: Uint8Array, name: string, magic: number, length: number): DataView {
  if (bytes.length < length) throw new LearnwareError('DATA_BAD_IMAGE', `${name}: too short for an IDX header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const found = view.getUint32(0)
  if (found !== magic) {
    throw new LearnwareError('DATA_BAD_IMAGE', `${name}: IDX magic number is ${found}, expected ${magic} (${magic === IMAGES_MAGIC ? 'images' : 'labels'})`)
  }
  return view
}
