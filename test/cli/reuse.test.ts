/**
 * `reuse preview`, `export` and `run-bundle` on the starter dock's learnwares and user tasks (held-out rows of
 * the data the learnwares were trained on), through the real `learnware-dock` command. The starter dock is
 * seeded once under the real checker into a template; every test gets its own copy as its `--dock`.
 */

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dockCheck } from '../../src/engine/check'
import { openDock, seedStarterDock } from '../../src/engine/dock'
import { pythonPackage } from '../engine/dock/dockFixtures'
import { runCli } from '../helpers/cli'
import { repoRoot } from '../helpers/fixtures'
import { expectOneLineError, jsonOf } from './cliWorkspace'
import { ensureFreshCli } from './freshCli'

const starter = join(repoRoot, 'resources', 'starter-dock')
const task = (file: string) => join(starter, 'user-tasks', file)
/** 52 held-out rows: small cell nuclei (area < 400) and large ones (≥ 800) together. */
const BREAST_MIX = task('mix-breast-cancer-area-under-400--breast-cancer-area-800-plus.csv')
const DIABETES = task('diabetes-age-40-54.csv')
const IRIS = task('iris-all-species.csv')
const WINE = task('wine-cultivar1-vs-cultivar2.csv')

let root: string
let template: string
/** Starter slug → dock id. */
const idOf = new Map<string, string>()

beforeAll(async () => {
  ensureFreshCli()
  root = mkdtempSync(join(tmpdir(), 'lw-cli-reuse-'))
  template = join(root, 'starter-template')
  const dock = await openDock(template, { check: dockCheck() })
  try {
    for (const added of (await seedStarterDock(dock, starter)).added) idOf.set(added.slug, added.id)
  } finally {
    dock.close()
  }
}, 180_000)

afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A dock of the test's own: a copy of the seeded starter dock. */
function starterDock(): string {
  const dir = mkdtempSync(join(root, 'dock-'))
  cpSync(template, dir, { recursive: true })
  return dir
}

const ids = (...slugs: string[]) => slugs.map((slug) => idOf.get(slug)!).join(',')
const SMALL = 'breast-cancer-area-under-400'
const LARGE = 'breast-cancer-area-800-plus'
const MIDDLE = 'breast-cancer-area-400-500'

interface Candidate {
  id: string
  kind: string
  status: 'ok' | 'failed'
  metrics: Record<string, { mean: number; std: number; values: number[] }>
  error?: { code: string; message: string }
}

const candidate = (result: { candidates: Candidate[] }, id: string) => result.candidates.find((c) => c.id === id)!

