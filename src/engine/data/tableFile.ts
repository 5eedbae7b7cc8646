/**
 * Reading a table file from disk as decoded text, a megabyte at a time: checks that the file exists,
 * detects its text encoding from the first bytes, and yields text chunks with the bytes read so far (for
 * progress). Cancellation is checked between chunks. Shared by the loader and the preview.
 *
 * Example:
 *   const file = await openTableFile('/data/sales.csv')         // { path, source: 'sales.csv', bytes, … }
 *   for await (const { text, bytesRead } of readTextChunks(file, file.textEncoding, signal)) use(text)
 */

import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { LearnwareError, isLearnwareError } from '../errors'
import { ChunkDecoder, detectTextEncoding, type FileTextEncoding } from './charset'

const CHUNK_BYTES = 1024 * 1024
const HEAD_BYTES = 64 * 1024

export interface TableFile {
  path: string
  /** The file name, used in every message about the file. */
  source: string
  bytes: number
  textEncoding: FileTextEncoding
  byteOrderMark: boolean
}

export interface TextChunk {
  text: string
  bytesRead: number
  /** True for the last chunk (it also flushes the decoder). */
  last: boolean
}

export async function openTableFile(path: string): Promise<TableFile> {
  const source = basename(path)
  try {
    const info = await stat(path)
    if (info.isDirectory()) {
      throw new LearnwareError('IO_READ_FAILED', `${path} is a folder, not a table file`, { hint: 'Choose a .csv or .tsv file.' })
    }
    const handle = await open(path, 'r')
    try {
      const head = new Uint8Array(Math.min(HEAD_BYTES, info.size))
      await handle.read(head, 0, head.length, 0)
      return { path, source, bytes: info.size, ...detectTextEncoding(head) }
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw asReadError(error, path)
  }
}

export async function* readTextChunks(file: TableFile, textEncoding: FileTextEncoding, signal?: AbortSignal): AsyncGenerator<TextChunk> {
  const decoder = new ChunkDecoder(textEncoding)
  let bytesRead = 0
  throwIfCancelled(signal, file.source)
  try {
    for await (const bytes of createReadStream(file.path, { highWaterMark: CHUNK_BYTES })) {
      throwIfCancelled(signal, file.source)
      bytesRead += (bytes as Buffer).length
      yield { text: decoder.decode(bytes as Buffer), bytesRead, last: false }
    }
  } catch (error) {
    throw asReadError(error, file.path)
  }
  yield { text: decoder.end(), bytesRead, last: true }
}

export function throwIfCancelled(signal: AbortSignal | undefined, source: string): void {
  if (signal?.aborted) throw new LearnwareError('CANCELLED', `Loading ${source} was cancelled`)
}

/** Node's errno errors → LearnwareErrors naming the file; anything already meaningful passes through. */
function asReadError(error: unknown, path: string): unknown {
  if (isLearnwareError(error) || !(error instanceof Error)) return error
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return new LearnwareError('IO_NOT_FOUND', `No file at ${path}`, { hint: 'Check the path and the file name.', cause: error })
  if (code === 'EACCES' || code === 'EPERM') {
    return new LearnwareError('IO_READ_FAILED', `${path} cannot be read: permission denied`, { cause: error })
  }
  if (code === 'EISDIR') return new LearnwareError('IO_READ_FAILED', `${path} is a folder, not a table file`, { cause: error })
  if (code) return new LearnwareError('IO_READ_FAILED', `${path} could not be read (${code})`, { cause: error })
  return error
}
