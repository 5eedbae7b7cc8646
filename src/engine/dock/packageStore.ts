/**
 * The content-addressed package store: `packages/<sha256>.zip`, filled only by renaming a fully written,
 * fsynced file out of `staging/`, so a package file is either absent or complete. The same bytes always
 * land at the same path, which is what lets the catalog deduplicate and sync by hash. The file steps that
 * must happen while the catalog's write lock is held (rename in, unlink) are synchronous.
 *
 * Staging files are named `<pid>-<time>-<random>.zip.partial`: cleaning skips files of a live process and
 * this process's in-flight imports, so opening a dock never deletes another importer's work.
 *
 * Example:
 *   const store = new PackageStore(dockLayout(dir))
 *   const staged = await store.stage(bytes)           // staging/1234-….zip.partial, fsynced
 *   store.commitSync(staged, sha256Hex(bytes))         // → packages/<sha>.zip
 *   store.readVerified(sha)                            // bytes, or a problem naming the file
 */

import { createHash, randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs'
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { LearnwareError } from '../errors'
import { PACKAGE_FILE_PATTERN, packageFileLabel, type DockLayout } from './dockLayout'

const STAGING_SUFFIX = '.zip.partial'
const HASH_CHUNK_BYTES = 1 << 20

/** Staged files this process is still working on, whichever dock instance staged them. */
const inFlight = new Set<string>()

export type PackageFileCheck =
  | { ok: true; mtimeMs: number }
  | { ok: false; problem: string }

export class PackageStore {
  constructor(readonly layout: DockLayout) {}

  async ensureFolders(): Promise<void> {
    await mkdir(this.layout.packagesDir, { recursive: true })
    await mkdir(this.layout.stagingDir, { recursive: true })
  }

  /** Writes `bytes` to a new staging file and fsyncs it; the caller must commit or discard it. */
  async stage(bytes: Uint8Array): Promise<string> {
    const name = `${process.pid}-${Date.now()}-${randomBytes(6).toString('hex')}${STAGING_SUFFIX}`
    const path = join(this.layout.stagingDir, name)
    inFlight.add(path)
    try {
      const handle = await open(path, 'wx')
      try {
        await handle.writeFile(bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
    } catch (cause) {
      await this.discard(path)
      throw new LearnwareError('IO_WRITE_FAILED', `Cannot write a package into ${this.layout.stagingDir}: ${messageOf(cause)}`, { cause })
    }
    return path
  }

  /** Moves a staged file to `packages/<sha>.zip` (atomic rename), makes the rename durable; returns its mtime. */
  commitSync(stagedPath: string, sha256: string): number {
    const target = this.layout.packagePath(sha256)
    renameSync(stagedPath, target)
    inFlight.delete(stagedPath)
    fsyncFolder(this.layout.packagesDir)
    return Math.trunc(statSync(target).mtimeMs)
  }

  async discard(stagedPath: string): Promise<void> {
    inFlight.delete(stagedPath)
    await rm(stagedPath, { force: true })
  }

  removeSync(sha256: string): void {
    rmSync(this.layout.packagePath(sha256), { force: true })
  }

  /** The sha256 of every package file present (names that are not `<sha>.zip` are ignored). */
  listSync(): string[] {
    return readdirSync(this.layout.packagesDir).flatMap((name) => {
      const match = PACKAGE_FILE_PATTERN.exec(name)
      return match ? [match[1]] : []
    })
  }

  /** Deletes staging files left by crashed imports; returns how many. */
  cleanStagingSync(): number {
    let removed = 0
    for (const name of readdirSync(this.layout.stagingDir)) {
      const path = join(this.layout.stagingDir, name)
      if (inFlight.has(path) || ownerIsAlive(name)) continue
      rmSync(path, { force: true, recursive: true })
      removed++
    }
    return removed
  }

  /**
   * Whether the package file exists with the expected size and sha256. The hash is skipped when the size
   * and mtime still match the last verification (`verifiedMtimeMs`, whole ms), unless `rehash` is set.
   * "Match" allows 1 ms: a timestamp set back through a Date (backup and copy tools do this) can land a
   * hair below the original after the seconds → nanoseconds conversion.
   */
  checkSync(sha256: string, expectedSize: number, verifiedMtimeMs: number | null, rehash: boolean): PackageFileCheck {
    const label = packageFileLabel(sha256)
    const path = this.layout.packagePath(sha256)
    let size: number
    let mtimeMs: number
    try {
      const stats = statSync(path)
      size = stats.size
      mtimeMs = Math.trunc(stats.mtimeMs)
    } catch {
      return { ok: false, problem: `Package file ${label} is missing` }
    }
    if (size !== expectedSize) return { ok: false, problem: `Package file ${label} has ${size} bytes; the catalog recorded ${expectedSize}` }
    if (!rehash && verifiedMtimeMs !== null && Math.abs(verifiedMtimeMs - mtimeMs) <= 1) return { ok: true, mtimeMs: verifiedMtimeMs }
    const actual = hashFileSync(path)
    if (actual !== sha256) return { ok: false, problem: `Package file ${label} does not match its sha256 (its bytes hash to ${actual})` }
    return { ok: true, mtimeMs }
  }

  /** The package's bytes after checking their sha256, or the problem (missing, unreadable, altered). */
  async readVerified(sha256: string): Promise<{ bytes: Uint8Array } | { problem: string }> {
    const label = packageFileLabel(sha256)
    let bytes: Uint8Array
    try {
      bytes = await readFile(this.layout.packagePath(sha256))
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
      return { problem: missing ? `Package file ${label} is missing` : `Package file ${label} cannot be read: ${messageOf(cause)}` }
    }
    const actual = sha256Hex(bytes)
    if (actual !== sha256) return { problem: `Package file ${label} does not match its sha256 (its bytes hash to ${actual})` }
    return { bytes }
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function hashFileSync(path: string): string {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES)
  const fd = openSync(path, 'r')
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read))
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

/** Makes a rename durable on power loss. Windows cannot open folders; NTFS journals renames anyway. */
function fsyncFolder(path: string): void {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    fsyncSync(fd)
  } catch {
    // best effort: the rename itself has happened either way
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function ownerIsAlive(stagingName: string): boolean {
  const pid = Number(/^(\d+)-/.exec(stagingName)?.[1])
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
