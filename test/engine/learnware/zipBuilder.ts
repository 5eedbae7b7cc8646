/**
 * Builds zip archives byte by byte for tests, including ones no honest library would write: names with
 * `..`, symlink attributes, sizes that lie, local headers that disagree with the central directory,
 * overlapping entries. Everything not overridden is a well-formed entry.
 *
 * Example:
 *   buildZip([{ name: '../../evil', data: utf8('pwned') }])
 *   buildZip([{ name: 'bomb.bin', data: zeros, declaredUncompressedSize: 1000 }])
 */

import { crc32, deflateRawSync } from 'node:zlib'

export interface RawZipEntry {
  name: string | Uint8Array
  data?: Uint8Array
  /** 0 = stored, 8 = deflate (default). */
  method?: number
  /** Bytes written as the entry's data, instead of deflating/storing `data`. */
  compressed?: Uint8Array
  declaredUncompressedSize?: number
  declaredCompressedSize?: number
  crc?: number
  /** General-purpose flags; the UTF-8 bit (0x800) is always added. */
  flags?: number
  /** Full 32-bit external attributes; unix mode goes in the high 16 bits. */
  externalAttributes?: number
  /** Name written in the local header, when it should differ from the central directory's. */
  localName?: string
  localSizes?: { compressed: number; uncompressed: number }
  extraField?: Uint8Array
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

export function buildZip(entries: readonly RawZipEntry[]): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(typeof entry.name === 'string' ? utf8(entry.name) : entry.name)
    const data = Buffer.from(entry.data ?? new Uint8Array())
    const method = entry.method ?? 8
    const body = entry.compressed ? Buffer.from(entry.compressed) : method === 8 ? deflateRawSync(data) : data
    const flags = (entry.flags ?? 0) | 0x800
    const crc = entry.crc ?? crc32(data)
    const uncompressed = entry.declaredUncompressedSize ?? data.length
    const compressed = entry.declaredCompressedSize ?? body.length
    const extra = Buffer.from(entry.extraField ?? new Uint8Array())
    const localName = entry.localName === undefined ? name : Buffer.from(utf8(entry.localName))
    const deferred = (flags & 0x8) !== 0
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(0, 10)
    local.writeUInt16LE(0x21, 12)
    local.writeUInt32LE(deferred ? 0 : crc, 14)
    local.writeUInt32LE(entry.localSizes?.compressed ?? (deferred ? 0 : compressed), 18)
    local.writeUInt32LE(entry.localSizes?.uncompressed ?? (deferred ? 0 : uncompressed), 22)
    local.writeUInt16LE(localName.length, 26)
    local.writeUInt16LE(extra.length, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt16LE(0, 12)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(compressed, 20)
    central.writeUInt32LE(uncompressed, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt16LE(extra.length, 30)
    central.writeUInt32LE((entry.externalAttributes ?? 0) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    const localRecord = Buffer.concat([local, localName, extra, body])
    locals.push(localRecord)
    centrals.push(Buffer.concat([central, name, extra]))
    offset += localRecord.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

/** Info-ZIP Unicode Path extra field (0x7075): a UTF-8 name that readers like yauzl prefer. */
export function unicodePathExtra(storedName: string, unicodeName: string): Uint8Array {
  const unicode = Buffer.from(utf8(unicodeName))
  const header = Buffer.alloc(9)
  header.writeUInt16LE(0x7075, 0)
  header.writeUInt16LE(5 + unicode.length, 2)
  header.writeUInt8(1, 4)
  header.writeUInt32LE(crc32(Buffer.from(utf8(storedName))), 5)
  return new Uint8Array(Buffer.concat([header, unicode]))
}
