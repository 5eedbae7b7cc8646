import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTableFile } from '../../src/engine/data'
import { pythonPackage, replaceInZip } from '../engine/dock/dockFixtures'
import { selectColumns, writeCsv } from '../engine/pack/packFixtures'
import { runCli } from '../helpers/cli'
import { expectOneLineError, jsonOf, makeWorkspace, newDock, packWithCli, SPECIES, type CliWorkspace } from './cliWorkspace'
import { ensureFreshCli } from './freshCli'

let ws: CliWorkspace
let dock: string
let expectedNames: string[]

beforeAll(async () => {
  ensureFreshCli()
  ws = await makeWorkspace(tmpdir())
  dock = newDock(ws)
  const irisZip = packWithCli(ws, 'iris')
  expect(jsonOf(runCli(['dock', 'add', irisZip, '--dock', dock, '--json'])).id).toBe('lwd-00000001')
  const python = join(ws.dir, 'python.zip')
  writeFileSync(python, await pythonPackage({ dataset: 'iris', originId: '00000042', name: 'Python iris' }))
  expect(jsonOf(runCli(['dock', 'add', python, '--dock', dock, '--json'])).status).toBe('not-runnable')
  // The wine model inside the iris package: the checker marks it invalid when it enters the dock.
  const tampered = join(ws.dir, 'tampered.zip')
  writeFileSync(tampered, replaceInZip(readFileSync(irisZip), 'model.onnx', readFileSync(ws.wine.onnx)))
  expect(jsonOf(runCli(['dock', 'add', tampered, '--dock', dock, '--json'])).status).toBe('invalid')
  const heldOut = await loadTableFile(ws.iris.heldOut, { target: 'target' })
  expectedNames = Array.from(ws.iris.model.predict(heldOut.matrix, heldOut.rowsKept), (code) => SPECIES[code])
})

afterAll(() => rmSync(ws.dir, { recursive: true, force: true }))

describe('learnware-dock predict', () => {
  it('predicts held-out rows with the model’s labels, by class name, and reports the alignment', () => {
    const result = jsonOf(runCli(['predict', 'lwd-00000001', ws.iris.heldOut, '--dock', dock, '--json']))
    expect(result).toMatchObject({ id: 'lwd-00000001', name: 'Iris species', source: 'iris-held-out.csv', rows: 38, task: 'classification', classNames: SPECIES, out: null })
    expect(result.predictions).toEqual(expectedNames)
    expect(result.alignment).toEqual({
      by: 'name',
      matched: ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'].map((name) => ({ input: name, column: name })),
      missing: [],
      extra: ['target']
    })
    expect(result.probabilities).toHaveLength(38)
    for (const row of result.probabilities) expect(row.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5)
  })

  it('writes the predictions and one probability column per class to --out, and prints a summary', () => {
    const out = join(ws.dir, 'predictions.csv')
    const result = runCli(['predict', 'lwd-00000001', ws.iris.heldOut, '--out', out, '--target', 'target', '--dock', dock])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^lwd-00000001 "Iris species" on iris-held-out\.csv: 38 predictions\n/)
    expect(result.stdout).toMatch(/Columns matched by name: 4 matched; missing: none; extra \(not used\): none/)
    expect(result.stdout).toMatch(/Wrote .*predictions\.csv: (\w+ ×\d+(, )?){1,3}/)
    const [header, ...lines] = readFileSync(out, 'utf8').trim().split('\n')
    expect(header).toBe('prediction,p(setosa),p(versicolor),p(virginica)')
    expect(lines.map((line) => line.split(',')[0])).toEqual(expectedNames)
  })

  it('lines up shuffled, partly missing columns by name and fills the missing one with the training mean', () => {
    const [header, ...rows] = readFileSync(ws.iris.heldOut, 'utf8').trim().split('\n').map((line) => line.split(','))
    const partial = writeCsv(ws.dir, 'partial.csv', selectColumns({ header, rows }, ['petal_width_cm', 'petal_length_cm', 'sepal_length_cm']))
    const result = jsonOf(runCli(['predict', 'lwd-00000001', partial, '--dock', dock, '--json']))
    expect(result.alignment.missing).toEqual(['sepal_width_cm'])
    expect(result.notes.join(' ')).toMatch(/sepal_width_cm.*training mean/)
    const text = runCli(['predict', 'lwd-00000001', partial, '--dock', dock]).stdout
    expect(text).toMatch(/missing: sepal_width_cm/)
    expect(text.split('\n').filter((line) => /^\s+\d+\s+(setosa|versicolor|virginica) \(\d\.\d{3}\)$/.test(line))).toHaveLength(38)
  })

  it('refuses a learnware it cannot run, an unknown id, and data of another width, with one line and exit code 1', () => {
    expectOneLineError(runCli(['predict', 'lwd-00000002', ws.iris.heldOut, '--dock', dock]), 1, /lwd-00000002 \("Python iris"\) cannot be run here: .*Python/)
    expectOneLineError(runCli(['predict', '00000042', ws.iris.heldOut, '--dock', dock]), 1, /cannot be run here/)
    expectOneLineError(runCli(['predict', 'lwd-00000003', ws.iris.heldOut, '--dock', dock]), 1, /lwd-00000003 \("Iris species"\) failed the learnware check and is not run: .*13 features/)
    expectOneLineError(runCli(['predict', 'lwd-00000404', ws.iris.heldOut, '--dock', dock]), 1, /No learnware with id "lwd-00000404"/)
    expectOneLineError(runCli(['predict', 'lwd-00000001', ws.wine.heldOut, '--dock', dock]), 1, /wine-held-out\.csv has 14 feature columns but learnware "Iris species" takes 4/)
    expectOneLineError(runCli(['predict', 'lwd-00000001', '--dock', dock]), 2, /predict takes 2 arguments/)
  })
})
