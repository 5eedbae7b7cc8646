import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import {
  extractSafely,
  readLearnwarePackage,
  writeLearnwarePackage,
  type ZipLimits
} from '../../../src/engine/learnware'
import { beimingwuPythonPackage, sampleRkme, sampleWriteInput } from './packageFixtures'
import { buildZip, unicodePathExtra, utf8, type RawZipEntry } from './zipBuilder'

const MiB = 1024 * 1024
const yamlEntry: RawZipEntry = { name: 'learnware.yaml', data: utf8('model:\n  class_name: Model\n') }

interface HostileCase {
  title: string
  zip: () => Uint8Array
  code: LearnwareErrorCode
  reason: RegExp
  limits?: Partial<ZipLimits>
}

/** Archives that must be refused by the zip layer itself, whatever they contain. */
const hostileArchives: HostileCase[] = [
  {
    title: 'zip slip with ../../evil',
    zip: () => buildZip([yamlEntry, { name: '../../evil', data: utf8('pwned') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /entry "\.\.\/\.\.\/evil" contains a "\.\." segment \(zip slip\)/
  },
  {
    title: 'zip slip hidden mid-path',
    zip: () => buildZip([{ name: 'models/../../evil.py', data: utf8('x') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"models\/\.\.\/\.\.\/evil\.py" contains a "\.\." segment/
  },
  {
    title: 'absolute path',
    zip: () => buildZip([{ name: '/tmp/evil', data: utf8('x') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"\/tmp\/evil" is an absolute path/
  },
  {
    title: 'Windows drive letter',
    zip: () => buildZip([{ name: 'C:/Windows/evil.dll', data: utf8('x') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /starts with a drive letter/
  },
  {
    title: 'backslash separators',
    zip: () => buildZip([{ name: '..\\..\\evil', data: utf8('x') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /contains a backslash/
  },
  {
    title: 'NUL byte in a name',
    zip: () => buildZip([{ name: 'model.onnx\u0000.txt', data: utf8('x') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /contains a control character/
  },
  {
    title: 'NTFS alternate data stream',
    zip: () => buildZip([{ name: 'learnware.yaml:hidden', data: utf8('x') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /not allowed on Windows/
  },
  {
    title: 'symlink entry',
    zip: () => buildZip([yamlEntry, { name: 'model.onnx', data: utf8('/etc/passwd'), method: 0, externalAttributes: (0o120777 << 16) >>> 0 }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"model\.onnx" is a symbolic link/
  },
  {
    title: 'character device entry',
    zip: () => buildZip([{ name: 'tty', data: new Uint8Array(), externalAttributes: (0o020666 << 16) >>> 0 }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"tty" is a device, FIFO or socket/
  },
  {
    title: 'zip bomb (compression ratio)',
    zip: () => buildZip([yamlEntry, { name: 'rkme.json', data: new Uint8Array(32 * MiB) }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"rkme\.json" has compression ratio \d+:1, above the 100:1 limit \(zip bomb\)/
  },
  {
    title: 'zip bomb with lying sizes (declares 1 KB, inflates to 32 MiB)',
    zip: () => buildZip([yamlEntry, { name: 'model.onnx', data: new Uint8Array(32 * MiB), declaredUncompressedSize: 1000 }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"model\.onnx" declares 1000 bytes but inflates to more \(stopped at \d+; zip bomb\)/
  },
  {
    title: 'declared size larger than the content',
    zip: () => buildZip([yamlEntry, { name: 'model.onnx', data: utf8('tiny'), declaredUncompressedSize: 4000 }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"model\.onnx" declares 4000 bytes but holds 4/
  },
  {
    title: 'stored entry whose sizes disagree',
    zip: () => buildZip([{ name: 'a.bin', data: utf8('abcdef'), method: 0, declaredUncompressedSize: 600 }]),
    code: 'PACKAGE_UNSAFE',
    reason: /is stored uncompressed but declares 600 bytes in 6/
  },
  {
    title: '10,000 entries',
    zip: () => buildZip(Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}.txt`, data: utf8('x'), method: 0 }))),
    code: 'PACKAGE_UNSAFE',
    reason: /has 10000 entries; the limit is 1000/
  },
  {
    title: 'duplicate names',
    zip: () => buildZip([yamlEntry, { name: 'model.onnx', data: utf8('good') }, { name: 'model.onnx', data: utf8('evil') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"model\.onnx" appears twice/
  },
  {
    title: 'case-insensitive collision',
    zip: () => buildZip([yamlEntry, { name: 'model.onnx', data: utf8('a') }, { name: 'MODEL.onnx', data: utf8('b') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"MODEL\.onnx" collides with "model\.onnx" on case-insensitive file systems/
  },
  {
    title: 'a path that is both a file and a folder',
    zip: () => buildZip([{ name: 'weights', data: utf8('a') }, { name: 'weights/layer1.bin', data: utf8('b') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /uses "weights" as both a file and a folder/
  },
  {
    title: 'encrypted entry',
    zip: () => buildZip([yamlEntry, { name: 'model.onnx', data: utf8('secret'), flags: 0x1 }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"model\.onnx" is encrypted/
  },
  {
    title: 'per-entry size over the cap',
    zip: () => buildZip([{ name: 'big.bin', data: new Uint8Array(4096).map((_, i) => (i * 7919) % 251) }]),
    limits: { maxEntryBytes: 1000 },
    code: 'PACKAGE_UNSAFE',
    reason: /"big\.bin" inflates to 4096 bytes; the per-file limit is 1000/
  },
  {
    title: 'total size over the cap',
    zip: () => buildZip([{ name: 'a.bin', data: new Uint8Array(800) }, { name: 'b.bin', data: new Uint8Array(800) }]),
    limits: { maxTotalBytes: 1000 },
    code: 'PACKAGE_UNSAFE',
    reason: /inflates to more than 1000 bytes in total/
  },
  {
    title: 'overlapping entries (non-recursive bomb)',
    zip: () => {
      const first = buildZip([{ name: 'a.bin', data: utf8('aaaa'), method: 0 }])
      const firstRecordLength = first.byteLength - 22 - (46 + 5)
      return buildZip([
        { name: 'a.bin', data: utf8('aaaa'), method: 0, flags: 0x8, declaredCompressedSize: firstRecordLength + 10, declaredUncompressedSize: firstRecordLength + 10, compressed: utf8('aaaa') },
        { name: 'b.bin', data: utf8('bbbb'), method: 0 }
      ])
    },
    code: 'PACKAGE_UNSAFE',
    reason: /"b\.bin" overlaps the bytes of "a\.bin"/
  },
  {
    title: 'local header naming another file than the central directory',
    zip: () => buildZip([{ name: 'readme.txt', localName: '../../evil', data: utf8('x') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"readme\.txt" has a local header that names a different file/
  },
  {
    title: 'local header sizes disagreeing with the central directory',
    zip: () => buildZip([{ name: 'a.txt', data: utf8('hello'), localSizes: { compressed: 1, uncompressed: 999999 } }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"a\.txt" has a local header whose sizes differ/
  },
  {
    title: 'Unicode-path extra field hiding another name',
    zip: () => buildZip([{ name: 'notes.txt', data: utf8('x'), extraField: unicodePathExtra('notes.txt', 'model.onnx') }]),
    code: 'PACKAGE_UNSAFE',
    reason: /"model\.onnx" has a Unicode-path extra field that differs from its stored name "notes\.txt"/
  },
  {
    title: 'unsupported compression method',
    zip: () => buildZip([{ name: 'a.bin', data: utf8('x'), method: 12 }]),
    code: 'PACKAGE_INVALID',
    reason: /uses compression method 12/
  },
  {
    title: 'CRC mismatch',
    zip: () => buildZip([yamlEntry, { name: 'model.onnx', data: utf8('model bytes'), crc: 0xdeadbeef }]),
    code: 'PACKAGE_INVALID',
    reason: /"model\.onnx" fails its CRC-32 check/
  },
  {
    title: 'bytes that are not a zip',
    zip: () => utf8('PK? not really a zip archive at all'),
    code: 'PACKAGE_INVALID',
    reason: /is not a readable zip archive/
  }
]

/** Archives that are safe zips but not valid learnware packages. */
const invalidPackages: HostileCase[] = [
  {
    title: 'missing learnware.yaml',
    zip: () => buildZip([{ name: '__init__.py', data: utf8('x = 1\n') }, { name: 'stat_spec.json', data: utf8('{}') }]),
    code: 'PACKAGE_INVALID',
    reason: /has no learnware\.yaml at its root/
  },
  {
    title: 'malformed YAML',
    zip: () => beimingwuPythonPackage({ yaml: 'model:\n  class_name: [unclosed\n  kwargs: {\n' }),
    code: 'PACKAGE_INVALID',
    reason: /learnware\.yaml is not valid YAML/
  },
  {
    title: 'YAML with a Python object tag',
    zip: () => beimingwuPythonPackage({ yaml: 'model: !!python/object/apply:os.system ["rm -rf /"]\n' }),
    code: 'PACKAGE_INVALID',
    reason: /learnware\.yaml is not valid YAML: .*python\/object/
  },
  {
    title: 'YAML with the wrong shape',
    zip: () => beimingwuPythonPackage({ yaml: 'model:\n  class_name: 42\n' }),
    code: 'PACKAGE_INVALID',
    reason: /learnware\.yaml field model\.class_name: /
  },
  {
    title: 'stat spec JSON that is not JSON',
    zip: () => beimingwuPythonPackage({ statSpec: '{"z": [[1, 2], "beta": NaN' }),
    code: 'PACKAGE_INVALID',
    reason: /stat_spec\.json \(RKMETableSpecification specification\) is not valid JSON/
  },
  {
    title: 'stat spec type mismatch',
    zip: () => beimingwuPythonPackage({ statSpec: JSON.stringify(sampleRkme('RKMEImageSpecification')) }),
    code: 'PACKAGE_INVALID',
    reason: /stat_spec\.json holds a "RKMEImageSpecification" but learnware\.yaml declares RKMETableSpecification/
  },
  {
    title: 'stat spec file named in the yaml but absent',
    zip: () => buildZip([yamlEntry, { name: '__init__.py', data: utf8('') }]),
    code: 'PACKAGE_INVALID',
    reason: /names RKMETableSpecification specification "stat_spec\.json" but the package has no such file/
  },
  {
    title: 'unknown stat spec class',
    zip: () =>
      beimingwuPythonPackage({
        yaml: 'stat_specifications:\n  - {module_path: learnware.specification, class_name: EvilSpec, file_name: stat_spec.json, kwargs: {}}\n'
      }),
    code: 'PACKAGE_INVALID',
    reason: /class_name "EvilSpec", not one of RKMETableSpecification, RKMEImageSpecification, RKMETextSpecification/
  },
  {
    title: 'stat spec path escaping the package',
    zip: () =>
      beimingwuPythonPackage({
        yaml: 'stat_specifications:\n  - {module_path: learnware.specification, class_name: RKMETableSpecification, file_name: ../../etc/passwd, kwargs: {}}\n'
      }),
    code: 'PACKAGE_INVALID',
    reason: /field stat_specifications\.0\.file_name: must be the name of a file inside the package/
  },
  {
    title: 'a manifest pointing at a missing model',
    zip: () =>
      beimingwuPythonPackage({
        extraEntries: [
          { name: 'learnware-dock.json', data: utf8(JSON.stringify({ format: 'learnware-dock/onnx', version: 1, model: 'model.onnx', input: { name: 'x' }, output: { name: 'y' } })) }
        ]
      }),
    code: 'PACKAGE_INVALID',
    reason: /learnware-dock\.json names model "model\.onnx" but the package has no such file/
  }
]

let sandboxRoot: string

beforeEach(async () => {
  sandboxRoot = await mkdtemp(join(tmpdir(), 'lw-hostile-'))
})

afterEach(async () => {
  await rm(sandboxRoot, { recursive: true, force: true })
})

async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true })
  return entries.map((entry) => relative(root, join(root, entry))).sort()
}

async function expectRejection(promise: Promise<unknown>, code: LearnwareErrorCode, reason: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught
  )
  expect(error, 'expected the package to be rejected').not.toBeNull()
  expect(isLearnwareError(error), String(error)).toBe(true)
  expect((error as Error).message).toMatch(reason)
  expect((error as { code: string }).code).toBe(code)
}

describe('hostile archives are refused and leave nothing on disk', () => {
  for (const hostile of hostileArchives) {
    it(`refuses ${hostile.title}`, async () => {
      const zip = hostile.zip()
      const options = { label: 'hostile.zip', limits: hostile.limits }
      await expectRejection(readLearnwarePackage(zip, options), hostile.code, hostile.reason)

      // Extraction happens two levels down so that ../../evil would land inside sandboxRoot.
      const workDir = join(sandboxRoot, 'dock', 'packages')
      await mkdir(workDir, { recursive: true })
      await expectRejection(extractSafely(zip, join(workDir, 'incoming'), options), hostile.code, hostile.reason)
      expect(await listTree(sandboxRoot)).toEqual(['dock', join('dock', 'packages')])
    })
  }
})

describe('safe zips that are not valid learnware packages are refused with the reason', () => {
  for (const invalid of invalidPackages) {
    it(`refuses ${invalid.title}`, async () => {
      await expectRejection(readLearnwarePackage(invalid.zip(), { label: 'bad.zip' }), invalid.code, invalid.reason)
    })
  }
})

describe('extractSafely', () => {
  it('extracts a good package through a staging folder renamed into place', async () => {
    const zip = writeLearnwarePackage(sampleWriteInput())
    const dest = join(sandboxRoot, 'packages', 'wine')
    const result = await extractSafely(zip, dest)
    expect(result.destDir).toBe(dest)
    expect(result.files).toEqual([
      '__init__.py',
      'learnware-dock.json',
      'learnware.yaml',
      'model.onnx',
      'requirements.txt',
      'rkme.json',
      'semantic_specification.json'
    ])
    expect(await listTree(sandboxRoot)).toEqual(['packages', join('packages', 'wine'), ...result.files.map((f) => join('packages', 'wine', f))])
  })

  it('extracts nested folders of a Beimingwu package', async () => {
    const zip = beimingwuPythonPackage({ extraEntries: [{ name: 'weights/', data: new Uint8Array() }, { name: 'weights/w.bin', data: utf8('w') }] })
    const dest = join(sandboxRoot, 'out')
    const result = await extractSafely(zip, dest)
    expect(result.files).toContain('weights/w.bin')
    expect(await listTree(dest)).toContain(join('weights', 'w.bin'))
  })

  it('never overwrites an existing destination', async () => {
    const dest = join(sandboxRoot, 'exists')
    await mkdir(dest)
    await expectRejection(extractSafely(writeLearnwarePackage(sampleWriteInput()), dest), 'IO_WRITE_FAILED', /already exists/)
    expect(await listTree(sandboxRoot)).toEqual(['exists'])
  })

  it('stops inflating a lying entry soon after its declared size', async () => {
    const zip = buildZip([yamlEntry, { name: 'model.onnx', data: new Uint8Array(64 * MiB), declaredUncompressedSize: 1000 }])
    const error = await readLearnwarePackage(zip).catch((caught: Error) => caught)
    const stoppedAt = Number(/stopped at (\d+)/.exec((error as Error).message)?.[1])
    expect(stoppedAt).toBeGreaterThan(1000)
    expect(stoppedAt).toBeLessThanOrEqual(1000 + 64 * 1024)
  })

  it('reads a zip from a path as well as from bytes', async () => {
    const { writeFile } = await import('node:fs/promises')
    const path = join(sandboxRoot, 'evil.zip')
    await writeFile(path, buildZip([{ name: '../../evil', data: utf8('x') }]))
    await expectRejection(readLearnwarePackage(path), 'PACKAGE_UNSAFE', /^evil\.zip: entry "\.\.\/\.\.\/evil"/)
    await expectRejection(readLearnwarePackage(join(sandboxRoot, 'missing.zip')), 'IO_NOT_FOUND', /no such file/)
    const goodPath = join(sandboxRoot, 'good.zip')
    await writeFile(goodPath, writeLearnwarePackage(sampleWriteInput()))
    expect((await readLearnwarePackage(goodPath)).runnable).toBe(true)
    const { files } = await extractSafely(goodPath, join(sandboxRoot, 'good'))
    expect(files).toContain('model.onnx')
  })
})
