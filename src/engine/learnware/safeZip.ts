/**
 * Opening untrusted zips (learnware packages from disk, other docks or Beimingwu) without letting them
 * escape, explode or lie. Every entry is judged from the central directory *and* its local header before
 * a single byte is inflated (the rules live in zipEntryChecks.ts): names (see entryName.ts), symlinks and devices (unix mode in the external
 * attributes), encryption, compression method, per-entry / total / count caps, compression ratio,
 * overlapping entries (non-recursive bombs) and central/local header disagreements (parser differentials).
 * Inflation then counts real bytes and stops as soon as an entry exceeds what it declared, and checks
 * the CRC-32 at the end.
 *
 * Built on yauzl rather than fflate: yauzl reads the central directory lazily, exposes the external
 * attributes (symlink bits), version-made-by, flags and local headers, streams entries from a file
 * descriptor without buffering the whole archive, and reports malformed archives as errors; fflate's
 * unzip hides the attributes and inflates whole entries into memory.
 *
 * Example:
 *   const files = await readZipSafely(bytes, { label: 'wine.zip', limits: { maxTotalBytes: 64 << 20 } })
 *   files.get('learnware.yaml')   // Uint8Array
 *   await inspectZip('/tmp/x.zip') // [{ name, compressedSize, uncompressedSize, … }] — nothing inflated
 */

import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Readable } from 'node:stream'
import { crc32, createInflateRaw } from 'node:zlib'
import yauzl, { type ZipFile } from 'yauzl'
import { LearnwareError, isLearnwareError } from '../errors'
import { findNameCollision } from './entryName'
import {
  checkEntry,
  checkLocalHeaders,
  invalidEntry,
  messageOf,
  ratioText,
  unsafeArchive,
  unsafeEntry,
  type ArchiveEntry
} from './zipEntryChecks'

const MiB = 1024 * 1024

export interface ZipLimits {
  maxEntries: number
  /** Largest uncompressed size of one entry. */
  maxEntryBytes: number
  /** Largest sum of uncompressed sizes. */
  maxTotalBytes: number
  /** Largest uncompressed : compressed ratio, for entries (and archives) above `ratioCheckMinBytes`. */
  maxCompressionRatio: number
  ratioCheckMinBytes: number
  /** Largest archive file accepted at all. */
  maxArchiveBytes: number
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxEntries: 1000,
  maxEntryBytes: 256 * MiB,
  maxTotalBytes: 512 * MiB,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 1 * MiB,
  maxArchiveBytes: 600 * MiB
})

/** The zip's bytes, or the path of a zip file. */
export type ZipSource = Uint8Array | string

export interface SafeZipOptions {
  limits?: Partial<ZipLimits>
  /** How messages name the archive; defaults to the file name, or "package" for bytes. */
  label?: string
}

export interface CheckedZipEntry {
  name: string
  isDirectory: boolean
  compressionMethod: 0 | 8
  compressedSize: number
  uncompressedSize: number
  crc32: number
}

/** An archive whose every entry passed the checks; `content()` inflates one entry with byte counting. */
export class CheckedArchive {
  constructor(
    private readonly zip: ZipFile,
    readonly entries: readonly CheckedZipEntry[],
    readonly label: string
  ) {}

  /** The entry's bytes, chunk by chunk; throws as soon as they exceed the declared size. */
  async *content(entry: CheckedZipEntry): AsyncGenerator<Buffer> {
    const { source } = entry as ArchiveEntry
    const raw: Readable = await this.zip.openReadStreamPromise(source, { decodeFileData: false })
    const inflater = entry.compressionMethod === 8 ? createInflateRaw() : null
    if (inflater) {
      raw.on('error', (error) => inflater.destroy(error))
      raw.pipe(inflater)
    }
    let byteCount = 0
    let checksum = 0
    try {
      for await (const chunk of (inflater ?? raw) as AsyncIterable<Buffer>) {
        byteCount += chunk.length
        if (byteCount > entry.uncompressedSize) {
          throw unsafeEntry(this.label, entry.name, `declares ${entry.uncompressedSize} bytes but inflates to more (stopped at ${byteCount}; zip bomb)`)
        }
        checksum = crc32(chunk, checksum)
        yield chunk
      }
    } catch (error) {
      if (isLearnwareError(error)) throw error
      throw invalidEntry(this.label, entry.name, `cannot be decompressed (${messageOf(error)})`, error)
    } finally {
      raw.destroy()
      inflater?.destroy()
    }
    if (byteCount !== entry.uncompressedSize) {
      throw unsafeEntry(this.label, entry.name, `declares ${entry.uncompressedSize} bytes but holds ${byteCount}`)
    }
    if (checksum !== entry.crc32) throw invalidEntry(this.label, entry.name, 'fails its CRC-32 check (the archive is corrupt)')
  }

