/**
 * The per-entry rules behind safeZip.ts, applied to yauzl's view of an archive before anything is
 * inflated: a central-directory record must have a safe name (entryName.ts) that its Unicode-path extra
 * field does not contradict, be a regular file or folder (no symlink or device in the unix mode bits),
 * be unencrypted, stored or deflated, within the size and ratio caps; its local header must agree with
 * the central directory (name, method, sizes), and no two entries may share bytes. Each failure is a
 * LearnwareError naming the archive, the entry and the rule.
 *
 * Example:
 *   const entry = checkEntry(yauzlEntry, limits, 'wine.zip')   // throws PACKAGE_UNSAFE / PACKAGE_INVALID
 *   await checkLocalHeaders(zipFile, [entry], 'wine.zip')
 */

import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { LearnwareError } from '../errors'
import { checkEntryName, isDirectoryEntryName } from './entryName'
import type { CheckedZipEntry, ZipLimits } from './safeZip'

/** A checked entry together with yauzl's record, which is needed to inflate it later. */
export interface ArchiveEntry extends CheckedZipEntry {
  readonly source: Entry
}

const UNIX_FILE_TYPE = 0o170000
const UNIX_REGULAR = 0o100000
const UNIX_DIRECTORY = 0o040000
const UNIX_SYMLINK = 0o120000

export function checkEntry(source: Entry, limits: ZipLimits, label: string): ArchiveEntry {
  const flags = source.generalPurposeBitFlag
  const name = yauzl.getFileNameLowLevel(flags, source.fileNameRaw, source.extraFields, true)
  const storedName = yauzl.getFileNameLowLevel(flags, source.fileNameRaw, [], true)
  const nameProblem = checkEntryName(name)
  if (nameProblem) throw unsafeEntry(label, name, nameProblem.message)
  if (name !== storedName) {
    throw unsafeEntry(label, name, `has a Unicode-path extra field that differs from its stored name ${JSON.stringify(storedName)}`)
  }
  const fileType = (source.externalFileAttributes >>> 16) & UNIX_FILE_TYPE
  if (fileType === UNIX_SYMLINK) throw unsafeEntry(label, name, 'is a symbolic link')
  if (fileType !== 0 && fileType !== UNIX_REGULAR && fileType !== UNIX_DIRECTORY) {
    throw unsafeEntry(label, name, `is a device, FIFO or socket (unix file type 0o${fileType.toString(8)})`)
  }
  if (flags & 0x1) throw unsafeEntry(label, name, 'is encrypted, so its contents cannot be checked')
  const method = source.compressionMethod
  if (method !== 0 && method !== 8) {
    throw invalidEntry(label, name, `uses compression method ${method}; only stored (0) and deflate (8) are supported`)
  }
  const { compressedSize, uncompressedSize } = source
  const isDirectory = isDirectoryEntryName(name)
  if (isDirectory && uncompressedSize !== 0) throw invalidEntry(label, name, `is a folder entry but holds ${uncompressedSize} bytes`)
  if (method === 0 && compressedSize !== uncompressedSize) {
    throw unsafeEntry(label, name, `is stored uncompressed but declares ${uncompressedSize} bytes in ${compressedSize}`)
  }
  if (uncompressedSize > limits.maxEntryBytes) {
    throw unsafeEntry(label, name, `inflates to ${uncompressedSize} bytes; the per-file limit is ${limits.maxEntryBytes}`)
  }
  if (uncompressedSize > limits.ratioCheckMinBytes && uncompressedSize > limits.maxCompressionRatio * compressedSize) {
    throw unsafeEntry(label, name, `has compression ratio ${ratioText(uncompressedSize, compressedSize)}, above the ${limits.maxCompressionRatio}:1 limit (zip bomb)`)
  }
  return { name, isDirectory, compressionMethod: method, compressedSize, uncompressedSize, crc32: source.crc32, source }
}

/** Local headers must agree with the central directory, and no two entries may share bytes. */
export async function checkLocalHeaders(zip: ZipFile, entries: readonly ArchiveEntry[], label: string): Promise<void> {
  const spans: { name: string; start: number; end: number }[] = []
  for (const entry of entries) {
    const { source } = entry
    let header
    try {
      header = await zip.readLocalFileHeaderPromise(source)
    } catch (error) {
      throw invalidEntry(label, entry.name, `has a broken local header (${messageOf(error)})`, error)
    }
    if (!header.fileName.equals(source.fileNameRaw)) {
      throw unsafeEntry(label, entry.name, 'has a local header that names a different file')
    }
    if (header.generalPurposeBitFlag & 0x1) throw unsafeEntry(label, entry.name, 'is encrypted, so its contents cannot be checked')
    if (header.compressionMethod !== entry.compressionMethod) {
      throw unsafeEntry(label, entry.name, 'has a local header whose compression method differs from the central directory')
    }
    const sizesDeferred = (header.generalPurposeBitFlag & 0x8) !== 0
    if (!sizesDeferred && (disagrees(header.compressedSize, entry.compressedSize) || disagrees(header.uncompressedSize, entry.uncompressedSize))) {
      throw unsafeEntry(label, entry.name, 'has a local header whose sizes differ from the central directory')
    }
    spans.push({ name: entry.name, start: source.relativeOffsetOfLocalHeader, end: header.fileDataStart + entry.compressedSize })
  }
  spans.sort((a, b) => a.start - b.start)
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) {
      throw unsafeEntry(label, spans[i].name, `overlaps the bytes of "${spans[i - 1].name}" (overlapping-entry zip bomb)`)
    }
  }
}

/** Zip64 local headers hold 0xFFFFFFFF and put the real size in an extra field. */
function disagrees(localSize: number, centralSize: number): boolean {
  return localSize !== 0xffffffff && localSize !== centralSize
}

export function ratioText(uncompressed: number, compressed: number): string {
  return compressed === 0 ? '∞:1' : `${Math.round(uncompressed / compressed)}:1`
}

export function unsafeEntry(label: string, name: string, rule: string): LearnwareError {
  return new LearnwareError('PACKAGE_UNSAFE', `${label}: entry ${JSON.stringify(name)} ${rule}`, {
    hint: 'The package was refused and nothing from it was kept. Only import packages from sources you trust.'
  })
}

export function unsafeArchive(label: string, rule: string): LearnwareError {
  return new LearnwareError('PACKAGE_UNSAFE', `${label} ${rule}`, {
    hint: 'The package was refused and nothing from it was kept. Limits can be raised in the import options.'
  })
}

export function invalidEntry(label: string, name: string, rule: string, cause?: unknown): LearnwareError {
  return new LearnwareError('PACKAGE_INVALID', `${label}: entry ${JSON.stringify(name)} ${rule}`, { cause })
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
