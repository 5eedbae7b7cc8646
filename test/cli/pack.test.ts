import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readLearnwarePackage } from '../../src/engine/learnware'
import { pythonPackage, replaceInZip } from '../engine/dock/dockFixtures'
import { runCli } from '../helpers/cli'
import { expectOneLineError, jsonOf, makeWorkspace, SPECIES, type CliWorkspace } from './cliWorkspace'
import { ensureFreshCli } from './freshCli'

let ws: CliWorkspace

beforeAll(async () => {
  ensureFreshCli()
  ws = await makeWorkspace(tmpdir())
})

afterAll(() => rmSync(ws.dir, { recursive: true, force: true }))

const packArgs = (files: CliWorkspace['iris'], out: string) => [
  'pack', '--model', files.onnx, '--data', files.train, '--target', 'target', '--name', 'Iris species',
  '--task', 'classification', '--scenario', 'nature', '--license', 'MIT', '--out', out
]

describe('learnware-dock pack', () => {
  it('packs a real trained model: spec made on-device, inputs and class names from the CSV, checked usable', async () => {
    const out = join(ws.dir, 'iris.zip')
    const summary = jsonOf(runCli([...packArgs(ws.iris, out), '--gamma', 'auto', '--json']))
    expect(summary).toMatchObject({
      out,
      name: 'Iris species',
      task: 'Classification',
      status: 'usable',
      reasons: [],
      warnings: [],
      input: { Dimension: 4, Description: { 0: 'sepal_length_cm', 3: 'petal_width_cm' } },
      output: { Dimension: 3, Description: { 0: 'setosa', 1: 'versicolor', 2: 'virginica' } },
      spec: { k: 100, featuresPerRow: 4, numPoints: 112, rowsUsed: 112 }
    })
    expect(summary.spec.gamma).toBeGreaterThan(0)
    expect(summary.checks.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['semantic', 'stat-spec', 'probe-run', 'output-shape']))
    const zip = readFileSync(out)
    expect(summary.bytes).toBe(zip.byteLength)
    const pkg = await readLearnwarePackage(zip)
    expect(pkg.runnable).toBe(true)
    expect(pkg.semanticSpec?.Scenario.Values).toEqual(['Nature'])
    expect(pkg.model.kind === 'onnx' && pkg.model.manifest.labels).toEqual(SPECIES)
  })

  it('prints the verdict and each check for people, and warns that γ = 0.1 is degenerate on wine', () => {
    const result = runCli(['pack', '--model', ws.wine.onnx, '--data', ws.wine.train, '--target', 'target', '--name', 'Wine', '--task', 'Classification', '--out', join(ws.dir, 'wine-default.zip')])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Wrote .*wine-default\.zip .*"Wine", Classification, 13 inputs/)
    expect(result.stdout).toMatch(/γ = 0\.1,/)
    expect(result.stdout).toMatch(/Warning: At γ = 0\.1 .*--gamma auto/)
    expect(result.stdout).toMatch(/Check: usable\n {2}✓ semantic/)
  })

  it('refuses a model whose input width differs from the CSV, naming both, exit code 1', () => {
    const result = runCli(['pack', '--model', ws.iris.onnx, '--data', ws.wine.train, '--target', 'target', '--name', 'X', '--task', 'Classification', '--out', join(ws.dir, 'x.zip')])
    expectOneLineError(result, 1, /iris\.onnx takes 4 features per row .* but wine-train\.csv has 13 feature columns/)
  })

  it('answers missing or bad options with exit code 2', () => {
    const out = join(ws.dir, 'y.zip')
    expectOneLineError(runCli(packArgs(ws.iris, out).filter((a) => a !== '--out' && a !== out)), 2, /pack needs --out/)
    expectOneLineError(runCli([...packArgs(ws.iris, out), '--gamma', 'wide']), 2, /--gamma must be a number/)
    expectOneLineError(runCli([...packArgs(ws.iris, out), '--license', 'WTFPL']), 2, /--license must be one of MIT, Apache-2\.0/)
    expectOneLineError(runCli(packArgs(ws.iris, out).map((a) => (a === 'classification' ? 'Clustering' : a))), 2, /--task must be one of Classification, Regression/)
  })

  it('refuses a model file that is not ONNX and one that does not exist, exit code 1', () => {
    const args = packArgs(ws.iris, join(ws.dir, 'z.zip'))
    expectOneLineError(runCli(args.map((a) => (a === ws.iris.onnx ? ws.iris.train : a))), 1, /iris-train\.csv: not an ONNX model/)
    expectOneLineError(runCli(args.map((a) => (a === ws.iris.onnx ? join(ws.dir, 'gone.onnx') : a))), 1, /No file at .*gone\.onnx/)
  })
})

