import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pythonPackage } from '../engine/dock/dockFixtures'
import { runCli } from '../helpers/cli'
import { expectOneLineError, jsonOf, makeWorkspace, newDock, packWithCli, type CliWorkspace } from './cliWorkspace'
import { ensureFreshCli } from './freshCli'

let ws: CliWorkspace
let irisZip: string
let wineZip: string

beforeAll(async () => {
  ensureFreshCli()
  ws = await makeWorkspace(tmpdir())
  irisZip = packWithCli(ws, 'iris')
  wineZip = packWithCli(ws, 'wine')
})

afterAll(() => rmSync(ws.dir, { recursive: true, force: true }))

describe('learnware-dock dock add / list / show / rm', () => {
  it('adds packages with the real checker, lists, shows and removes them', () => {
    const dock = newDock(ws)
    const iris = jsonOf(runCli(['dock', 'add', irisZip, '--dock', dock, '--json']))
    expect(iris).toEqual({ id: 'lwd-00000001', status: 'usable', reason: '', dock })
    const added = runCli(['dock', 'add', wineZip, '--dock', dock])
    expect(added.stdout.trim()).toBe(`Added lwd-00000002 to ${dock}: usable`)

    const list = jsonOf(runCli(['dock', 'list', '--dock', dock, '--json']))
    expect(list.learnwares.map((e: { id: string; name: string; featuresPerRow: number }) => [e.id, e.name, e.featuresPerRow]))
      .toEqual([['lwd-00000001', 'Iris species', 4], ['lwd-00000002', 'Wine cultivar', 13]])
    const table = runCli(['dock', 'list', '--dock', dock]).stdout.trim().split('\n')
    expect(table[0]).toMatch(/^ID\s+STATUS\s+TASK\s+DATA\s+FEATURES\s+NAME$/)
    expect(table[2]).toMatch(/^lwd-00000002\s+usable\s+Classification\s+Table\s+13\s+Wine cultivar$/)

    const show = jsonOf(runCli(['dock', 'show', 'lwd-00000001', '--dock', dock, '--json']))
    expect(show).toMatchObject({
      id: 'lwd-00000001',
      name: 'Iris species',
      status: 'usable',
      statusReason: '',
      task: 'Classification',
      license: 'MIT',
      scenarios: ['Nature'],
      input: { Dimension: 4, Description: { 0: 'sepal_length_cm', 1: 'sepal_width_cm', 2: 'petal_length_cm', 3: 'petal_width_cm' } },
      output: { Dimension: 3, Description: { 0: 'setosa', 1: 'versicolor', 2: 'virginica' } },
      spec: { type: 'RKMETableSpecification', k: 100, featuresPerRow: 4, numPoints: 112 }
    })
    expect(show.semanticSpec.Name).toEqual({ Type: 'String', Values: 'Iris species' })
    expect(show.files.map((f: { name: string }) => f.name)).toEqual(
      ['__init__.py', 'learnware-dock.json', 'learnware.yaml', 'model.onnx', 'requirements.txt', 'rkme.json', 'semantic_specification.json']
    )
    const text = runCli(['dock', 'show', 'lwd-00000001', '--dock', dock]).stdout
    expect(text).toMatch(/Outputs: 3 — setosa, versicolor, virginica/)
    expect(text).toMatch(/K = 100 points of d = 4 features, γ = [\d.e-]+, made from 112 rows/)

    expect(jsonOf(runCli(['dock', 'rm', 'lwd-00000001', '--dock', dock, '--json']))).toEqual({ removed: 'lwd-00000001', name: 'Iris species' })
    expect(jsonOf(runCli(['dock', 'list', '--dock', dock, '--json'])).learnwares.map((e: { id: string }) => e.id)).toEqual(['lwd-00000002'])
    expectOneLineError(runCli(['dock', 'show', 'lwd-00000001', '--dock', dock]), 1, /No learnware with id "lwd-00000001"/)
  })

  it('filters the list by status, task, data type and name', async () => {
    const dock = newDock(ws)
    const python = join(ws.dir, 'python.zip')
    writeFileSync(python, await pythonPackage({ dataset: 'iris', originId: '00000042', name: 'Python iris' }))
    runCli(['dock', 'add', irisZip, '--dock', dock])
    runCli(['dock', 'add', wineZip, '--dock', dock])
    const added = jsonOf(runCli(['dock', 'add', python, '--dock', dock, '--json']))
    expect(added).toMatchObject({ id: 'lwd-00000003', status: 'not-runnable', reason: expect.stringMatching(/Python/) })
    const ids = (...filters: string[]) => jsonOf(runCli(['dock', 'list', '--dock', dock, '--json', ...filters])).learnwares.map((e: { id: string }) => e.id)
    expect(ids('--status', 'usable')).toEqual(['lwd-00000001', 'lwd-00000002'])
    expect(ids('--status', 'not-runnable,invalid')).toEqual(['lwd-00000003'])
    expect(ids('--name', 'wine')).toEqual(['lwd-00000002'])
    expect(ids('--task', 'regression')).toEqual([])
    expect(ids('--data-type', 'table', '--name', 'iris')).toEqual(['lwd-00000001', 'lwd-00000003'])
    expect(runCli(['dock', 'list', '--dock', dock, '--task', 'Regression']).stdout).toMatch(/^No learnwares in .* match\./)
    expectOneLineError(runCli(['dock', 'list', '--dock', dock, '--status', 'broken']), 2, /--status must be one of usable, not-runnable, invalid/)
  })

  it('refuses unknown ids, duplicates, hostile and corrupt zips with one line and exit code 1', () => {
    const dock = newDock(ws)
    runCli(['dock', 'add', irisZip, '--dock', dock])
    expectOneLineError(runCli(['dock', 'add', irisZip, '--dock', dock]), 1, /iris\.zip is already in the dock as lwd-00000001 .*dock rm lwd-00000001/)
    expectOneLineError(runCli(['dock', 'show', 'lwd-00000099', '--dock', dock]), 1, /No learnware with id "lwd-00000099"/)
    expectOneLineError(runCli(['dock', 'rm', 'nope', '--dock', dock]), 1, /No learnware with id "nope"/)
    const slip = join(ws.dir, 'evil.zip')
    writeFileSync(slip, zipSync({ 'learnware.yaml': strToU8('model: {}\n'), '../escape.txt': strToU8('x') }))
    expectOneLineError(runCli(['dock', 'add', slip, '--dock', dock]), 1, /evil\.zip: entry "\.\.\/escape\.txt" contains a "\.\." segment/)
    const corrupt = join(ws.dir, 'corrupt.zip')
    writeFileSync(corrupt, readFileSync(irisZip).subarray(0, 1500))
    expectOneLineError(runCli(['dock', 'add', corrupt, '--dock', dock]), 1, /corrupt\.zip is not a readable zip archive/)
    expect(jsonOf(runCli(['dock', 'list', '--dock', dock, '--json'])).learnwares).toHaveLength(1)
  })

  it('answers usage errors with exit code 2', () => {
    const dock = newDock(ws)
    expectOneLineError(runCli(['dock', 'add', '--dock', dock]), 2, /dock add takes one argument \(got none\)/)
    expectOneLineError(runCli(['dock', 'show', 'a', 'b', '--dock', dock]), 2, /dock show takes one argument/)
    expectOneLineError(runCli(['dock', 'frobnicate', '--dock', dock]), 2, /Unknown command "dock frobnicate"/)
    expectOneLineError(runCli(['dock', 'list', '--dock', dock, '--colour', 'red']), 2, /Unknown option '--colour'/)
  })
})
