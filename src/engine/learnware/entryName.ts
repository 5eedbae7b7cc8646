/**
 * Rules for the names of entries in an untrusted zip, checked before anything is inflated or written.
 * A name is accepted only if it is a plain relative path that means the same file on Linux, macOS and
 * Windows: no zip-slip (`..`, absolute paths, drive letters, backslashes), no NTFS streams (`:`), no
 * device names (`NUL`, `COM1`), no control characters, and no two names that a case-insensitive or
 * Unicode-normalising file system would merge (`Model.onnx` vs `model.onnx`; a file that is also a folder).
 *
 * Example:
 *   checkEntryName('../../evil')        // { rule: 'parent-segment', message: 'contains a ".." segment (zip slip)' }
 *   checkEntryName('weights/model.pkl') // null (acceptable)
 *   findNameCollision(['a.txt', 'A.TXT']) // { rule: 'case-collision', … }
 */

export type EntryNameRule =
  | 'empty'
  | 'too-long'
  | 'control-character'
  | 'backslash'
  | 'absolute-path'
  | 'drive-letter'
  | 'parent-segment'
  | 'dot-segment'
  | 'empty-segment'
  | 'windows-forbidden-character'
  | 'windows-device-name'
  | 'windows-trailing-dot-or-space'
  | 'invalid-utf8'

export interface EntryNameProblem {
  rule: EntryNameRule
  message: string
}

export type CollisionRule = 'duplicate' | 'case-collision' | 'file-folder-conflict'

export interface NameCollision {
  rule: CollisionRule
  /** The entry that collides, and the earlier entry it collides with. */
  name: string
  otherName: string
  message: string
}

export const MAX_ENTRY_NAME_CHARS = 1024
export const MAX_SEGMENT_CHARS = 255

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
const WINDOWS_FORBIDDEN = /[<>:"|?*]/

/** Why `name` is unacceptable, or null. Directory entries end in `/`; that trailing slash is allowed. */
export function checkEntryName(name: string): EntryNameProblem | null {
  if (name.length === 0) return problem('empty', 'has an empty name')
  if (name.length > MAX_ENTRY_NAME_CHARS) return problem('too-long', `is longer than ${MAX_ENTRY_NAME_CHARS} characters`)
  if (name.includes('\uFFFD')) return problem('invalid-utf8', 'has a name that is not valid UTF-8')
  if (CONTROL.test(name)) return problem('control-character', 'contains a control character (NUL, newline, …)')
  if (name.includes('\\')) return problem('backslash', 'contains a backslash (a Windows path separator)')
  if (name.startsWith('/')) return problem('absolute-path', 'is an absolute path')
  if (/^[a-zA-Z]:/.test(name)) return problem('drive-letter', 'starts with a drive letter')
  const segments = splitEntryName(name)
  for (const segment of segments) {
    if (segment === '..') return problem('parent-segment', 'contains a ".." segment (zip slip)')
    if (segment === '.') return problem('dot-segment', 'contains a "." segment')
    if (segment === '') return problem('empty-segment', 'contains an empty path segment ("//")')
    if (segment.length > MAX_SEGMENT_CHARS) {
      return problem('too-long', `has a path segment longer than ${MAX_SEGMENT_CHARS} characters`)
    }
    if (WINDOWS_FORBIDDEN.test(segment)) {
      return problem('windows-forbidden-character', 'contains one of < > : " | ? * (not allowed on Windows; ":" opens NTFS streams)')
    }
    if (WINDOWS_DEVICE.test(segment)) return problem('windows-device-name', `uses the Windows device name "${segment}"`)
    if (/[. ]$/.test(segment)) return problem('windows-trailing-dot-or-space', 'has a segment ending in "." or " " (Windows drops it)')
  }
  return null
}

export function isDirectoryEntryName(name: string): boolean {
  return name.endsWith('/')
}

/** Path segments of an entry name, without the trailing empty segment of a directory entry. */
export function splitEntryName(name: string): string[] {
  const trimmed = isDirectoryEntryName(name) ? name.slice(0, -1) : name
  return trimmed.split('/')
}

/**
 * The first pair of names that would land on the same path somewhere: exact duplicates, names equal
 * after case folding and Unicode normalisation, or a path used both as a file and as a folder.
 * Every prefix of every name is considered, so `a/x` and `A/y` collide too (one folder or two,
 * depending on the file system).
 */
export function findNameCollision(names: readonly string[]): NameCollision | null {
  const seenPaths = new Map<string, { path: string; isFile: boolean; entry: string }>()
  const seenEntries = new Set<string>()
  for (const name of names) {
    if (seenEntries.has(name)) return collision('duplicate', name, name, 'appears twice')
    seenEntries.add(name)
    const segments = splitEntryName(name)
    for (let depth = 1; depth <= segments.length; depth++) {
      const path = segments.slice(0, depth).join('/')
      const isFile = depth === segments.length && !isDirectoryEntryName(name)
      const key = foldForFileSystem(path)
      const seen = seenPaths.get(key)
      if (!seen) {
        seenPaths.set(key, { path, isFile, entry: name })
        continue
      }
      if (seen.path !== path) {
        return collision('case-collision', name, seen.entry, `collides with "${seen.entry}" on case-insensitive file systems`)
      }
      if (seen.isFile || isFile) {
        if (seen.isFile && isFile) return collision('duplicate', name, seen.entry, 'appears twice')
        return collision('file-folder-conflict', name, seen.entry, `uses "${path}" as both a file and a folder`)
      }
    }
  }
  return null
}

/** What macOS (NFD, case-insensitive) and Windows (case-insensitive) would treat as the same name. */
export function foldForFileSystem(path: string): string {
  return path.normalize('NFC').toLowerCase().normalize('NFC')
}

function problem(rule: EntryNameRule, message: string): EntryNameProblem {
  return { rule, message }
}

function collision(rule: CollisionRule, name: string, otherName: string, message: string): NameCollision {
  return { rule, name, otherName, message }
}