describe('learnware-dock check', () => {
  let irisZip: string

  beforeAll(() => {
    irisZip = join(ws.dir, 'iris-checked.zip')
    expect(runCli([...packArgs(ws.iris, irisZip), '--gamma', 'auto']).code).toBe(0)
  })

  it('reports the status and every check with its detail', () => {
    const report = jsonOf(runCli(['check', irisZip, '--json']))
    expect(report).toMatchObject({ file: irisZip, name: 'Iris species', status: 'usable', reasons: [] })
    for (const check of report.checks) expect(check).toEqual({ name: expect.any(String), ok: true, detail: expect.stringMatching(/\w/) })
    const text = runCli(['check', irisZip])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^iris-checked\.zip: usable\n/)
    expect(text.stdout.trim().split('\n').length).toBe(report.checks.length + 1)
  })

  it('exits with 1 when the package is invalid, and says which check failed', () => {
    // The wine model (13 inputs) inside the iris package (4 inputs): only a tampered package looks like this.
    const tampered = join(ws.dir, 'tampered.zip')
    writeFileSync(tampered, replaceInZip(readFileSync(irisZip), 'model.onnx', readFileSync(ws.wine.onnx)))
    const result = runCli(['check', tampered, '--json'])
    const report = jsonOf(result, 1)
    expect(report.status).toBe('invalid')
    expect(report.checks.find((c: { ok: boolean }) => !c.ok)).toMatchObject({ name: 'input-width', detail: expect.stringMatching(/takes 13 features per row/) })
    const text = runCli(['check', tampered])
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/✗ input-width/)
  })

  it('finds a Beimingwu Python package not-runnable, with the reason, and exits with 0', async () => {
    const python = join(ws.dir, 'python.zip')
    writeFileSync(python, await pythonPackage({ dataset: 'iris', originId: '00000042' }))
    const report = jsonOf(runCli(['check', python, '--json']))
    expect(report.status).toBe('not-runnable')
    expect(report.checks.find((c: { name: string }) => c.name === 'model-kind')).toMatchObject({ ok: false, detail: expect.stringMatching(/Python/) })
  })

  it('refuses hostile and corrupt zips with one line, exit code 1', () => {
    const slip = join(ws.dir, 'slip.zip')
    writeFileSync(slip, zipSync({ 'learnware.yaml': strToU8('model: {}\n'), '../../evil.txt': strToU8('x') }))
    expectOneLineError(runCli(['check', slip]), 1, /slip\.zip: entry "\.\.\/\.\.\/evil\.txt" contains a "\.\." segment/)
    const truncated = join(ws.dir, 'truncated.zip')
    writeFileSync(truncated, readFileSync(irisZip).subarray(0, 2000))
    expectOneLineError(runCli(['check', truncated]), 1, /truncated\.zip is not a readable zip archive/)
    expectOneLineError(runCli(['check', join(ws.dir, 'absent.zip')]), 1, /absent\.zip/)
    expectOneLineError(runCli(['check']), 2, /check takes one argument/)
  })
})
