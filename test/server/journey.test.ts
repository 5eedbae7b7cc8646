/**
 * The whole journey through the web server, as the UI makes it: a dock seeded from the starter dock,
 * list / get / download / remove / import, open a CSV (by path and as uploaded bytes) with overrides,
 * make a spec as a job whose progress streams monotone to 1 over SSE, cancel a long job, search with the
 * data, and submit a model trained here. Real HTTP, real workers, real SQLite and onnxruntime.
 */

import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytesToBase64, runJob, type JobEvent } from '../../src/shared/api'
import { loadTableFile } from '../../src/engine/data'
import { readStarterIndex, starterDockDir } from '../../src/engine/dock/starter'
import { trainLogisticRegression } from '../../src/engine/train'
import { repoRoot, startTestApp, type TestApp } from './webFixture'

let web: TestApp
let scratch: string
const starterDir = starterDockDir()
const wineCsv = join(repoRoot, 'resources/samples/wine.csv')
const irisCsv = join(repoRoot, 'resources/datasets/iris.csv')

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lwd-journey-'))
  web = await startTestApp({ seed: true })
}, 120_000)

afterAll(async () => {
  await web?.close()
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

describe('the dock', () => {
  it('opens seeded from the starter dock, all usable', async () => {
    const index = await readStarterIndex(starterDir)
    expect(web.app.seeded).toEqual({ added: index.length })
    const { learnwares, total, dockSize } = await web.api.dockList()
    expect(total).toBe(index.length)
    expect(dockSize).toBe(index.length)
    expect(learnwares.every((l) => l.status === 'usable')).toBe(true)
    const info = await web.api.appInfo()
    expect((await web.api.jobGet({ jobId: info.starterJobId! })).status).toBe('done')
  })

  it('lists with semantic filters and fuzzy text', async () => {
    const iris = await web.api.dockList({ filters: { text: 'iris' } })
    expect(iris.total).toBeGreaterThan(0)
    expect(iris.learnwares.every((l) => /iris/i.test(`${l.name} ${l.description}`) && l.textScore === 100)).toBe(true)
    const regression = await web.api.dockList({ filters: { tasks: ['Regression'] }, limit: 2 })
    expect(regression.learnwares).toHaveLength(2)
    expect(regression.learnwares.every((l) => l.task === 'Regression')).toBe(true)
    expect((await web.api.dockList({ filters: { scenarios: ['Politics'] } })).total).toBe(0)
  })

  it('gives one learnware with its semantic spec, input/output descriptions, spec summary and package files', async () => {
    const [first] = (await web.api.dockList({ filters: { text: 'iris' }, limit: 1 })).learnwares
    const details = await web.api.dockGet({ id: first.id })
    expect(details.semanticSpec).toMatchObject({ Data: { Type: 'Class', Values: ['Table'] } })
    expect(details.input?.lines.map((l) => l.description)).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'])
    expect(details.output?.dimension).toBeGreaterThan(1)
    expect(details.statSpec).toMatchObject({ type: 'RKMETableSpecification', featuresPerRow: 4 })
    expect(details.statSpec.k).toBeGreaterThan(0)
    expect(details.modelKind).toBe('onnx')
    expect(details.packageFiles.map((f) => f.name)).toEqual(expect.arrayContaining(['learnware.yaml', 'model.onnx']))
  })

  it('removes a learnware, imports its package again (checked), and knows a duplicate', async () => {
    const record = (await readStarterIndex(starterDir))[0]
    const { learnwares } = await web.api.dockList()
    const victim = learnwares.find((l) => l.packageSha256 === record.sha256)!
    const zip = await web.api.dockPackage({ id: victim.id })
    const download = await fetch(web.api.outputUrl!(zip.outputId))
    expect(download.status).toBe(200)
    expect(download.headers.get('content-disposition')).toMatch(/attachment/)
    expect(Buffer.from(await download.arrayBuffer()).equals(readFileSync(join(starterDir, record.file)))).toBe(true)

    expect(await web.api.dockRemove({ id: victim.id })).toEqual({ id: victim.id })
    await expect(web.api.dockGet({ id: victim.id })).rejects.toMatchObject({ code: 'DOCK_NOT_FOUND' })
    expect(web.eventsNamed('dockChanged')).toContainEqual({ reason: 'remove', ids: [victim.id] })

    const imported = await runJob(web.api, () => web.api.dockImport({ source: { kind: 'path', path: join(starterDir, record.file) } }))
    expect(imported).toMatchObject({ status: 'usable', duplicate: false })
    expect(imported.learnwareId).not.toBe(victim.id)
    expect(imported.check?.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['semantic', 'probe-run']))
    expect(web.eventsNamed('dockChanged')).toContainEqual({ reason: 'import', ids: [imported.learnwareId] })

    const bytes = readFileSync(join(starterDir, record.file))
    const again = await runJob(web.api, () => web.api.dockImport({ source: { kind: 'bytes', fileName: 'again.zip', base64: bytesToBase64(bytes) } }))
    expect(again).toMatchObject({ learnwareId: imported.learnwareId, duplicate: true, check: null })
  })

  it('reports a broken package as a readable job error', async () => {
    const bad = runJob(web.api, () => web.api.dockImport({ source: { kind: 'bytes', fileName: 'broken.zip', base64: bytesToBase64(new TextEncoder().encode('not a zip')) } }))
    await expect(bad).rejects.toMatchObject({ code: expect.stringMatching(/^PACKAGE_/), message: expect.stringContaining('broken.zip') })
  })
})

describe('data', () => {
  it('opens a CSV by path with the detected format, column report and preview rows', async () => {
    const view = await web.api.dataOpen({ source: { kind: 'path', path: wineCsv }, options: { target: 'target', previewRows: 5 } })
    expect(view.datasetId).toMatch(/^ds-\d+$/)
    expect(view.fileName).toBe('wine.csv')
    expect(view.format).toMatchObject({ delimiter: ',', hasHeader: true, textEncoding: 'utf-8', detected: { delimiter: true, hasHeader: true } })
    expect(view.previewRows).toHaveLength(5)
    expect(view.previewRows[0]).toHaveLength(view.columns.length)
    expect(view.featureNames).toHaveLength(13)
    expect(view.target).toMatchObject({ name: 'target', task: 'classification', classes: ['0', '1', '2'] })
    const alcohol = view.columns.find((c) => c.name === 'alcohol')!
    expect(alcohol).toMatchObject({ kind: 'numeric', role: 'feature', missingCount: 0, imputation: { method: 'none' } })
    expect(alcohol.mean).toBeCloseTo(13.0, 1)
    expect(await web.api.dataGet({ datasetId: view.datasetId })).toEqual(view)
  })

  it('opens uploaded bytes, applies overrides, reports missing values and their imputation', async () => {
    const csv = 'id;height;colour;label\n1;1.5;red;a\n2;;blue;b\n3;1.9;red;a\n4;2.1;;b\n'
    const view = await web.api.dataOpen({ source: { kind: 'bytes', fileName: 'tiny.csv', base64: bytesToBase64(new TextEncoder().encode(csv)) } })
    expect(view.fileName).toBe('tiny.csv')
    expect(view.format.delimiter).toBe(';')
    const height = view.columns.find((c) => c.name === 'height')!
    expect(height.missingCount).toBe(1)
    expect(height.imputation).toEqual({ method: 'mean', value: expect.closeTo((1.5 + 1.9 + 2.1) / 3, 5) })
    const configured = await web.api.dataConfigure({ datasetId: view.datasetId, options: { target: 'label', ignored: ['id'], columnKinds: { colour: 'categorical' } } })
    expect(configured.datasetId).toBe(view.datasetId)
    expect(configured.featureNames).toEqual(['height', 'colour'])
    expect(configured.columns.find((c) => c.name === 'id')!.role).toBe('ignored')
    expect(configured.columns.find((c) => c.name === 'colour')).toMatchObject({ kind: 'categorical', categories: ['blue', 'red'], categoryCount: 2 })
    expect(configured.target?.name).toBe('label')
    const picked = await web.api.dataRows({ datasetId: view.datasetId, rows: [0, 1, 3] })
    expect(picked).toEqual({
      columns: ['id', 'height', 'colour', 'label'],
      rows: [
        { index: 0, fileRow: 0, cells: [null, '1.5', 'red', 'a'] },
        { index: 1, fileRow: 1, cells: [null, '', 'blue', 'b'] },
        { index: 3, fileRow: 3, cells: [null, '2.1', '', 'b'] }
      ]
    })
    await expect(web.api.dataRows({ datasetId: view.datasetId, rows: [4] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'tiny.csv has 4 rows; there is no row 4' })
    expect(await web.api.dataClose({ datasetId: view.datasetId })).toEqual({ datasetId: view.datasetId })
    await expect(web.api.dataGet({ datasetId: view.datasetId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('says which column is unknown and which file is missing', async () => {
    await expect(web.api.dataOpen({ source: { kind: 'path', path: wineCsv }, options: { target: 'colour' } })).rejects.toMatchObject({ code: 'DATA_UNKNOWN_COLUMN', message: expect.stringContaining('colour') })
    await expect(web.api.dataOpen({ source: { kind: 'path', path: join(scratch, 'nope.csv') } })).rejects.toMatchObject({ code: 'IO_NOT_FOUND', message: expect.stringContaining('nope.csv') })
  })
})

describe('specs and jobs', () => {
  it('makes a spec as a job whose progress streams monotone to 1, then saves it', async () => {
    const { datasetId } = await web.api.dataOpen({ source: { kind: 'path', path: wineCsv }, options: { target: 'target' } })
    const fractions: number[] = []
    const spec = await runJob(web.api, () => web.api.specGenerate({ datasetId, k: 30, gamma: 'auto' }), { onProgress: (f) => fractions.push(f) })
    expect(fractions.length).toBeGreaterThan(1)
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1])
    expect(fractions.at(-1)).toBe(1)
    expect(spec).toMatchObject({ datasetId, k: 30, featuresPerRow: 13, numPoints: 178, rowsUsed: 178, type: 'RKMETableSpecification' })
    expect(spec.preview.z[0]).toHaveLength(13)
    expect(await web.api.specGet({ specId: spec.specId })).toEqual(spec)

    const path = join(scratch, 'wine.spec.json')
    expect(await web.api.outputSave({ outputId: spec.output.outputId, path })).toEqual({ path, bytes: spec.output.bytes })
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ type: 'RKMETableSpecification', gamma: spec.gamma })
    await expect(web.api.outputSave({ outputId: spec.output.outputId, path })).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    await web.api.outputSave({ outputId: spec.output.outputId, path, overwrite: true })
  })

  it('cancels a running job: the worker stops and the job ends cancelled', async () => {
    const rows = 40_000
    const lines = ['a,b,c,d,e,f,g,h']
    let seed = 1
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    for (let r = 0; r < rows; r++) lines.push(Array.from({ length: 8 }, () => random().toFixed(4)).join(','))
    const big = join(scratch, 'big.csv')
    await writeFile(big, lines.join('\n'))
    const { datasetId } = await web.api.dataOpen({ source: { kind: 'path', path: big } })
    const controller = new AbortController()
    let abortedAt = 0
    const seen: JobEvent[] = []
    const stop = web.api.subscribe('job', (event) => seen.push(event))
    const job = runJob(web.api, () => web.api.specGenerate({ datasetId, k: 400 }), {
      signal: controller.signal,
      onProgress: (fraction) => {
        if (fraction > 0 && !controller.signal.aborted) {
          abortedAt = performance.now()
          controller.abort()
        }
      }
    })
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' })
    // The engine stops at its next checkpoint, or the worker is terminated after a 2 s grace period.
    expect(performance.now() - abortedAt).toBeLessThan(4000)
    stop()
    const jobId = seen.find((e) => e.kind === 'specGenerate')!.jobId
    const mine = seen.filter((e) => e.jobId === jobId)
    expect(mine.at(-1)).toMatchObject({ status: 'cancelled' })
    expect(mine.filter((e) => e.status !== 'progress')).toHaveLength(1)
    expect((await web.api.jobGet({ jobId })).status).toBe('cancelled')
    expect(await web.api.jobCancel({ jobId })).toEqual({ jobId, cancelled: false })
  })
})

describe('search', () => {
  it('finds the learnware a user task was held out from, with scores, MMD² and column alignment', async () => {
    const tasks = (JSON.parse(readFileSync(join(starterDir, 'user-tasks/index.json'), 'utf8')) as { tasks: { file: string; sources: string[] }[] }).tasks
    const task = tasks.find((t) => t.file.startsWith('wine-') && t.sources.length === 1)!
    const record = (await readStarterIndex(starterDir)).find((r) => r.slug === task.sources[0])!
    const { datasetId } = await web.api.dataOpen({ source: { kind: 'path', path: join(starterDir, 'user-tasks', task.file) }, options: { target: 'target' } })
    const result = await runJob(web.api, () => web.api.searchRun({ datasetId, filters: { dataTypes: ['Table'] } }))
    expect(result.datasetId).toBe(datasetId)
    expect(result.single[0].learnware.packageSha256).toBe(record.sha256)
    expect(result.single[0].score).toBeGreaterThan(0)
    expect(result.single[0].mmd2).toBeGreaterThanOrEqual(0)
    expect(result.alignments.some((a) => a.by === 'name' && a.learnwareIds.includes(result.single[0].id))).toBe(true)
    expect(result.semanticMatches).toBeGreaterThan(0)
  })

  it('searches semantically without data', async () => {
    const result = await runJob(web.api, () => web.api.searchRun({ filters: { text: 'diabetes' } }))
    expect(result.datasetId).toBeNull()
    expect(result.single.length).toBeGreaterThan(0)
    expect(result.single.every((hit) => hit.mmd2 === null && /diabetes/i.test(hit.learnware.name + hit.learnware.description))).toBe(true)
  })
})

describe('reuse preview', () => {
  let datasetId = ''
  let learnwareIds: string[] = []

  beforeAll(async () => {
    datasetId = (await web.api.dataOpen({ source: { kind: 'path', path: wineCsv }, options: { target: 'target' } })).datasetId
    learnwareIds = (await web.api.dockList({ filters: { text: 'wine cultivar classifier' }, limit: 3 })).learnwares.map((l) => l.id)
  })

  it('scores each method against training from scratch on held-out rows', async () => {
    const fractions: number[] = []
    const preview = await runJob(web.api, () => web.api.reusePreview({ datasetId, learnwareIds, labelledRows: 30, repeats: 2 }), { onProgress: (f) => fractions.push(f) })
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1])
    expect(preview).toMatchObject({ datasetId, task: 'classification', classNames: ['0', '1', '2'], labelledRows: 30, repeats: 2, metricNames: expect.arrayContaining(['accuracy']) })
    const ids = preview.candidates.map((c) => c.id)
    expect(ids).toEqual(expect.arrayContaining(['averaging', 'job-selector', 'scratch', `single:${learnwareIds[0]}`]))
    const scratch = preview.candidates.find((c) => c.id === 'scratch')!
    expect(scratch.status).toBe('ok')
    if (scratch.status !== 'ok') return
    expect(scratch.metrics.accuracy.values).toHaveLength(2)
    expect(scratch.confusion!.counts).toHaveLength(3)
    expect(scratch.confusion!.counts[0]).toHaveLength(4)
    const heldOut = scratch.confusion!.counts.flat().reduce((a, b) => a + b, 0)
    expect(heldOut).toBe(preview.heldOutRows)
    const averaging = preview.candidates.find((c) => c.id === 'averaging')!
    if (averaging.status === 'ok') expect(averaging.summary?.members.map((m) => m.learnwareId)).toEqual(learnwareIds)
    for (const candidate of preview.candidates) if (candidate.status === 'failed') expect(candidate.error.message).not.toMatch(/\n\s+at /)
  })

  it('draws the labelled-data curve', async () => {
    const curve = await runJob(web.api, () => web.api.reuseCurve({ datasetId, learnwareIds, methods: ['averaging'], sizes: [10, 40, 100000], repeats: 2 }))
    expect(curve.sizes).toEqual([10, 40])
    expect(curve.skippedSizes).toEqual([100000])
    const scratch = curve.series.find((s) => s.id === 'scratch')!
    expect(scratch.mean.accuracy).toHaveLength(2)
    expect(curve.series.map((s) => s.id)).toContain('averaging')
  })

  it('refuses a table without a target, before starting a job', async () => {
    const { datasetId: unlabelled } = await web.api.dataOpen({ source: { kind: 'path', path: wineCsv } })
    await expect(web.api.reusePreview({ datasetId: unlabelled, learnwareIds })).rejects.toMatchObject({ code: 'DATA_MISSING_COLUMN' })
  })
})

describe('export', () => {
  it('fits the chosen reuser on the labelled rows and writes one verified bundle', async () => {
    const { datasetId } = await web.api.dataOpen({ source: { kind: 'path', path: join(starterDir, 'user-tasks/wine-cultivar1-vs-cultivar2.csv') }, options: { target: 'target' } })
    const found = await runJob(web.api, () => web.api.searchRun({ datasetId, limit: 3 }))
    const ids = found.single.slice(0, 2).map((hit) => hit.id)
    const fractions: number[] = []
    const bundle = await runJob(web.api, () => web.api.bundleExport({ datasetId, method: 'averaging', learnwareIds: ids, name: 'Wine cultivars' }), { onProgress: (f) => fractions.push(f) })
    expect(bundle).toMatchObject({ name: 'Wine cultivars', method: 'averaging', task: 'classification', verification: { passed: true } })
    expect(bundle.members.map((m) => m.id)).toEqual(ids)
    expect(bundle.inputColumns).toHaveLength(13)
    expect(bundle.output.fileName).toBe('Wine-cultivars.zip')
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1])
    const zip = Buffer.from(await (await fetch(web.api.outputUrl!(bundle.output.outputId))).arrayBuffer())
    expect(zip.subarray(0, 2).toString()).toBe('PK')
    expect(zip.byteLength).toBe(bundle.output.bytes)
  })

  it('needs a target, and only runnable learnwares', async () => {
    const { datasetId } = await web.api.dataOpen({ source: { kind: 'path', path: wineCsv } })
    const [first] = (await web.api.dockList({ limit: 1 })).learnwares
    await expect(web.api.bundleExport({ datasetId, method: 'single', learnwareIds: [first.id] })).rejects.toMatchObject({ code: 'DATA_MISSING_COLUMN', hint: 'Choose the label column on the Data screen.' })
  })
})

