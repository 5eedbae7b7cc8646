import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8 } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  applyMigrations,
  CATALOG_MIGRATIONS,
  defaultDockDir,
  openCatalog,
  openDock,
  type Dock
} from '../../../src/engine/dock'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import { serializeRkmeTableSpec } from '../../../src/engine/spec'
import { buildZip, utf8 } from '../learnware/zipBuilder'
import { fitSlice, removeDir, replaceInZip, tablePackage, tempDockDir } from './dockFixtures'

let dir: string
let dock: Dock

beforeEach(async () => {
  dir = await tempDockDir()
  dock = await openDock(dir)
})

afterEach(async () => {
  dock.close()
  await removeDir(dir)
})

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const filesIn = (folder: string) => readdirSync(join(dir, folder)).sort()

async function caught(promise: Promise<unknown>): Promise<{ code: LearnwareErrorCode; message: string }> {
  try {
    await promise
  } catch (error) {
    if (isLearnwareError(error)) return error
    throw error
  }
  throw new Error('expected a LearnwareError')
}

async function reopen(options: Parameters<typeof openDock>[1] = {}): Promise<Dock> {
  dock.close()
  dock = await openDock(dir, options)
  return dock
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!
}

describe('hostile and broken packages', () => {
  const irisSpecText = async () => serializeRkmeTableSpec((await fitSlice({ dataset: 'iris' })).spec)

  const cases: { title: string; zip: () => Promise<Uint8Array>; code: LearnwareErrorCode; message: RegExp }[] = [
    {
      title: 'a zip-slip entry',
      zip: async () => buildZip([{ name: 'learnware.yaml', data: utf8('model:\n  class_name: M\n') }, { name: '../../evil', data: utf8('pwned') }]),
      code: 'PACKAGE_UNSAFE',
      message: /zip slip/
    },
    {
      title: 'bytes that are not a zip',
      zip: async () => strToU8('just some text, not an archive'),
      code: 'PACKAGE_INVALID',
      message: /./
    },
    {
      title: 'a stat spec that is not JSON (Python wrote NaN)',
      zip: async () => replaceInZip(await tablePackage({ dataset: 'iris' }), 'rkme.json', strToU8((await irisSpecText()).replace(/"beta":\[[^,]+/, '"beta":[NaN'))),
      code: 'PACKAGE_INVALID',
      message: /rkme\.json .*is not valid JSON/
    },
    {
      title: 'a stat spec with a non-finite weight',
      zip: async () => replaceInZip(await tablePackage({ dataset: 'iris' }), 'rkme.json', strToU8((await irisSpecText()).replace(/"beta":\[[^,]+/, '"beta":[null'))),
      code: 'SPEC_BAD_FORMAT',
      message: /rkme\.json: field "beta" contains a value that is not a finite number/
    },
    {
      title: 'a stat spec whose dimension disagrees with Input.Dimension',
      zip: async () => tablePackage({ dataset: 'iris', inputDimension: 5 }),
      code: 'SPEC_DIMENSION_MISMATCH',
      message: /rkme\.json describes 4 features per row but .*Input\.Dimension is 5/
    }
  ]

  for (const { title, zip, code, message } of cases) {
    it(`refuses ${title} with the reader's error and writes nothing`, async () => {
      const error = await caught(dock.add(await zip(), { label: 'upload.zip' }))

      expect(error.code).toBe(code)
      expect(error.message).toMatch(message)
      expect(filesIn('packages')).toEqual([])
      expect(filesIn('staging')).toEqual([])
      expect(dock.list()).toEqual([])
      // no id was consumed either
      expect((await dock.add(await tablePackage({ dataset: 'iris' }))).id).toBe('lwd-00000001')
    })
  }

  it('refuses a missing file with IO_NOT_FOUND', async () => {
    const error = await caught(dock.add(join(dir, 'nope.zip')))
    expect(error.code).toBe('IO_NOT_FOUND')
    expect(error.message).toMatch(/nope\.zip: no such file/)
  })
})

describe('recovery on open', () => {
  it('deletes staging leftovers of dead processes but not those of live ones', async () => {
    writeFileSync(join(dir, 'staging', `${deadPid()}-1700000000000-abcdef.zip.partial`), 'half a zip')
    writeFileSync(join(dir, 'staging', 'junk'), 'x')
    const live = `${process.ppid}-1700000000000-abcdef.zip.partial`
    writeFileSync(join(dir, 'staging', live), 'another importer is writing this')

    await reopen()

    expect(dock.recovery.stagingFilesRemoved).toBe(2)
    expect(filesIn('staging')).toEqual([live])
  })

  it('deletes package files no row references (a crash between rename and commit)', async () => {
    const kept = await tablePackage({ dataset: 'wine' })
    await dock.add(kept)
    const orphan = await tablePackage({ dataset: 'iris' })
    writeFileSync(join(dir, 'packages', `${sha256(orphan)}.zip`), orphan)
    writeFileSync(join(dir, 'packages', 'README.txt'), 'not a package; left alone')

    await reopen()

    expect(dock.recovery.orphanPackagesRemoved).toEqual([sha256(orphan)])
    expect(filesIn('packages')).toEqual([`${sha256(kept)}.zip`, 'README.txt'])
    expect(dock.recovery.flagged).toEqual([])
  })

  it('keeps a row whose package file is missing, marks it invalid, and restores it when the file returns', async () => {
    const zip = await tablePackage({ dataset: 'wine' })
    const { id } = await dock.add(zip)
    const path = join(dir, 'packages', `${sha256(zip)}.zip`)
    dock.close()
    await removeDir(path)

    await reopen()

    const reason = `Package file packages/${sha256(zip)}.zip is missing`
    expect(dock.recovery.flagged).toEqual([{ id, reason }])
    expect(dock.get(id)).toMatchObject({ status: 'invalid', statusReason: reason, name: 'wine model' })
    expect((await caught(dock.packageBytes(id))).code).toBe('DOCK_CORRUPT')
    expect(dock.specCandidates()).toEqual([])
    expect((await reopen()).recovery.flagged).toEqual([])   // flagged once, not on every open

    writeFileSync(path, zip)
    expect(await dock.update(id)).toEqual({ id, status: 'usable', reason: '' })
  })

  it('flags a package file whose bytes changed; a same-size, same-mtime change needs verifyPackages: full', async () => {
    const zip = await tablePackage({ dataset: 'iris' })
    const { id } = await dock.add(zip)
    const path = join(dir, 'packages', `${sha256(zip)}.zip`)
    const { atime, mtime } = statSync(path)
    const tampered = Uint8Array.from(readFileSync(path))
    tampered[tampered.length - 30] ^= 0xff
    dock.close()
    writeFileSync(path, tampered)
    utimesSync(path, atime, mtime)

    expect((await reopen()).recovery.flagged).toEqual([])
    const { flagged } = (await reopen({ verifyPackages: 'full' })).recovery

    expect(flagged).toEqual([{ id, reason: expect.stringMatching(/does not match its sha256 \(its bytes hash to [0-9a-f]{64}\)/) }])
    expect(dock.get(id).status).toBe('invalid')
  })

  it('refuses to serve package bytes that no longer match, and marks the learnware invalid', async () => {
    const zip = await tablePackage({ dataset: 'iris' })
    const { id } = await dock.add(zip)
    writeFileSync(join(dir, 'packages', `${sha256(zip)}.zip`), zip.subarray(0, 100))

    const error = await caught(dock.packageBytes(id))

    expect(error.code).toBe('DOCK_CORRUPT')
    expect(error.message).toMatch(new RegExp(`${id}: Package file packages/${sha256(zip)}\\.zip does not match`))
    expect(dock.get(id).status).toBe('invalid')
  })
})

describe('a damaged catalog', () => {
  it('is refused with DOCK_CORRUPT and a hint, not overwritten', async () => {
    dock.close()
    const otherDir = await tempDockDir()
    try {
      writeFileSync(join(otherDir, 'catalog.sqlite'), 'this is not SQLite '.repeat(300))
      const error = await caught(openDock(otherDir))
      expect(error.code).toBe('DOCK_CORRUPT')
      expect(error.message).toMatch(/catalog\.sqlite is not a readable SQLite catalog/)
      expect(readFileSync(join(otherDir, 'catalog.sqlite'), 'utf8')).toMatch(/^this is not SQLite/)
    } finally {
      await removeDir(otherDir)
    }
  })
})

describe('schema migrations', () => {
  const catalogPath = () => join(dir, 'catalog.sqlite')
  const addDownloads = {
    version: CATALOG_MIGRATIONS.length + 1,
    name: 'download counts',
    sql: 'ALTER TABLE learnwares ADD COLUMN download_count INTEGER NOT NULL DEFAULT 0'
  }

  it('applies each migration once; reopening changes nothing', async () => {
    dock.close()
    const read = () => {
      const db = openCatalog(catalogPath())
      try {
        return db.prepare('SELECT version, name, applied_at FROM schema_migrations').all()
      } finally {
        db.close()
      }
    }
    const first = read()
    dock = await openDock(dir)
    dock.close()
    dock = await openDock(dir)

    expect(first).toEqual(CATALOG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: expect.any(String) })))
    expect(read()).toEqual(first)
  })

  it('lets a later version add a column to a catalog that has rows', async () => {
    const { id } = await dock.add(await tablePackage({ dataset: 'wine' }))
    dock.close()
    const db = openCatalog(catalogPath())
    try {
      expect(applyMigrations(db, [...CATALOG_MIGRATIONS, addDownloads], 'catalog.sqlite')).toEqual([addDownloads.version])
      expect(applyMigrations(db, [...CATALOG_MIGRATIONS, addDownloads], 'catalog.sqlite')).toEqual([])
      expect(db.prepare('SELECT id, download_count FROM learnwares').all()).toEqual([{ id, download_count: 0 }])
    } finally {
      db.close()
    }

    // this version does not know the added migration, so it refuses instead of misreading the catalog
    const error = await caught(openDock(dir))
    expect(error.code).toBe('DOCK_SCHEMA_TOO_NEW')
    expect(error.message).toMatch(new RegExp(`schema version ${addDownloads.version}; this Learnware Dock knows up to ${CATALOG_MIGRATIONS.length}`))
  })

  it('rolls a failing migration back completely', async () => {
    dock.close()
    const db = openCatalog(catalogPath())
    try {
      const broken = { version: addDownloads.version, name: 'broken', sql: `${addDownloads.sql}; SELECT * FROM no_such_table` }
      expect(() => applyMigrations(db, [...CATALOG_MIGRATIONS, broken], 'catalog.sqlite')).toThrow(/no_such_table/)
      expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(CATALOG_MIGRATIONS.length)
      const columns = db.prepare("SELECT name FROM pragma_table_info('learnwares')").pluck().all()
      expect(columns).not.toContain('download_count')
    } finally {
      db.close()
    }
    dock = await openDock(dir)
  })
})

