import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { selectColumns, writeCsv } from '../engine/pack/packFixtures'
import { runCli } from '../helpers/cli'
import { expectOneLineError, jsonOf, makeWorkspace, newDock, packWithCli, type CliWorkspace } from './cliWorkspace'
import { ensureFreshCli } from './freshCli'

let ws: CliWorkspace
let dock: string

beforeAll(async () => {
  ensureFreshCli()
  ws = await makeWorkspace(tmpdir())
  dock = newDock(ws)
  // Added in this order so that dock order (lwd-1 = wine doubled) differs from the expected ranking.
  for (const which of ['wineDoubled', 'iris', 'wine'] as const) {
    expect(runCli(['dock', 'add', packWithCli(ws, which), '--dock', dock]).code).toBe(0)
  }
})

afterAll(() => rmSync(ws.dir, { recursive: true, force: true }))

const WINE_DOUBLED = 'lwd-00000001'
const IRIS = 'lwd-00000002'
const WINE = 'lwd-00000003'

describe('learnware-dock search', () => {
  it('--data with held-out rows ranks the learnware trained on that data first, and reports the column alignment', () => {
    const result = jsonOf(runCli(['search', '--data', ws.wine.heldOut, '--target', 'target', '--dock', dock, '--json']))
    expect(result.single[0]).toMatchObject({ id: WINE, name: 'Wine cultivar', score: 1 })
    expect(result.single[0].mmd2).toBeGreaterThanOrEqual(0)
    const ranked = result.single.map((hit: { id: string }) => hit.id)
    expect(ranked).not.toContain(IRIS)
    expect(result.alignments).toEqual(expect.arrayContaining([
      expect.objectContaining({ by: 'name', learnwareIds: [WINE], unusedColumns: [], matchedColumns: expect.arrayContaining(['alcohol', 'proline']) })
    ]))
    expect(Object.keys(result)).toEqual(['single', 'mixture', 'alignments', 'semanticMatches', 'skippedForDimension', 'warnings'])
  })

  it('finds the doubled-wine learnware with doubled held-out rows (the spec tells the two apart)', () => {
    const result = jsonOf(runCli(['search', '--data', ws.wineDoubled.heldOut, '--target', 'target', '--dock', dock, '--json']))
    expect(result.single[0].id).toBe(WINE_DOUBLED)
  })

  it('matches columns by name when the user’s file has them in another order, and says what was left out', () => {
    const [header, ...rows] = readFileSync(ws.wine.heldOut, 'utf8').trim().split('\n').map((line) => line.split(','))
    const shuffled = writeCsv(ws.dir, 'wine-shuffled.csv', selectColumns({ header, rows }, [...header].reverse()))
    const text = runCli(['search', '--data', shuffled, '--dock', dock])
    expect(text.code).toBe(0)
    const lines = text.stdout.split('\n')
    expect(lines[0]).toMatch(/^#\s+ID\s+NAME\s+SCORE\s+MMD²$/)
    expect(lines[1]).toMatch(new RegExp(`^1\\s+${WINE}\\s+Wine cultivar\\s+#{20} 1\\.000\\s+[\\d.e-]+$`))
    expect(text.stdout).toMatch(/Column alignment:\n {2}lwd-\d+: 13 columns matched by name \(alcohol, .*\); unused: target; γ = /)
  })

  it('--spec searches with a spec file the user already has', () => {
    const spec = join(ws.dir, 'held-out.json')
    const wineGamma = jsonOf(runCli(['dock', 'show', WINE, '--dock', dock, '--json'])).spec.gamma
    expect(runCli(['spec', 'table', ws.wine.heldOut, '--target', 'target', '--gamma', String(wineGamma), '--out', spec]).code).toBe(0)
    const result = jsonOf(runCli(['search', '--spec', spec, '--mixture', 'none', '--dock', dock, '--json']))
    expect(result.single[0].id).toBe(WINE)
    expect(result.mixture).toBeNull()
    expect(result.skippedForDimension).toEqual([IRIS])
    expect(result.warnings).toEqual([])
  })

  it('--spec made with another kernel width than the learnwares’ is searched, with a warning naming the γ to use', () => {
    const spec = join(ws.dir, 'held-out-default-gamma.json')
    expect(runCli(['spec', 'table', ws.wine.heldOut, '--target', 'target', '--out', spec]).code).toBe(0)
    const result = jsonOf(runCli(['search', '--spec', spec, '--dock', dock, '--json']))
    expect(result.warnings.length).toBeGreaterThan(0)
    expect(result.warnings[0]).toMatch(/uses γ = 0\.1 but lwd-\d+ uses γ = [\d.e-]+; their distances are not comparable\. Make your spec with --gamma/)
    expect(runCli(['search', '--spec', spec, '--dock', dock]).stdout).toMatch(/\nWarning: .*γ = 0\.1/)
  })

  it('filters semantically without data (name, task, scenario, licence), scores by text', () => {
    const ids = (...args: string[]) => jsonOf(runCli(['search', '--dock', dock, '--json', ...args])).single.map((hit: { id: string }) => hit.id)
    expect(ids()).toEqual([WINE_DOUBLED, IRIS, WINE])
    expect(ids('--name', 'iris')).toEqual([IRIS])
    expect(ids('--scenario', 'agriculture')).toEqual([WINE_DOUBLED, WINE])
    expect(ids('--task', 'Regression')).toEqual([])
    expect(ids('--license', 'MIT', '--library', 'Others', '--data-type', 'Table', '--limit', '2')).toEqual([WINE_DOUBLED, IRIS])
    const hit = jsonOf(runCli(['search', '--dock', dock, '--json', '--name', 'iris'])).single[0]
    expect(hit).toEqual({ id: IRIS, name: 'Iris species', score: 1, mmd2: null })
  })

  it('answers bad options with one line and exit code 2', () => {
    expectOneLineError(runCli(['search', '--dock', dock, '--mixture', 'best']), 2, /--mixture must be one of greedy, auto, none \(got "best"\)/)
    expectOneLineError(runCli(['search', '--dock', dock, '--data', ws.wine.heldOut, '--spec', 'x.json']), 2, /--spec or --data, not both/)
    expectOneLineError(runCli(['search', '--dock', dock, '--target', 'target']), 2, /--target names the label column of --data/)
    expectOneLineError(runCli(['search', '--dock', dock, '--limit', '0']), 2, /--limit must be a whole number ≥ 1/)
    expectOneLineError(runCli(['search', '--dock', dock, '--task', 'Clustering']), 2, /--task must be one of Classification, Regression/)
  })

  it('answers unreadable inputs with one line and exit code 1', () => {
    expectOneLineError(runCli(['search', '--dock', dock, '--data', join(ws.dir, 'nothing.csv')]), 1, /No file at .*nothing\.csv/)
    expectOneLineError(runCli(['search', '--dock', dock, '--spec', ws.wine.train]), 1, /wine-train\.csv is not valid JSON/)
  })
})