describe('learnware-dock reuse preview', () => {
  it('scores every reuse method against training from scratch on a starter task, with sane numbers', () => {
    const dock = starterDock()
    const args = ['reuse', 'preview', '--data', BREAST_MIX, '--target', 'target', '--ids', ids(SMALL, LARGE, MIDDLE), '--labelled', '20', '--repeats', '3', '--dock', dock]
    const result = jsonOf(runCli([...args, '--json']))
    expect(result).toMatchObject({ source: 'mix-breast-cancer-area-under-400--breast-cancer-area-800-plus.csv', target: 'target', task: 'classification', classNames: ['benign', 'malignant'], usableRows: 52, labelledRows: 20, heldOutRows: 32, repeats: 3, seed: 0, search: null, skipped: [], curve: null })
    expect(result.metricNames).toEqual(['accuracy', 'macroF1', 'kappa'])
    expect(result.candidates.map((c: Candidate) => c.id)).toEqual([
      ...[SMALL, LARGE, MIDDLE].map((slug) => `single:${idOf.get(slug)}`),
      'averaging', 'job-selector', 'ensemble-pruning', 'feature-augment', 'scratch', 'majority'
    ])
    for (const c of result.candidates as Candidate[]) {
      expect(c.status, `${c.id}: ${c.error?.message}`).toBe('ok')
      for (const name of result.metricNames) {
        expect(c.metrics[name].values).toHaveLength(3)
        expect(c.metrics[name].mean).toBeGreaterThanOrEqual(name === 'kappa' ? -1 : 0)
        expect(c.metrics[name].mean).toBeLessThanOrEqual(1)
        expect(c.metrics[name].std).toBeGreaterThanOrEqual(0)
      }
    }
    const accuracy = (id: string) => candidate(result, id).metrics.accuracy.mean
    // the two learnwares trained on these rows' subsets, combined, are right almost always; the floor is the larger class
    expect(accuracy('job-selector')).toBeGreaterThan(0.9)
    expect(accuracy('averaging')).toBeGreaterThan(0.9)
    expect(accuracy('scratch')).toBeGreaterThan(accuracy('majority'))
    expect(accuracy('majority')).toBeCloseTo(29 / 52, 1)

    const text = runCli(args)
    expect(text.code, text.stderr).toBe(0)
    const lines = text.stdout.split('\n')
    expect(lines[0]).toBe('Reuse preview on mix-breast-cancer-area-under-400--breast-cancer-area-800-plus.csv: target "target" (classification: benign, malignant), 52 rows with a target')
    expect(lines[1]).toMatch(/^20 labelled rows, 32 held out, 3 repeats \(seed 0\)/)
    expect(lines).toContainEqual(expect.stringMatching(/^METHOD\s+LEARNWARES\s+ACCURACY\s+MACRO-F1\s+KAPPA\s+TIME$/))
    for (const method of ['Single: Breast cancer', 'Averaging', 'JobSelector', 'EnsemblePruning', 'FeatureAugment', 'Trained from scratch', 'Majority class']) {
      expect(lines, method).toContainEqual(expect.stringMatching(new RegExp(`^${method}.*\\s(0|1)\\.\\d{3} ± 0\\.\\d{3}\\s+(0|1)\\.\\d{3} ± 0\\.\\d{3}\\s+-?(0|1)\\.\\d{3} ± 0\\.\\d{3}\\s+\\d+(\\.\\d)? m?s$`)))
    }
  })

  it('scores a regression task by RMSE, MAE and R², the matching learnware ahead of the mean', () => {
    const dock = starterDock()
    const result = jsonOf(runCli(['reuse', 'preview', '--data', DIABETES, '--target', 'target', '--ids', ids('diabetes-age-40-54', 'diabetes-age-under-40'), '--methods', 'single,averaging', '--repeats', '3', '--dock', dock, '--json']))
    expect(result).toMatchObject({ task: 'regression', classNames: null, metricNames: ['rmse', 'mae', 'r2'], usableRows: 39, labelledRows: 29, heldOutRows: 10 })
    expect(result.candidates.map((c: Candidate) => c.id)).toEqual([`single:${idOf.get('diabetes-age-40-54')}`, `single:${idOf.get('diabetes-age-under-40')}`, 'averaging', 'scratch', 'mean'])
    const matching = candidate(result, `single:${idOf.get('diabetes-age-40-54')}`)
    const mean = candidate(result, 'mean')
    expect(matching.metrics.rmse.mean).toBeGreaterThan(0)
    expect(matching.metrics.mae.mean).toBeLessThanOrEqual(matching.metrics.rmse.mean)
    expect(matching.metrics.rmse.mean).toBeLessThan(mean.metrics.rmse.mean)
    expect(matching.metrics.r2.mean).toBeGreaterThan(mean.metrics.r2.mean)
  })

  it('lists a method that cannot work with these learnwares as failed, with its reason, and scores the rest', () => {
    const dock = starterDock()
    const args = ['reuse', 'preview', '--data', WINE, '--target', 'target', '--ids', ids('wine-cultivar1-vs-cultivar2', 'diabetes-age-under-40'), '--methods', 'single,averaging', '--repeats', '1', '--dock', dock]
    const result = jsonOf(runCli([...args, '--json']))
    const diabetes = candidate(result, `single:${idOf.get('diabetes-age-under-40')}`)
    expect(diabetes.status).toBe('failed')
    expect(diabetes.error).toMatchObject({ code: 'SPEC_DIMENSION_MISMATCH', message: expect.stringMatching(/takes 10, and none of its inputs \(age, sex, .*\) is among your columns/) })
    expect(candidate(result, 'averaging').status).toBe('failed')
    expect(candidate(result, `single:${idOf.get('wine-cultivar1-vs-cultivar2')}`).metrics.accuracy.mean).toBeGreaterThan(0.9)
    expect(candidate(result, 'scratch').status).toBe('ok')

    const text = runCli(args)
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/\nSingle: Diabetes progression .*\s+lwd-\d+\s+failed\s+failed\s+failed\n/)
    expect(text.stdout).toMatch(/\nFailed:\n {2}Single: Diabetes progression — age < 40 \(ridge regression\): Your data has 13 feature columns .*\n {2}Averaging: Your data has 13 feature columns/)
  })

  it('--from-search reuses the search’s top single matches and its mixture, as `search --data` ranks them', () => {
    const dock = starterDock()
    const search = jsonOf(runCli(['search', '--data', BREAST_MIX, '--target', 'target', '--dock', dock, '--json']))
    const result = jsonOf(runCli(['reuse', 'preview', '--data', BREAST_MIX, '--target', 'target', '--from-search', '--methods', 'single,averaging', '--repeats', '2', '--dock', dock, '--json']))
    const top = search.single.slice(0, 3).map((hit: { id: string }) => hit.id)
    expect(result.search).toEqual({ single: top, mixture: search.mixture.ids })
    expect(result.learnwares.map((l: { id: string }) => l.id)).toEqual([...new Set([...top, ...search.mixture.ids])])
    expect(result.learnwares.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining([idOf.get(SMALL), idOf.get(LARGE)]))
    // without --labelled: 100, or as many as leave rows to score on
    expect(result.labelledRows).toBe(42)
    const text = runCli(['reuse', 'preview', '--data', BREAST_MIX, '--target', 'target', '--from-search', '--limit', '1', '--methods', 'single', '--repeats', '1', '--dock', dock]).stdout
    expect(text).toMatch(new RegExp(`\\nFrom the search: ${top[0]}; recommended mixture ${search.mixture.ids.join(', ')}\\n`))
  })

  it('--curve adds the learning curve: sizes × methods, the preview’s budget among them, and where scratch catches up', () => {
    const dock = starterDock()
    const args = ['reuse', 'preview', '--data', BREAST_MIX, '--target', 'target', '--ids', ids(SMALL, LARGE), '--methods', 'averaging', '--labelled', '20', '--repeats', '2', '--curve', '--dock', dock]
    const { curve } = jsonOf(runCli([...args, '--json']))
    expect(curve).toMatchObject({ sizes: [10, 20, 30], skippedSizes: [100, 300, 1000], heldOutRows: 22, repeats: 2, metricNames: ['accuracy', 'macroF1', 'kappa'] })
    expect(curve.series.map((s: { id: string }) => s.id)).toEqual(['averaging', 'scratch', 'majority'])
    for (const series of curve.series) {
      expect(series.errors).toEqual([null, null, null])
      for (const value of series.mean.accuracy) expect(value).toBeGreaterThanOrEqual(0)
      for (const value of series.mean.accuracy) expect(value).toBeLessThanOrEqual(1)
    }
    // averaging never sees labels: a flat line
    const averaging = curve.series[0].mean.accuracy
    expect(new Set(averaging).size).toBe(1)
    expect(curve.scratchCatchesUpAt === null || curve.sizes.includes(curve.scratchCatchesUpAt)).toBe(true)

    const text = runCli(args).stdout
    expect(text).toMatch(/\nLearning curve: accuracy by labelled rows \(mean of 2 repeats, 22 held-out rows each\)\n/)
    expect(text).toMatch(/\nLABELLED ROWS\s+10\s+20\s+30\nAveraging\s+[01]\.\d{3}\s+[01]\.\d{3}\s+[01]\.\d{3}\nTrained from scratch\s+/)
    expect(text).toMatch(/\n(Training from scratch catches up with reuse at \d+ labelled rows\.|Reuse stays ahead of training from scratch up to 30 labelled rows \(the most tried\)\.)\n/)
    expect(text).toMatch(/\nNot tried \(too few rows to hold out\): 100, 300, 1000 labelled rows\.\n$/)
  })
})