  close(): void {
    this.zip.close()
  }
}

export function resolveZipLimits(limits: Partial<ZipLimits> = {}): ZipLimits {
  return { ...DEFAULT_ZIP_LIMITS, ...limits }
}

/** Checks every entry of the archive and opens it for reading. Close the result when done. */
export async function openCheckedArchive(source: ZipSource, options: SafeZipOptions = {}): Promise<CheckedArchive> {
  const limits = resolveZipLimits(options.limits)
  const label = options.label ?? (typeof source === 'string' ? basename(source) : 'package')
  const zip = await openZip(source, limits, label)
  try {
    const entries = await checkCentralDirectory(zip, limits, label)
    await checkLocalHeaders(zip, entries, label)
    return new CheckedArchive(zip, entries, label)
  } catch (error) {
    zip.close()
    throw error
  }
}

/** Every entry's metadata after all checks pass; nothing is inflated. */
export async function inspectZip(source: ZipSource, options: SafeZipOptions = {}): Promise<CheckedZipEntry[]> {
  const archive = await openCheckedArchive(source, options)
  archive.close()
  return archive.entries.map(({ name, isDirectory, compressionMethod, compressedSize, uncompressedSize, crc32 }) => ({
    name, isDirectory, compressionMethod, compressedSize, uncompressedSize, crc32
  }))
}

/** Every file entry's bytes, keyed by entry name in sorted order; folders are omitted. */
export async function readZipSafely(source: ZipSource, options: SafeZipOptions = {}): Promise<Map<string, Uint8Array>> {
  const archive = await openCheckedArchive(source, options)
  try {
    const files = new Map<string, Uint8Array>()
    const fileEntries = archive.entries.filter((entry) => !entry.isDirectory)
    for (const entry of [...fileEntries].sort((a, b) => compareNames(a.name, b.name))) {
      const chunks: Buffer[] = []
      for await (const chunk of archive.content(entry)) chunks.push(chunk)
      const joined = Buffer.concat(chunks)
      files.set(entry.name, new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength))
    }
    return files
  } finally {
    archive.close()
  }
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const YAUZL_OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: false,
  strictFileNames: true
}

async function openZip(source: ZipSource, limits: ZipLimits, label: string): Promise<ZipFile> {
  const archiveBytes = typeof source === 'string' ? await fileSize(source) : source.byteLength
  if (archiveBytes > limits.maxArchiveBytes) {
    throw unsafeArchive(label, `is ${archiveBytes} bytes; the limit is ${limits.maxArchiveBytes}`)
  }
  try {
    if (typeof source === 'string') return await yauzl.openPromise(source, YAUZL_OPTIONS)
    return await yauzl.fromBufferPromise(Buffer.from(source.buffer, source.byteOffset, source.byteLength), YAUZL_OPTIONS)
  } catch (error) {
    throw notAZip(label, error)
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    throw new LearnwareError(missing ? 'IO_NOT_FOUND' : 'IO_READ_FAILED', `${path}: ${missing ? 'no such file' : 'cannot be read'}`, { cause })
  }
}

async function checkCentralDirectory(zip: ZipFile, limits: ZipLimits, label: string): Promise<ArchiveEntry[]> {
  if (zip.entryCount > limits.maxEntries) {
    throw unsafeArchive(label, `has ${zip.entryCount} entries; the limit is ${limits.maxEntries}`)
  }
  const entries: ArchiveEntry[] = []
  let totalBytes = 0
  try {
    for await (const source of zip.eachEntry()) {
      const entry = checkEntry(source, limits, label)
      totalBytes += entry.uncompressedSize
      if (totalBytes > limits.maxTotalBytes) {
        throw unsafeArchive(label, `inflates to more than ${limits.maxTotalBytes} bytes in total (limit)`)
      }
      entries.push(entry)
    }
  } catch (error) {
    if (isLearnwareError(error)) throw error
    throw notAZip(label, error)
  }
  const clash = findNameCollision(entries.map((entry) => entry.name))
  if (clash) throw unsafeEntry(label, clash.name, clash.message)
  if (totalBytes > limits.ratioCheckMinBytes && totalBytes > limits.maxCompressionRatio * zip.fileSize) {
    throw unsafeArchive(label, `inflates ${ratioText(totalBytes, zip.fileSize)} overall, above the ${limits.maxCompressionRatio}:1 limit (zip bomb)`)
  }
  return entries
}

function notAZip(label: string, cause: unknown): LearnwareError {
  return new LearnwareError('PACKAGE_INVALID', `${label} is not a readable zip archive (${messageOf(cause)})`, {
    hint: 'A learnware package is a .zip file holding learnware.yaml at its root.',
    cause
  })
}
