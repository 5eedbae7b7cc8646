/**
 * Pieces every feature of the contract shares: where a file comes from (a path on this machine, or bytes
 * a browser read from a file input), ids of things the engine keeps (data stays engine-side; the UI holds
 * only these ids), outputs waiting to be saved, and the size limits both transports enforce.
 *
 * Example:
 *   const source: FileSource = { kind: 'path', path: '/home/ana/sales.csv' }
 *   const upload: FileSource = { kind: 'bytes', fileName: 'sales.csv', base64: bytesToBase64(bytes) }
 */

import { z } from 'zod'

/** Largest file a browser may send as bytes (CSV, package zip, ONNX model). Paths have no such limit. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024
/** Base64 length of MAX_UPLOAD_BYTES. */
export const MAX_UPLOAD_BASE64_CHARS = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4
/** Longest path accepted. */
export const MAX_PATH_CHARS = 4096

const idPattern = /^[a-z]+-[0-9a-z-]{1,64}$/

/** Ids the host hands out (`ds-3`, `spec-1`, `out-7`, `job-12`, `lwd-00000001`). */
export const EntityId = z.string().min(3).max(80).regex(idPattern, 'must be an id the app gave out, like "ds-1"')

export const FilePath = z.string().min(1, 'must not be empty').max(MAX_PATH_CHARS).refine((path) => !path.includes('\0'), 'must not contain a NUL character')

export const FileName = z
  .string()
  .min(1, 'must not be empty')
  .max(255)
  .refine((name) => !/[\\/\0]/.test(name), 'must be a file name, not a path')

export const FileSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('path'), path: FilePath }),
  z.strictObject({
    kind: z.literal('bytes'),
    fileName: FileName,
    base64: z.base64('must be base64-encoded bytes').max(MAX_UPLOAD_BASE64_CHARS, `is larger than the ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB upload limit; open the file by its path instead`)
  })
])
export type FileSource = z.infer<typeof FileSource>

/** An empty request (`appInfo()`, `vocabularyGet()` …); over HTTP the body may be `{}` or empty. */
export const NoArgs = z.strictObject({}).optional()

/**
 * A file the engine made and keeps until it is saved: a spec JSON, a package zip, an export bundle.
 * Save it with `outputSave({ outputId, path })`, or in web mode download `GET /api/outputs/<outputId>`.
 */
export interface OutputRef {
  outputId: string
  /** Suggested file name, e.g. `wine.spec.json`. */
  fileName: string
  bytes: number
  mediaType: string
}

export const OutputSaveArgs = z.strictObject({
  outputId: EntityId,
  path: FilePath,
  /** Replace an existing file (default false: an existing file is an error). */
  overwrite: z.boolean().optional()
})

export interface OutputSaveResult {
  path: string
  bytes: number
}
