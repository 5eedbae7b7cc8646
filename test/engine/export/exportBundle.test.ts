import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTableFile } from '../../../src/engine/data'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import {
  BUNDLE_FILES,
  composePipelineOnnx,
  evaluatePlanInTs,
  exportBundle,
  readBundle,
  runBundle,
  verifyBundle,
  type BundleManifest,
  type BundleMetrics,
  type ExportedBundle,
  type GoldenFile
} from '../../../src/engine/export'
import type { ProgressEvent } from '../../../src/engine/progress'
import { OnnxModelCache, sha256Hex } from '../../../src/engine/runtime'
import { maxAbsDifference } from '../train/tabularFixture'
import { codeBlockAfter, removeUnpackedBundles, runNode, runProgram, unpackBundle } from './bundleProcess'
import { twoOutputMember } from './memberBuilders'
import { scenario, type ScenarioName } from './scenarios'

const cache = new OnnxModelCache({ maxModels: 8 })
let outDir = ''
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'export-'))
})
afterAll(async () => {
  await cache.dispose()
  await removeUnpackedBundles()
  await rm(outDir, { recursive: true, force: true })
})

const exported = new Map<ScenarioName, Promise<ExportedBundle>>()
function bundleOf(name: ScenarioName): Promise<ExportedBundle> {
  if (!exported.has(name)) {
    const { plan, golden } = scenario(name)
    const metrics: BundleMetrics = plan.task === 'classification' ? { values: { accuracy: 0.95 }, evaluatedOn: 'held-out 30 % of the fixture' } : { values: { rmse: 54.2, r2: 0.47 } }
    exported.set(name, exportBundle(plan, { goldenRows: golden, metrics, out: join(outDir, `${name}.zip`), cache }))
  }
  return exported.get(name)!
}

function fileOf(bundle: ExportedBundle, name: string): string {
  return strFromU8(unzipSync(bundle.zip)[name])
}

async function expectCode(work: () => Promise<unknown>, code: LearnwareErrorCode): Promise<string> {
  try {
    await work()
  } catch (error) {
    if (!isLearnwareError(error)) throw error
    expect(error.code).toBe(code)
    return error.message
  }
  throw new Error(`expected LearnwareError ${code}, nothing was thrown`)
}

/** Labels exactly, numbers within the golden tolerance. */
function expectLikeGolden(golden: GoldenFile, actual: { label?: number[]; probabilities?: number[][]; prediction?: number[][] }): void {
  if (golden.expected.label) expect(actual.label).toEqual(golden.expected.label)
  const expected = (golden.expected.probabilities ?? golden.expected.prediction)!.flat()
  const got = (actual.probabilities ?? actual.prediction)!.flat()
  expect(got).toHaveLength(expected.length)
  got.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThanOrEqual(golden.tolerance * Math.max(1, Math.abs(expected[i]))))
}

const ALL: ScenarioName[] = ['single', 'mean-probs', 'vote', 'mean-values', 'head', 'head-regression', 'selector', 'selector-regression', 'categorical']