describe('learnware-dock export and run-bundle', () => {
  interface ExportScenario {
    method: 'job-selector' | 'ensemble-pruning' | 'feature-augment' | 'averaging'
    data: string
    slugs: string[]
    labelled: number
    fittedOn: { rows: number; labelled: boolean }
  }
  const scenarios: ExportScenario[] = [
    { method: 'job-selector', data: BREAST_MIX, slugs: [SMALL, LARGE, MIDDLE], labelled: 20, fittedOn: { rows: 52, labelled: false } },
    { method: 'ensemble-pruning', data: BREAST_MIX, slugs: [SMALL, LARGE, MIDDLE], labelled: 20, fittedOn: { rows: 20, labelled: true } },
    { method: 'feature-augment', data: IRIS, slugs: ['iris-setosa-vs-versicolor', 'iris-versicolor-vs-virginica'], labelled: 15, fittedOn: { rows: 15, labelled: true } },
    { method: 'averaging', data: DIABETES, slugs: ['diabetes-age-40-54', 'diabetes-age-55-plus'], labelled: 20, fittedOn: { rows: 0, labelled: false } }
  ]

  for (const scenario of scenarios) {
    const { method, data } = scenario
    const name = basename(data)
    it(`${method} on ${name}: the bundle is verified, and run-bundle reproduces its golden predictions`, () => {
      const dock = starterDock()
      const out = join(root, `${method}.zip`)
      const result = jsonOf(runCli(['export', '--data', data, '--target', 'target', '--method', method, '--ids', ids(...scenario.slugs), '--labelled', String(scenario.labelled), '--repeats', '2', '--out', out, '--dock', dock, '--json']))
      const task = data === DIABETES ? 'regression' : 'classification'
      expect(result).toMatchObject({ out, method, task, skipped: [], metricsNote: null, fittedOn: scenario.fittedOn })
      expect(result.learnwares.map((l: { id: string }) => l.id)).toEqual(scenario.slugs.map((slug) => idOf.get(slug)))
      expect(result.verification).toMatchObject({ passed: true, labelMismatches: [], valueMismatches: [] })
      expect(Object.keys(result.metrics.values)).toEqual(task === 'regression' ? ['rmse', 'mae', 'r2'] : ['accuracy', 'macroF1', 'kappa'])
      if (task === 'classification') expect(result.metrics.values.accuracy).toBeGreaterThan(0.8)
      else expect(result.metrics.values.r2).toBeGreaterThan(0)
      expect(result.metrics.evaluatedOn).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}: mean over 2 seeded splits of ${scenario.labelled} labelled and \\d+ held-out rows$`))
      expect(readFileSync(out).byteLength).toBe(result.bytes)

      const files = unzipSync(new Uint8Array(readFileSync(out)))
      const golden = JSON.parse(strFromU8(files['golden.json']))
      const example = join(root, `${method}-example.csv`)
      writeFileSync(example, files['example.csv'])
      const run = jsonOf(runCli(['run-bundle', out, example, '--json']))
      expect(run).toMatchObject({ bundle: `${method}.zip`, source: `${method}-example.csv`, rows: golden.rows, task, out: null })
      const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(golden.tolerance * Math.max(1, Math.abs(expected)))
      if (task === 'classification') {
        expect(run.predictions).toEqual(golden.expected.labelNames)
        run.probabilities.forEach((row: number[], r: number) => row.forEach((p, c) => close(p, golden.expected.probabilities[r][c])))
      } else {
        expect(run.predictions).toHaveLength(golden.rows)
        run.predictions.forEach((value: number, r: number) => close(value, golden.expected.prediction[r][0]))
      }
    })
  }

  it('prints the verification and the path; run-bundle writes a predictions CSV for the user’s own file', () => {
    const dock = starterDock()
    const out = join(root, 'breast-averaging.zip')
    const text = runCli(['export', '--data', BREAST_MIX, '--target', 'target', '--method', 'averaging', '--ids', ids(SMALL, LARGE), '--repeats', '1', '--out', out, '--dock', dock])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^Exported averaging \(classification\) of 2 learnwares; no fitting needed\.\n/)
    expect(text.stdout).toMatch(/\nPreview: accuracy [\d.]+, macroF1 [\d.]+, kappa [\d.]+ \(mix-breast-cancer.*\.csv: mean over 1 seeded split of 42 labelled and 10 held-out rows\)\n/)
    expect(text.stdout).toMatch(/\nVerification passed: The exported model reproduces the in-app predictions on all 50 golden rows/)
    expect(text.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([\\d.]+ KB, sha256 [0-9a-f]{12}…\\)$`))

    const predictions = join(root, 'predictions.csv')
    const run = runCli(['run-bundle', out, BREAST_MIX, '--out', predictions])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^breast-averaging\.zip on mix-breast-cancer.*\.csv: 52 predictions\nWrote .*predictions\.csv: (benign|malignant) ×\d+, (benign|malignant) ×\d+$/m)
    const [header, ...rows] = readFileSync(predictions, 'utf8').trim().split('\n')
    expect(header).toBe('prediction,p(benign),p(malignant)')
    expect(rows).toHaveLength(52)
    // the user's own labels: the two learnwares averaged get (nearly) all of them right
    const labels = readFileSync(BREAST_MIX, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').at(-1))
    const right = rows.filter((row, r) => row.split(',')[0] === labels[r]).length
    expect(right / 52).toBeGreaterThan(0.9)
  })
})

