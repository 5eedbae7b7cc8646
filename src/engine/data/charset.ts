/**
 * Which text encoding a CSV file uses, and a streaming decoder for it. Spreadsheet exports arrive as
 * UTF-8 (often with a BOM from Excel), UTF-16 ("Unicode text" from Excel) or a Windows code page; users
 * should not have to know which. Detection looks at the first bytes: a BOM decides; otherwise UTF-16
 * without BOM is recognised by its zero bytes, and anything that is not valid UTF-8 is read as latin1.
 *
 * Example:
 *   const { textEncoding } = detectTextEncoding(headBytes)     // 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1'
 *   const decoder = new ChunkDecoder(textEncoding)
 *   const text = decoder.decode(bytes) + decoder.end()       // throws InvalidUtf8Error on bad UTF-8
 */

import { TextDecoder } from 'node:util'
import type { TextEncodingName } from './types'

export type FileTextEncoding = Exclude<TextEncodingName, 'js-string'>

export interface DetectedTextEncoding {
  textEncoding: FileTextEncoding
  byteOrderMark: boolean
}

/** Thrown when bytes stop being valid UTF-8 after the head looked fine; the loader restarts as latin1. */
export class InvalidUtf8Error extends Error {
  constructor() {
    super('bytes are not valid UTF-8')
    this.name = 'InvalidUtf8Error'
  }
}

export function detectTextEncoding(head: Uint8Array): DetectedTextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { textEncoding: 'utf-8', byteOrderMark: true }
  if (head[0] === 0xff && head[1] === 0xfe) return { textEncoding: 'utf-16le', byteOrderMark: true }
  if (head[0] === 0xfe && head[1] === 0xff) return { textEncoding: 'utf-16be', byteOrderMark: true }
  const utf16 = guessUtf16WithoutBom(head)
  if (utf16) return { textEncoding: utf16, byteOrderMark: false }
  return { textEncoding: isValidUtf8Prefix(head) ? 'utf-8' : 'latin1', byteOrderMark: false }
}

/** Decodes a byte stream chunk by chunk; characters split across chunks come out whole. Strips a BOM. */
export class ChunkDecoder {
  private readonly decoder: TextDecoder

  constructor(readonly textEncoding: FileTextEncoding) {
    const label = textEncoding === 'latin1' ? 'windows-1252' : textEncoding
    this.decoder = new TextDecoder(label, { fatal: textEncoding === 'utf-8' })
  }

  decode(bytes: Uint8Array): string {
    try {
      return this.decoder.decode(bytes, { stream: true })
    } catch {
      throw new InvalidUtf8Error()
    }
  }

  end(): string {
    try {
      return this.decoder.decode()
    } catch {
      throw new InvalidUtf8Error()
    }
  }
}

/** Whole-buffer decoding with detection, for in-memory inputs. */
export function decodeTableBytes(bytes: Uint8Array, forced?: FileTextEncoding): { text: string } & DetectedTextEncoding {
  const detected = detectTextEncoding(bytes.subarray(0, 64 * 1024))
  const textEncoding = forced ?? detected.textEncoding
  const byteOrderMark = detected.byteOrderMark && detected.textEncoding === textEncoding
  try {
    const decoder = new ChunkDecoder(textEncoding)
    return { text: decoder.decode(bytes) + decoder.end(), textEncoding, byteOrderMark }
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error) || forced) throw error
    const decoder = new ChunkDecoder('latin1')
    return { text: decoder.decode(bytes) + decoder.end(), textEncoding: 'latin1', byteOrderMark: false }
  }
}

function isValidUtf8Prefix(head: Uint8Array): boolean {
  try {
    // stream: true tolerates a character cut in half at the end of the head
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return true
  } catch {
    return false
  }
}

/** ASCII-heavy UTF-16 has a zero byte in almost every other position. */
function guessUtf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.min(head.length >> 1, 4096)
  if (pairs < 2) return undefined
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) zeroEven++
    if (head[2 * i + 1] === 0) zeroOdd++
  }
  if (zeroOdd > 0.4 * pairs && zeroEven < 0.05 * pairs) return 'utf-16le'
  if (zeroEven > 0.4 * pairs && zeroOdd < 0.05 * pairs) return 'utf-16be'
  return undefined
}
