/**
 * A set of documents loaded for a text specification, whatever it came from (a CSV column, a folder of
 * `.txt` files): the texts, an optional label per text, where each came from, and what was left out and
 * why — so the app can say "812 texts, 3 files skipped: …" instead of failing on the first bad file.
 * Also the one place that turns bytes into a string the way the table loader does (BOM, UTF-16, UTF-8,
 * else Windows-1252).
 *
 * Example:
 *   const { text, encoding } = decodeTextBytes(bytes)     // 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'
 */

export interface SkippedText {
  /** `row 12` for a CSV, the relative path for a folder. */
  origin: string
  reason: string
}

export interface TextCollection {
  /** File or folder name, for messages. */
  source: string
  texts: string[]
  /** One label per text (a CSV's label column, a folder's sub-folder names), or null. */
  labels: string[] | null
  /** Where each text came from: `row 12` (1-based data row) or `sports/a.txt`. */
  origins: string[]
  /** Other CSV columns asked for with `keepColumns`, one string per text. */
  columns: Record<string, string[]>
  skipped: SkippedText[]
  /** Plain-language remarks: which column was used, sampling, encodings. */
  notes: string[]
}

export type DecodedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/** BOM first; UTF-16 without BOM is not guessed here (text files rarely are); invalid UTF-8 → Windows-1252. */
export function decodeTextBytes(bytes: Uint8Array): { text: string; encoding: DecodedEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' }
  }
}

/** A NUL byte in text that is not UTF-16 means a binary file (an image, a zip, a model) was picked. */
export function looksBinary(bytes: Uint8Array, encoding: DecodedEncoding): boolean {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return false
  const head = bytes.subarray(0, 8192)
  return head.includes(0)
}