describe('two docks on one folder (as two processes would)', () => {
  it('gives concurrent imports distinct ids and lets only one of two identical imports in', async () => {
    const other = await openDock(dir)
    try {
      const [a, b] = await Promise.all([
        dock.add(await tablePackage({ dataset: 'iris', name: 'A' })),
        other.add(await tablePackage({ dataset: 'wine', name: 'B' }))
      ])
      expect([a.id, b.id].sort()).toEqual(['lwd-00000001', 'lwd-00000002'])
      expect(other.get(a.id).name).toBe('A')
      expect(other.specCandidates().map((c) => c.id).sort()).toEqual([a.id, b.id].sort())

      const same = await tablePackage({ dataset: 'diabetes' })
      const results = await Promise.allSettled([dock.add(same), other.add(same)])
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)
      expect(refused).toEqual(['DOCK_CONFLICT'])
      expect(dock.list()).toHaveLength(3)
      expect(filesIn('packages')).toHaveLength(3)
      expect(filesIn('staging')).toEqual([])
    } finally {
      other.close()
    }
  })
})

describe('defaultDockDir', () => {
  it('uses the per-user data folder of each platform', () => {
    expect(defaultDockDir({ XDG_DATA_HOME: '/xdg' }, 'linux', '/home/ada')).toBe('/xdg/learnware-dock/dock')
    expect(defaultDockDir({}, 'linux', '/home/ada')).toBe('/home/ada/.local/share/learnware-dock/dock')
    expect(defaultDockDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/learnware-dock/dock')
    expect(defaultDockDir({ APPDATA: '/c/Users/ada/AppData/Roaming' }, 'win32', '/c/Users/ada')).toMatch(/^\/c\/Users\/ada\/AppData\/Roaming.learnware-dock.dock$/)
    expect(existsSync(defaultDockDir({ XDG_DATA_HOME: dir }, 'linux'))).toBe(false)   // only suggests, never creates
  })
})
