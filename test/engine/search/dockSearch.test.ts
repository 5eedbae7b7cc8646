import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTableText } from '../../../src/engine/data'
import { openDock, type Dock } from '../../../src/engine/dock'
import { searchDockWithSpec, searchDockWithTable } from '../../../src/engine/search'
import { pythonPackage, readCsvTable, removeDir, tablePackage, tempDockDir } from '../dock/dockFixtures'

/** Rows of a fixture CSV as text, with the columns in the given order (and optionally a junk column). */
function csvOf(dataset: 'iris' | 'wine', firstRow: number, rowCount: number, order?: number[], junk = false): string {
  const table = readCsvTable(dataset, firstRow, rowCount)
  const columns = order ?? table.names.map((_, i) => i)
  const header = [...(junk ? ['row_id'] : []), ...columns.map((c) => table.names[c]), 'target']
  const lines = Array.from({ length: table.rows }, (_, r) =>
    [...(junk ? [String(r * 7919 % 1000)] : []), ...columns.map((c) => String(table.features[r * table.cols + c])), String(table.targets[r])].join(','))
  return [header.join(','), ...lines].join('\n')
}

let dir: string
let dock: Dock
const ids: Record<string, string> = {}

beforeAll(async () => {
  dir = await tempDockDir()
  dock = await openDock(dir)
  ids.irisEarly = (await dock.add(await tablePackage({ dataset: 'iris', firstRow: 0, rowCount: 75, name: 'Iris early rows' }))).id
  ids.irisLate = (await dock.add(await pythonPackage({ dataset: 'iris', firstRow: 75, rowCount: 75, name: 'Iris late rows (Beimingwu)', originId: '00000321' }))).id
  ids.wine = (await dock.add(await tablePackage({ dataset: 'wine', name: 'Wine cultivars' }))).id
})

afterAll(async () => {
  dock.close()
  await removeDir(dir)
})

describe('searching a dock', () => {
  it('imports a Beimingwu package with a Python model inert and still finds it by its spec', async () => {
    expect(dock.get(ids.irisLate)).toMatchObject({ status: 'not-runnable', originId: '00000321' })
    const table = parseTableText(csvOf('iris', 110, 40), { target: 'target' })
    const result = await searchDockWithTable(dock, table, { mixture: 'none' })
    expect(result.single[0]).toMatchObject({ id: ids.irisLate, name: 'Iris late rows (Beimingwu)' })
    expect(result.single[0].mmd2).toBeLessThan(result.single.find((s) => s.id === ids.irisEarly)?.mmd2 ?? Infinity)
    expect(result.skippedForDimension).toEqual([ids.wine])
  })

  it('aligns the user\'s columns by name: shuffled order and an extra column find the same learnware', async () => {
    const plain = await searchDockWithTable(dock, parseTableText(csvOf('iris', 0, 50), { target: 'target' }), { mixture: 'none' })
    const shuffled = await searchDockWithTable(dock, parseTableText(csvOf('iris', 0, 50, [3, 1, 0, 2], true), { target: 'target' }), { mixture: 'none' })
    expect(shuffled.single[0].id).toBe(ids.irisEarly)
    expect(shuffled.single[0].mmd2).toBeCloseTo(plain.single[0].mmd2!, 10)
    const arrangement = shuffled.alignments.find((a) => a.learnwareIds.includes(ids.irisEarly))!
    expect(arrangement).toMatchObject({ by: 'name', unusedColumns: ['row_id'] })
    expect(arrangement.matchedColumns).toEqual(readCsvTable('iris').names)
  })

  it('compares only learnwares whose inputs the user\'s table can provide', async () => {
    const result = await searchDockWithTable(dock, parseTableText(csvOf('wine', 0, 60), { target: 'target' }), { mixture: 'none' })
    expect(result.single.map((s) => s.id)).toEqual([ids.wine])
    expect(result.skippedForDimension.sort()).toEqual([ids.irisEarly, ids.irisLate].sort())
  })

  it('applies semantic filters before the statistical search, and searches by text alone', async () => {
    const table = parseTableText(csvOf('iris', 110, 40), { target: 'target' })
    const health = await searchDockWithTable(dock, table, { semantic: { scenarios: ['Health'] } })
    expect(health.semanticMatches).toBe(0)
    expect(health.single).toEqual([])
    const byName = await searchDockWithSpec(dock, null, { semantic: { text: 'beimingwu' } })
    expect(byName.single.map((s) => s.id)).toEqual([ids.irisLate])
    expect(byName.single[0].mmd2).toBeNull()
  })

  it('finds a mixture of two learnwares for data drawn from both, with weights on the simplex', async () => {
    const table = parseTableText([csvOf('iris', 20, 30), ...csvOf('iris', 100, 30).split('\n').slice(1)].join('\n'), { target: 'target' })
    const result = await searchDockWithTable(dock, table, { mixture: 'greedy' })
    expect(result.mixture?.ids.sort()).toEqual([ids.irisEarly, ids.irisLate].sort())
    expect(result.mixture!.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
    expect(result.mixture!.mmd2).toBeLessThan(Math.min(...result.single.map((s) => s.mmd2!)))
  })
})