describe('exportBundle: one verified, deployable zip per combiner', () => {
  it.each(ALL)('%s: one model.onnx, verified after writing, reproduced by a separate Node process', async (name) => {
    const { plan } = scenario(name)
    const bundle = await bundleOf(name)
    expect(bundle.verification.passed).toBe(true)
    expect(bundle.path).toBe(join(outDir, `${name}.zip`))
    expect(sha256Hex(await readFile(bundle.path!))).toBe(bundle.sha256)
    expect(existsSync(`${bundle.path}.partial`)).toBe(false)

    const entries = Object.keys(unzipSync(bundle.zip)).sort()
    expect(entries).toEqual(['README.md', 'example.csv', 'golden.json', 'manifest.json', 'model.onnx', 'predict.mjs'])
    expect(entries.filter((e) => e.endsWith('.onnx'))).toEqual(['model.onnx'])

    const dir = await unpackBundle(bundle.zip)
    const check = await runNode(dir, ['predict.mjs', '--check'])
    expect(check.stderr).toBe('')
    expect(check.stdout).toMatch(/golden check passed: 40 rows reproduce the expected outputs/)
    expect(check.code).toBe(0)

    const golden = JSON.parse(fileOf(bundle, 'golden.json')) as GoldenFile
    const fromCsv = await runNode(dir, ['predict.mjs', 'example.csv', '--json'])
    expect(fromCsv.code).toBe(0)
    expectLikeGolden(golden, JSON.parse(fromCsv.stdout))
    expect(golden.rows).toBe(40)
    expect(golden.features.flat().filter((v) => v === null).length).toBeGreaterThan(0)
    expect(plan.members.length).toBe(bundle.manifest.parts.filter((p) => p.role === 'member').length)
  })

  it('the manifest lists every part with its licence and sha256, the columns, their missing handling and the metrics', async () => {
    const { plan } = scenario('mean-probs')
    const bundle = await bundleOf('mean-probs')
    const manifest = JSON.parse(fileOf(bundle, 'manifest.json')) as BundleManifest
    expect(manifest).toMatchObject({ format: 'learnware-dock/export-bundle', version: 1, task: 'classification', method: 'averaging', combiner: 'mean-probabilities' })
    expect(manifest.licenses).toEqual(['BSD-3-Clause', 'MIT'])
    expect(manifest.parts.map((p) => [p.learnwareId, p.license, p.packageSha256, p.modelSha256])).toEqual(
      plan.members.map((m) => [m.learnwareId, m.license, m.packageSha256, sha256Hex(m.onnxModel)])
    )
    expect(manifest.model).toMatchObject({ file: 'model.onnx', sha256: sha256Hex(unzipSync(bundle.zip)['model.onnx']), opset: 15 })
    expect(manifest.model.input).toEqual({ name: 'features', dtype: 'float32', shape: [null, 13] })
    expect(manifest.model.outputs.map((o) => o.name)).toEqual(['label', 'probabilities'])
    expect(manifest.output.classNames).toEqual(['cultivar 1', 'cultivar 2', 'cultivar 3'])
    expect(manifest.input.columns[0]).toMatchObject({ index: 0, name: 'alcohol', type: 'numeric' })
    expect(manifest.input.columns[0].filledWith.map((f) => f.part)).toEqual(['lw-wine-a', 'lw-wine-c'])
    expect(manifest.input.missingMarkers).toContain('n/a')
    expect(manifest.metrics).toEqual({ values: { accuracy: 0.95 }, evaluatedOn: 'held-out 30 % of the fixture' })
    for (const file of ['model.onnx', 'golden.json', 'README.md', 'predict.mjs', 'example.csv']) {
      expect(manifest.files[file]).toBe(sha256Hex(unzipSync(bundle.zip)[file]))
    }
    const categorical = JSON.parse(fileOf(await bundleOf('categorical'), 'manifest.json')) as BundleManifest
    expect(categorical.input.columns.find((c) => c.name === 'site')).toMatchObject({ type: 'categorical', categories: ['east', 'north', 'south'] })
  })

  it('the model card names the parts, licences, data checked and limitations, in plain words', async () => {
    const readme = fileOf(await bundleOf('vote'), 'README.md')
    expect(readme).toMatch(/^---\nlicense: mit\nlibrary_name: onnx\npipeline_tag: tabular-classification\n/)
    for (const heading of ['## Intended use', '## What goes in', '## What comes out', '## What it was checked on', '## How well it does', '## Where the parts come from', '## Limitations', '## How to run it']) {
      expect(readme).toContain(heading)
    }
    expect(readme).toContain('Each learnware votes for one class; the class with most votes wins (a tie goes to the class listed first).')
    expect(readme).toMatch(/run on 40 rows; it gave the same class on every row/)
    expect(readme).toContain('Missing values are filled with training averages')
    expect(readme).toContain('| member | ')
    expect(readme).toContain('lw-wine-b')
    const mixed = fileOf(await bundleOf('mean-probs'), 'README.md')
    expect(mixed).toMatch(/license: other\nlicense_name: "BSD-3-Clause AND MIT"/)
    expect(fileOf(await bundleOf('mean-values'), 'README.md')).toContain('| rmse | 54.20 |')
  })

  it.each(['vote', 'selector-regression'] as ScenarioName[])('%s: the README’s Node.js snippet runs as pasted and prints the golden answers', async (name) => {
    const bundle = await bundleOf(name)
    const dir = await unpackBundle(bundle.zip)
    await writeFile(join(dir, 'run.cjs'), codeBlockAfter(fileOf(bundle, 'README.md'), '### From Node.js code', 'js'))
    const run = await runNode(dir, ['run.cjs'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const golden = JSON.parse(fileOf(bundle, 'golden.json')) as GoldenFile
    if (golden.expected.labelNames) {
      expect(run.stdout.split('\n')[0]).toBe(`[ ${golden.expected.labelNames.slice(0, 2).map((n) => `'${n}'`).join(', ')} ]`)
    } else {
      const printed = (run.stdout.match(/-?\d+\.\d+(e-?\d+)?/g) ?? []).map(Number)
      expect(printed).toHaveLength(2)
      printed.forEach((value, r) => expect(Math.abs(value - golden.expected.prediction![r][0])).toBeLessThan(1e-5 * Math.abs(value)))
    }
  })

  const python = process.env.PYTHON ?? 'python3'
  const hasOnnxRuntime = async () => (await runProgram(python, tmpdir(), ['-c', 'import onnxruntime, numpy'])).code === 0
  it.for(['mean-probs', 'mean-values'] as ScenarioName[])('%s: the README’s Python snippet runs and matches golden.json (when Python has onnxruntime; PYTHON=… picks one)', async (name, context) => {
    if (!(await hasOnnxRuntime())) context.skip()
    const bundle = await bundleOf(name)
    const dir = await unpackBundle(bundle.zip)
    await writeFile(join(dir, 'run.py'), codeBlockAfter(fileOf(bundle, 'README.md'), '### From Python', 'python'))
    const run = await runProgram(python, dir, ['run.py'])
    expect(run.stdout).toContain('matches golden.json: True')
  })

  it('is deterministic: the same plan and rows give the same bytes', async () => {
    const { plan, golden } = scenario('single')
    const again = await exportBundle(plan, { goldenRows: golden, metrics: { values: { accuracy: 0.95 }, evaluatedOn: 'held-out 30 % of the fixture' }, cache })
    expect(again.path).toBeNull()
    expect(again.sha256).toBe((await bundleOf('single')).sha256)
  })

  it('reports monotone progress from start to done', async () => {
    const { plan, golden } = scenario('single')
    const events: ProgressEvent[] = []
    await exportBundle(plan, { goldenRows: golden, cache, onProgress: (e) => events.push(e) })
    expect(events[0]).toEqual({ status: 'start', task: 'export bundle' })
    expect(events.at(-1)).toEqual({ status: 'done', task: 'export bundle' })
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b))
    expect(fractions.at(-1)).toBe(1)
  })

  it('a folder that does not exist is an IO_WRITE_FAILED with a hint, not a crash', async () => {
    const { plan, golden } = scenario('single')
    const out = join(outDir, 'no', 'such', 'folder', 'bundle.zip')
    expect(await expectCode(() => exportBundle(plan, { goldenRows: golden, out, cache }), 'IO_WRITE_FAILED')).toContain('bundle.zip: the bundle could not be written')
  })

  it('takes the user’s table as golden rows (re-encoded by name, sampled evenly)', async () => {
    const { plan, user } = scenario('categorical')
    const bundle = await exportBundle(plan, { goldenRows: user.table, maxGoldenRows: 12, cache })
    expect(bundle.manifest.golden).toMatchObject({ rows: 12, source: 'user.csv' })
    expect(bundle.verification.passed).toBe(true)
  })
})

