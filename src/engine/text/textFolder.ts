/**
 * Texts from a folder of `.txt` files, one document per file — the layout of 20 Newsgroups and of most
 * "my documents" folders. Files in sub-folders are labelled with the sub-folder's name (the first level
 * below the chosen folder), so `reviews/positive/1.txt` gets the label `positive`. A file that cannot be
 * used — unreadable, binary, empty, too big, another extension, a symbolic link — is skipped with a reason;
 * only a folder without a single usable text is an error. Files are read in sorted path order, so the same
 * folder always gives the same list.
 *
 * Example:
 *   const docs = await loadTextFolder('/data/reviews')
 *   docs.texts.length; docs.labels          // ['negative', 'negative', …, 'positive'] or null
 *   docs.skipped                            // [{ origin: 'positive/cover.jpg', reason: 'not a .txt file' }]
 */

import { lstat, readdir, readFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { LearnwareError } from '../errors'
import { decodeTextBytes, looksBinary, type SkippedText, type TextCollection } from './textCollection'

export interface TextFolderOptions {
  /** File extensions read as documents, lower case with the dot (default ['.txt']). */
  extensions?: readonly string[]
  /** Larger files are skipped (default 10 MB). */
  maxFileBytes?: number
  /** Stop after this many documents (default: no limit). */
  maxFiles?: number
  signal?: AbortSignal
}

const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024

export async function loadTextFolder(folder: string, options: TextFolderOptions = {}): Promise<TextCollection> {
  const source = basename(folder) || folder
  await requireFolder(folder, source)
  const extensions = (options.extensions ?? ['.txt']).map((e) => e.toLowerCase())
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
  const texts: string[] = []
  const origins: string[] = []
  const skipped: SkippedText[] = []
  let windows1252Files = 0

  for (const relative of await listFiles(folder, '', skipped)) {
    if (options.signal?.aborted) throw new LearnwareError('CANCELLED', `Loading ${source} was cancelled`)
    if (options.maxFiles !== undefined && texts.length >= options.maxFiles) break
    const skip = (reason: string): void => { skipped.push({ origin: relative, reason }) }
    if (!extensions.includes(extname(relative).toLowerCase())) { skip(`not a ${extensions.join(' / ')} file`); continue }
    const path = join(folder, relative)
    let bytes: Uint8Array
    try {
      const info = await lstat(path)
      if (info.isSymbolicLink()) { skip('a symbolic link (not followed)'); continue }
      if (info.size > maxBytes) { skip(`larger than ${Math.round(maxBytes / 1024 / 1024)} MB`); continue }
      bytes = await readFile(path)
    } catch (cause) {
      skip(`cannot be read (${errorCode(cause)})`)
      continue
    }
    const decoded = decodeTextBytes(bytes)
    if (looksBinary(bytes, decoded.encoding)) { skip('not a text file (it contains NUL bytes)'); continue }
    if (decoded.text.trim() === '') { skip('empty'); continue }
    if (decoded.encoding === 'windows-1252') windows1252Files++
    texts.push(decoded.text)
    origins.push(relative)
  }

  if (texts.length === 0) {
    throw new LearnwareError('DATA_EMPTY', `${source}: no readable ${extensions.join(' / ')} file`, {
      hint: skipped.length > 0 ? `First problem: ${skipped[0].origin}: ${skipped[0].reason}` : 'The folder is empty.'
    })
  }
  const notes: string[] = []
  if (windows1252Files > 0) notes.push(`${windows1252Files} file(s) were not valid UTF-8 and were read as Windows-1252.`)
  return { source, texts, labels: folderLabels(origins, notes), origins, columns: {}, skipped, notes }
}

async function requireFolder(folder: string, source: string): Promise<void> {
  try {
    const info = await lstat(folder)
    if (!info.isDirectory()) {
      throw new LearnwareError('IO_READ_FAILED', `${source} is not a folder`, { hint: 'Choose a folder of .txt files, one document per file.' })
    }
  } catch (cause) {
    if (cause instanceof LearnwareError) throw cause
    if (errorCode(cause) === 'ENOENT') throw new LearnwareError('IO_NOT_FOUND', `${folder} does not exist`, { cause })
    throw new LearnwareError('IO_READ_FAILED', `${folder} cannot be read (${errorCode(cause)})`, { cause })
  }
}

/** Relative paths of all files below `folder`, sorted; hidden entries are left out silently. */
async function listFiles(folder: string, prefix: string, skipped: SkippedText[]): Promise<string[]> {
  let entries
  try {
    entries = await readdir(join(folder, prefix), { withFileTypes: true })
  } catch (cause) {
    skipped.push({ origin: prefix || '.', reason: `folder cannot be read (${errorCode(cause)})` })
    return []
  }
  const files: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    if (entry.isDirectory()) files.push(...(await listFiles(folder, relative, skipped)))
    else files.push(relative)
  }
  return files
}

/** First path segment of each file, or null when no file sits in a sub-folder. */
function folderLabels(origins: readonly string[], notes: string[]): string[] | null {
  const labels = origins.map((origin) => (origin.includes('/') ? origin.slice(0, origin.indexOf('/')) : ''))
  if (labels.every((label) => label === '')) return null
  const unlabelled = labels.filter((label) => label === '').length
  if (unlabelled > 0) notes.push(`${unlabelled} file(s) sit directly in the folder, not in a sub-folder, and have the empty label.`)
  return labels
}

function errorCode(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause)
}