describe('bad input', () => {
  let dock: string
  let python: string

  beforeAll(async () => {
    dock = starterDock()
    const zip = join(root, 'python.zip')
    writeFileSync(zip, await pythonPackage({ dataset: 'iris', originId: '00000042', name: 'Python iris' }))
    python = jsonOf(runCli(['dock', 'add', zip, '--dock', dock, '--json'])).id
  })

  const preview = (...args: string[]) => runCli(['reuse', 'preview', '--data', BREAST_MIX, '--target', 'target', '--dock', dock, ...args])

  it('an unknown id or a learnware that cannot run here: one line, exit code 1', () => {
    expectOneLineError(preview('--ids', `${idOf.get(SMALL)},lwd-00000404`), 1, /No learnware with id "lwd-00000404"/)
    expectOneLineError(preview('--ids', python), 1, new RegExp(`${python} \\("Python iris"\\) cannot be run here: .*Python`))
    expectOneLineError(runCli(['export', '--data', BREAST_MIX, '--target', 'target', '--method', 'single', '--ids', python, '--out', join(root, 'never.zip'), '--dock', dock]), 1, /cannot be run here/)
    expect(existsSync(join(root, 'never.zip'))).toBe(false)
  })

  it('an export whose learnwares do not fit the data: one line, exit code 1, no bundle', () => {
    const out = join(root, 'mismatch.zip')
    expectOneLineError(runCli(['export', '--data', WINE, '--target', 'target', '--method', 'averaging', '--ids', ids('wine-cultivar1-vs-cultivar2', 'diabetes-age-under-40'), '--out', out, '--dock', dock]), 1, /learnware "Diabetes progression — age < 40 \(ridge regression\)" takes 10, and none of its inputs/)
    expect(existsSync(out)).toBe(false)
  })

  it('a learnware the search finds but cannot run is left out of --from-search, with the reason', () => {
    const result = jsonOf(runCli(['reuse', 'preview', '--data', IRIS, '--target', 'target', '--from-search', '--limit', '10', '--methods', 'single', '--repeats', '1', '--dock', dock, '--json']))
    expect(result.learnwares.map((l: { id: string }) => l.id)).not.toContain(python)
    expect(result.skipped).toEqual([{ id: python, name: 'Python iris', reason: expect.stringMatching(/cannot be run here/) }])
  })

  it('an unknown method, too many labelled rows, or a missing option: one line, exit code 2', () => {
    const one = idOf.get(SMALL)!
    expectOneLineError(preview('--ids', one, '--methods', 'single,best'), 2, /--methods must be one of single, averaging, job-selector, ensemble-pruning, feature-augment \(got "best"\)/)
    expectOneLineError(runCli(['export', '--data', BREAST_MIX, '--target', 'target', '--method', 'stacking', '--ids', one, '--out', join(root, 'x.zip'), '--dock', dock]), 2, /--method must be one of single, averaging, job-selector, ensemble-pruning, feature-augment \(got "stacking"\)/)
    expectOneLineError(preview('--ids', one, '--labelled', '500'), 2, /--labelled 500 is more than mix-breast-cancer.*\.csv affords: 52 rows have a target and 10 must be held out to score on \(Use --labelled 42 or less\.\)/)
    expectOneLineError(preview('--ids', one, '--labelled', '0'), 2, /--labelled must be a whole number ≥ 1/)
    expectOneLineError(preview('--ids', one, '--from-search'), 2, /--ids or --from-search, not both/)
    expectOneLineError(preview(), 2, /reuse preview needs --ids \(learnware ids\) or --from-search/)
    expectOneLineError(runCli(['reuse', 'preview', '--data', BREAST_MIX, '--ids', one, '--dock', dock]), 2, /reuse preview needs --target/)
    expectOneLineError(runCli(['export', '--data', BREAST_MIX, '--target', 'target', '--method', 'averaging', '--ids', one, '--dock', dock]), 2, /export needs --out/)
    expectOneLineError(runCli(['run-bundle', BREAST_MIX]), 2, /run-bundle takes 2 arguments/)
  })

  it('a missing bundle, or a file that is no bundle: one line, exit code 1', () => {
    expectOneLineError(runCli(['run-bundle', join(root, 'nothing.zip'), BREAST_MIX]), 1, /nothing\.zip: no such file/)
    expectOneLineError(runCli(['run-bundle', BREAST_MIX, BREAST_MIX]), 1, /is not a readable zip archive/)
  })
})