describe('running a bundle: runBundle (engine) and predict.mjs agree on a messy CSV', () => {
  it('columns in another order, extra columns, missing markers, quotes, an unseen category', async () => {
    const bundle = await bundleOf('categorical')
    const csv = [
      'petal_width_cm;comment;site;petal_length_cm;sepal_length_cm;sepal_width_cm;target',
      '0.2;"first; row";north;1.4;5.1;3.5;0',
      '1.3;x;"south";4.0;5.5;2.3;1',
      '2.1;;middle;5.7;6.7;3.3;2',
      'NA;y;east;4.5;6.0;?;1',
      '1.8; ;n/a;5.1;5.9;3.0;2',
      ' 1.0 ;z;north;3.5;5.0;2.0;1'
    ].join('\r\n')
    const dir = await unpackBundle(bundle.zip)
    await writeFile(join(dir, 'messy.csv'), csv)
    const engine = await runBundle(bundle.path!, join(dir, 'messy.csv'))
    const script = await runNode(dir, ['predict.mjs', 'messy.csv', '--json'])
    expect(script.code).toBe(0)
    expect(script.stderr).toMatch(/column "site": 1 value\(s\) could not be read and count as missing/)
    const fromScript = JSON.parse(script.stdout) as { label: number[]; labelNames: string[]; probabilities: number[][] }
    expect(engine.rows).toBe(6)
    expect(Array.from(engine.labels!)).toEqual(fromScript.label)
    expect(engine.labelNames).toEqual(fromScript.labelNames)
    expect(maxAbsDifference(engine.probabilities!, fromScript.probabilities.flat())).toBeLessThan(1e-6)

    // … and both are what the app predicts for the same rows
    const { plan } = scenario('categorical')
    const table = await loadTableFile(join(dir, 'messy.csv'), { tableEncoding: plan.inputEncoding })
    const reference = await evaluatePlanInTs(plan, table.matrix, table.rowsKept, { cache })
    expect(Array.from(engine.labels!)).toEqual(Array.from(reference.labels!))
    expect(maxAbsDifference(engine.probabilities!, reference.probabilities!)).toBeLessThan(1e-5)
  })

  it('predict.mjs writes CSV predictions with one probability column per class', async () => {
    const bundle = await bundleOf('single')
    const dir = await unpackBundle(bundle.zip)
    const run = await runNode(dir, ['predict.mjs', 'example.csv', '--out', 'predictions.csv'])
    expect(run.code).toBe(0)
    const lines = (await readFile(join(dir, 'predictions.csv'), 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('row,prediction,p(setosa),p(versicolor),p(virginica)')
    expect(lines).toHaveLength(41)
  })

  it('a regression bundle runs from the engine with the target name', async () => {
    const bundle = await bundleOf('mean-values')
    const dir = await unpackBundle(bundle.zip)
    const run = await runBundle(bundle.zip, join(dir, 'example.csv'))
    expect(run).toMatchObject({ task: 'regression', rows: 40, targetName: 'disease progression', targetsPerRow: 1 })
    const golden = JSON.parse(fileOf(bundle, 'golden.json')) as GoldenFile
    expectLikeGolden(golden, { prediction: Array.from(run.values!, (v) => [v]) })
  })

  it('a missing column is named, by the engine and by predict.mjs', async () => {
    const bundle = await bundleOf('single')
    const dir = await unpackBundle(bundle.zip)
    await writeFile(join(dir, 'short.csv'), 'sepal_length_cm,petal_length_cm\n5.1,1.4\n')
    expect(await expectCode(() => runBundle(bundle.zip, join(dir, 'short.csv')), 'DATA_MISSING_COLUMN')).toMatch(/missing column "petal_width_cm"/)
    const run = await runNode(dir, ['predict.mjs', 'short.csv'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/missing column\(s\) "petal_width_cm"/)
  })
})

describe('a wrong graph or a changed bundle is caught', () => {
  it('exportBundle refuses a plan whose graph disagrees with the app, and leaves no file behind', async () => {
    const { plan, golden, user } = scenario('mean-probs')
    const out = join(outDir, 'wrong.zip')
    const wrong = { ...plan, members: [...plan.members, { ...twoOutputMember(user), outputName: 'scores' }] }
    const message = await expectCode(() => exportBundle(wrong, { goldenRows: golden, out, cache }), 'EXPORT_VERIFICATION_FAILED')
    expect(message).toMatch(/model\.onnx: The exported model does not reproduce the in-app predictions: .*golden rows/)
    expect((await readdir(outDir)).filter((f) => f.startsWith('wrong'))).toEqual([])
  })

  it('a model.onnx swapped after export is refused before it runs', async () => {
    const bundle = await bundleOf('single')
    const files = unzipSync(bundle.zip)
    const { plan } = scenario('single')
    files['model.onnx'] = new Uint8Array(composePipelineOnnx({ ...plan, members: [{ ...plan.members[0], classMap: [...plan.members[0].classMap!].reverse() }] }).bytes)
    const swapped = zipSync(files)
    expect(await expectCode(() => readBundle(swapped), 'BUNDLE_INVALID')).toMatch(/model\.onnx is not the model that was exported/)
    expect(await expectCode(() => runBundle(swapped, 'unused.csv'), 'BUNDLE_INVALID')).toMatch(/sha256 differs/)

    // even with the manifest rewritten to match, the golden rows expose it
    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as BundleManifest
    manifest.model.sha256 = sha256Hex(files['model.onnx'])
    files['manifest.json'] = strToU8(JSON.stringify(manifest))
    const report = await verifyBundle(zipSync(files))
    expect(report.passed).toBe(false)
    expect(report.summary).toMatch(/^The exported model does not reproduce the in-app predictions: the label differs on \d+ of 40 golden rows/)
  })

  it('verifyBundle with the plan recomputes the expected outputs instead of trusting golden.json', async () => {
    const bundle = await bundleOf('head')
    expect((await verifyBundle(bundle.path!, { plan: scenario('head').plan, cache })).passed).toBe(true)
    expect((await verifyBundle(bundle.path!, { plan: scenario('mean-probs').plan, cache })).passed).toBe(false)
  })

  it('a zip that is not a bundle is named as such', async () => {
    const notBundle = zipSync({ 'hello.txt': strToU8('hi') })
    expect(await expectCode(() => readBundle(notBundle), 'BUNDLE_INVALID')).toMatch(/bundle: the bundle has no manifest\.json/)
    const oldGolden = unzipSync((await bundleOf('single')).zip)
    oldGolden['manifest.json'] = strToU8(JSON.stringify({ ...JSON.parse(strFromU8(oldGolden['manifest.json'])), version: 9 }))
    expect(await expectCode(() => readBundle(zipSync(oldGolden)), 'BUNDLE_INVALID')).toMatch(/is version 9; this Learnware Dock reads up to version 1/)
    expect(BUNDLE_FILES.model).toBe('model.onnx')
  })
})
