/**
 * Extracting an untrusted zip to disk so that a hostile or broken archive leaves nothing behind. All
 * entries are checked first (safeZip.ts); files are then written only inside a fresh staging folder next
 * to the destination, each opened with O_EXCL (never following or replacing anything) at a path proven
 * to lie inside the staging folder, and the staging folder is renamed into place only when every entry
 * inflated to exactly its declared size and CRC. On any failure the staging folder is deleted.
 *
 * Example:
 *   const { files } = await extractSafely('/downloads/wine.zip', '/dock/packages/00000042')
 *   // files: ['__init__.py', 'learnware.yaml', 'model.onnx', …]; /dock/packages/00000042 did not exist before
 */

import { createWriteStream } from 'node:fs'
import { lstat, mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { LearnwareError } from '../errors'
import { splitEntryName } from './entryName'
import { compareNames, openCheckedArchive, type SafeZipOptions, type ZipSource } from './safeZip'

export interface ExtractResult {
  /** The destination folder, absolute. */
  destDir: string
  /** Files written, relative to `destDir`, sorted. */
  files: string[]
}

/** Extracts `source` into `destDir`, which must not exist yet; its parent is created if needed. */
export async function extractSafely(
  source: ZipSource,
  destDir: string,
  options: SafeZipOptions = {}
): Promise<ExtractResult> {
  const target = resolve(destDir)
  await assertAbsent(target)
  const archive = await openCheckedArchive(source, options)
  let staging: string | undefined
  try {
    await mkdir(dirname(target), { recursive: true })
    staging = await mkdtemp(join(dirname(target), `.${basename(target)}.staging-`))
    const files: string[] = []
    for (const entry of [...archive.entries].sort((a, b) => compareNames(a.name, b.name))) {
      const path = resolveInside(staging, entry.name)
      if (entry.isDirectory) {
        await mkdir(path, { recursive: true })
        continue
      }
      await mkdir(dirname(path), { recursive: true })
      await pipeline(Readable.from(archive.content(entry)), createWriteStream(path, { flags: 'wx', mode: 0o644 }))
      files.push(entry.name)
    }
    await rename(staging, target)
    staging = undefined
    return { destDir: target, files }
  } finally {
    archive.close()
    if (staging) await rm(staging, { recursive: true, force: true })
  }
}

/**
 * The absolute path of `entryName` under `root`, or a PACKAGE_UNSAFE error if it would leave `root`.
 * Entry names are already checked; this is the second, independent guard (with the trailing separator,
 * so `/out-evil` does not pass for `/out`).
 */
export function resolveInside(root: string, entryName: string): string {
  const base = resolve(root)
  const path = resolve(base, ...splitEntryName(entryName))
  if (!path.startsWith(base + sep)) {
    throw new LearnwareError('PACKAGE_UNSAFE', `entry ${JSON.stringify(entryName)} would be written outside ${base}`)
  }
  return path
}

async function assertAbsent(path: string): Promise<void> {
  try {
    await lstat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw new LearnwareError('IO_WRITE_FAILED', `${path}: cannot be checked before extracting`, { cause: error })
  }
  throw new LearnwareError('IO_WRITE_FAILED', `${path} already exists; extraction never overwrites`, {
    hint: 'Choose a new folder, or remove the old one first.'
  })
}
