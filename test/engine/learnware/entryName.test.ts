import { posix, win32 } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkEntryName, findNameCollision, foldForFileSystem } from '../../../src/engine/learnware/entryName'
import { resolveInside } from '../../../src/engine/learnware/safeExtract'

const safeSegment = fc
  .stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,15}$/)
  .filter((segment) => !segment.endsWith('.') && checkEntryName(segment) === null)
const safeName = fc.array(safeSegment, { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'))
const anyName = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.constantFrom('a', 'B', '.', '..', '/', '\\', ':', 'C:', '\u0000', ' ', 'nul', 'é', 'e\u0301'), { maxLength: 12 }).map((parts) => parts.join(''))
)

describe('checkEntryName', () => {
  it('accepts plain relative paths built from safe segments', () => {
    fc.assert(fc.property(safeName, (name) => checkEntryName(name) === null))
  })

  it('rejects any name with a ".." segment, wherever it sits', () => {
    fc.assert(
      fc.property(fc.array(safeSegment, { maxLength: 4 }), fc.nat(), (segments, at) => {
        const withParent = [...segments]
        withParent.splice(at % (segments.length + 1), 0, '..')
        expect(checkEntryName(withParent.join('/'))?.rule).toBe('parent-segment')
      })
    )
  })

  it('never accepts a name that escapes the destination, on POSIX or Windows', () => {
    fc.assert(
      fc.property(anyName, (name) => {
        if (checkEntryName(name) !== null) return
        expect(resolveInside('/dock/staging', name).startsWith('/dock/staging/')).toBe(true)
        expect(posix.normalize(name)).toBe(name)
        const onWindows = win32.resolve('C:\\dock\\staging', name)
        expect(onWindows.toLowerCase().startsWith('c:\\dock\\staging\\')).toBe(true)
        expect(win32.isAbsolute(name)).toBe(false)
      })
    )
  })

  it('rejects absolute paths, drive letters and backslashes', () => {
    fc.assert(
      fc.property(safeName, (name) => {
        expect(checkEntryName(`/${name}`)?.rule).toBe('absolute-path')
        expect(checkEntryName(`C:/${name}`)?.rule).toBe('drive-letter')
        expect(checkEntryName(name.replace(/\//g, '\\') + '\\x')?.rule).toBe('backslash')
      })
    )
  })

  it('names each rule', () => {
    expect(checkEntryName('')?.rule).toBe('empty')
    expect(checkEntryName('a//b')?.rule).toBe('empty-segment')
    expect(checkEntryName('./a')?.rule).toBe('dot-segment')
    expect(checkEntryName('aux.txt')?.rule).toBe('windows-device-name')
    expect(checkEntryName('dir./x')?.rule).toBe('windows-trailing-dot-or-space')
    expect(checkEntryName('a\u0000b')?.rule).toBe('control-character')
    expect(checkEntryName('bad\uFFFDname')?.rule).toBe('invalid-utf8')
    expect(checkEntryName('x'.repeat(300))?.rule).toBe('too-long')
    expect(checkEntryName('weights/')).toBeNull()
  })
})

describe('findNameCollision', () => {
  it('reports nothing for names that stay distinct after folding', () => {
    fc.assert(
      fc.property(fc.uniqueArray(safeName, { maxLength: 12, selector: foldForFileSystem }), (names) => {
        const prefixFree = names.filter((name) => !names.some((other) => other !== name && foldForFileSystem(other).startsWith(`${foldForFileSystem(name)}/`)))
        // Folders spelled in two casings ("m/_" and "M/_a") are a collision too; such sets are not "distinct".
        const folders = prefixFree.flatMap((name) => name.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/')))
        fc.pre(folders.every((a) => folders.every((b) => a === b || foldForFileSystem(a) !== foldForFileSystem(b))))
        expect(findNameCollision(prefixFree)).toBeNull()
      }),
      { examples: [[['m/_', 'M/_a']]] }
    )
  })

  it('finds every case variant of a name', () => {
    fc.assert(
      fc.property(safeName.filter((name) => name !== name.toUpperCase()), (name) => {
        expect(findNameCollision([name, name.toUpperCase()])?.rule).toBe('case-collision')
      })
    )
  })

  it('finds duplicates, file/folder conflicts and Unicode normalisation clashes', () => {
    expect(findNameCollision(['a.txt', 'b.txt', 'a.txt'])?.rule).toBe('duplicate')
    expect(findNameCollision(['w', 'w/x.bin'])?.rule).toBe('file-folder-conflict')
    expect(findNameCollision(['w/', 'w/x.bin'])).toBeNull()
    expect(findNameCollision(['caf\u00e9.txt', 'cafe\u0301.txt'])?.rule).toBe('case-collision')
    expect(findNameCollision(['Data/a.csv', 'data/b.csv'])?.rule).toBe('case-collision')
  })
})