describe('submit', () => {
  it('packs a model trained here with its CSV, checks it, adds it to the dock and offers the zip', async () => {
    const table = await loadTableFile(irisCsv, { target: 'target', targetTask: 'classification' })
    const model = trainLogisticRegression({ features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow, labels: table.target!.codes! })
    const before = (await web.api.dockList()).total
    const result = await runJob(web.api, () => web.api.submitPack({
      model: { kind: 'bytes', fileName: 'iris.onnx', base64: bytesToBase64(model.toOnnx()) },
      training: { source: { kind: 'path', path: irisCsv } },
      target: 'target',
      semantic: { name: 'Iris from the journey test', description: 'Species of iris flowers from four measurements', task: 'Classification', scenarios: ['Nature'], license: 'MIT' },
      gamma: 'auto'
    }))
    expect(result.check.status).toBe('usable')
    expect(result.duplicate).toBe(false)
    expect(result.spec.featuresPerRow).toBe(4)
    expect(result.output.fileName).toBe('Iris-from-the-journey-test.zip')
    expect((await web.api.dockList()).total).toBe(before + 1)
    expect((await web.api.dockGet({ id: result.learnwareId! })).name).toBe('Iris from the journey test')
  })

  it('names a wrong semantic value before fitting anything', async () => {
    const table = await loadTableFile(irisCsv, { target: 'target', targetTask: 'classification' })
    const model = trainLogisticRegression({ features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow, labels: table.target!.codes! })
    const job = runJob(web.api, () => web.api.submitPack({
      model: { kind: 'bytes', fileName: 'iris.onnx', base64: bytesToBase64(model.toOnnx()) },
      training: { source: { kind: 'path', path: irisCsv } },
      target: 'target',
      semantic: { name: 'x', description: 'y', task: 'Classification', scenarios: ['Underwater basket weaving'], license: 'MIT' }
    }))
    await expect(job).rejects.toMatchObject({ code: 'SEMANTIC_INVALID', message: expect.stringContaining('Underwater basket weaving') })
  })
})
