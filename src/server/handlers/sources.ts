/**
 * Where a request's file comes from, made concrete: a path is resolved (relative to the host's working
 * folder) and left where it is; uploaded bytes are written to the host's temporary folder under their own
 * name, so the engine reads every file by path and names it as the user knows it.
 *
 * Example:
 *   const file = await materialize(host, { kind: 'bytes', fileName: 'sales.csv', base64 })
 *   file.path   // /tmp/learnware-dock-ab12/mx4k2q/sales.csv (file.temporary === true)
 */

import { rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import type { DataOptions, FileSource } from '../../shared/api'
import type { TableLoadOptions } from '../../engine/data'
import type { EngineHost } from '../engineHost'

/** Rows kept for specs and search by default; bigger files are reservoir-sampled (the spec barely changes). */
export const DEFAULT_MAX_ROWS = 200_000

export interface MaterializedFile {
  path: string
  fileName: string
  temporary: boolean
}

export async function materialize(host: EngineHost, source: FileSource): Promise<MaterializedFile> {
  if (source.kind === 'path') {
    const path = resolve(source.path)
    return { path, fileName: basename(path), temporary: false }
  }
  const path = host.temporaryPath(source.fileName)
  await writeFile(path, decodeBase64(source.base64))
  return { path, fileName: source.fileName, temporary: true }
}

export function discard(file: MaterializedFile): void {
  if (file.temporary) rmSync(dirname(file.path), { recursive: true, force: true })
}

export function decodeBase64(base64: string): Uint8Array {
  const buffer = Buffer.from(base64, 'base64')
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** The contract's data settings as the table loader's options. */
export function toLoadOptions(options: DataOptions): Omit<TableLoadOptions, 'onProgress' | 'signal'> {
  return {
    delimiter: options.delimiter,
    hasHeader: options.hasHeader,
    textEncoding: options.textEncoding,
    columnKinds: options.columnKinds,
    target: options.target ?? undefined,
    targetTask: options.targetTask,
    ignore: options.ignored,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS
  }
}

/** A file name from a title the user typed: `Iris species (v2)` → `Iris-species-v2.zip`. */
export function fileNameFor(title: string, extension: string, fallback: string): string {
  const cleaned = title.replace(/[^\p{L}\p{N} ._-]+/gu, ' ').trim().replace(/\s+/g, '-').slice(0, 80)
  return `${cleaned || fallback}${extension}`
}
