/**
 * Every reuser on real data: learnwares trained on slices of breast_cancer.csv (classification, one of them
 * on only the ten `mean_*` columns) and of diabetes.csv (regression, one per sex), reused on the user's own
 * held-out rows — each must beat the majority class / the mean; their plans must describe exactly the
 * solution they predict with; and misuse must fail with an error the user can act on.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ProgressEvent } from '../../../src/engine/progress'
import { createReuser, REUSE_METHODS, type LabelledData, type ReuseLearnware, type ReuseMethod } from '../../../src/engine/reuse'
import { evaluatePlanInTs, validatePlan } from '../../../src/engine/export'
import { predictWithLearnware } from '../../../src/engine/predict'
import { describeModel, OnnxModelCache } from '../../../src/engine/runtime'
import { withCategory } from '../pack/packFixtures'
import { replayPlan } from './planReplay'
import {
  accuracy,
  dataOf,
  filterCsv,
  learnwareFrom,
  majorityBaseline,
  meanBaseline,
  meanSquaredError,
  readCsvFixture,
  splitCsv,
  userTask,
  withEncoding,
  type UserTask
} from './reuseFixtures'

const cache = new OnnxModelCache()
const cancer: { learnwares: ReuseLearnware[]; user: UserTask; test: LabelledData } = {} as never
const diabetes: { learnwares: ReuseLearnware[]; user: UserTask; test: LabelledData } = {} as never
const MEAN_COLUMNS = readCsvFixture('breast_cancer').header.filter((h) => h.startsWith('mean_'))

beforeAll(async () => {
  const breast = readCsvFixture('breast_cancer')
  const { train: sources, heldOut } = splitCsv(breast, 0.4, 2)
  cancer.learnwares = [
    await learnwareFrom(filterCsv(sources, (_, i) => i % 2 === 0), { name: 'Tumours, even rows' }),
    await learnwareFrom(filterCsv(sources, (_, i) => i % 2 === 1), { name: 'Tumours, mean measurements', columns: [...MEAN_COLUMNS].reverse().concat('target') })
  ]
  const { train: labelled, heldOut: testRows } = splitCsv(heldOut, 0.5, 3)
  cancer.user = userTask(labelled, 'classification', cache)
  cancer.test = dataOf(withEncoding(testRows, cancer.user.table))

  const sugar = readCsvFixture('diabetes')
  const split = splitCsv(sugar, 0.4, 4)
  diabetes.learnwares = [
    await learnwareFrom(filterCsv(split.train, (row) => row.sex === '1'), { name: 'Diabetes, sex 1', task: 'regression' }),
    await learnwareFrom(filterCsv(split.train, (row) => row.sex === '2'), { name: 'Diabetes, sex 2', task: 'regression' })
  ]
  const userSplit = splitCsv(split.heldOut, 0.5, 5)
  diabetes.user = userTask(userSplit.train, 'regression', cache)
  diabetes.test = dataOf(withEncoding(userSplit.heldOut, diabetes.user.table))
})

afterAll(() => cache.dispose())

async function fitAndPredict(method: ReuseMethod, task: typeof cancer, options = {}) {
  const reuser = createReuser(method, task.learnwares, task.user.context, options)
  await reuser.fit?.(method === 'job-selector' ? { ...task.test, labels: undefined, targets: undefined } : task.user.data)
  return { reuser, predicted: await reuser.predict(task.test) }
}

describe('each reuser on held-out rows', () => {
  test.each(REUSE_METHODS)('%s beats the majority class (breast cancer)', async (method) => {
    const { predicted } = await fitAndPredict(method, cancer)
    const baseline = majorityBaseline(cancer.user.data.labels!, cancer.test.labels!)
    expect(accuracy(predicted.labels!, cancer.test.labels!)).toBeGreaterThan(baseline + 0.2)
    expect(predicted.probabilities).toHaveLength(cancer.test.rows * 2)
  })

  test.each(REUSE_METHODS)('%s beats the mean (diabetes)', async (method) => {
    const { predicted } = await fitAndPredict(method, diabetes)
    const baseline = meanBaseline(diabetes.user.data.targets!, diabetes.test.targets!)
    expect(meanSquaredError(predicted.values!, diabetes.test.targets!)).toBeLessThan(0.8 * baseline)
  })
})

describe('plans', () => {
  test.each(REUSE_METHODS)('%s: the plan replays to its predictions, missing cells included', async (method) => {
    const withGaps = { ...cancer.test, features: cancer.test.features.map((v, i) => (i % 7 === 3 ? NaN : v)) }
    const reuser = createReuser(method, cancer.learnwares, cancer.user.context)
    await reuser.fit?.(method === 'job-selector' ? withGaps : cancer.user.data)
    const predicted = await reuser.predict(withGaps)
    const replayed = await replayPlan(reuser.toPlan(), withGaps.features, withGaps.rows)
    expect(Array.from(replayed.labels!)).toEqual(Array.from(predicted.labels!))
    expect(predicted.probabilities!.every(Number.isFinite)).toBe(true)
  })

  test.each(['averaging', 'job-selector', 'feature-augment'] as const)('%s: the regression plan replays to its values', async (method) => {
    const reuser = createReuser(method, diabetes.learnwares, diabetes.user.context)
    await reuser.fit?.(diabetes.user.data)
    const predicted = await reuser.predict(diabetes.test)
    const replayed = await replayPlan(reuser.toPlan(), diabetes.test.features, diabetes.test.rows)
    replayed.values!.forEach((v, r) => expect(v).toBeCloseTo(predicted.values![r], 2))
  })

  test.each(REUSE_METHODS)('%s: members, column maps, class maps and combiner dimensions agree with the models', async (method) => {
    const { reuser } = await fitAndPredict(method, cancer)
    const plan = reuser.toPlan()
    expect(plan.method).toBe(method)
    expect(plan.task).toBe('classification')
    expect(plan.classNames).toEqual(['0', '1'])
    expect(plan.inputEncoding).toBe(cancer.user.table.encoding)
    expect(plan.members).toHaveLength(method === 'single' ? 1 : 2)
    for (const member of plan.members) {
      const model = describeModel(member.onnxModel)
      const inputs = model.inputs[0].dims![1]
      expect(member.sourceColumns).toHaveLength(inputs as number)
      expect(member.fillValues).toHaveLength(inputs as number)
      const output = model.outputs.find((o) => o.name === member.outputName)!
      expect(member.outputKind).toBe('probabilities')
      if (method === 'feature-augment') expect(member.classMap).toBeUndefined()
      else expect(member.classMap).toEqual([0, 1].slice(0, output.dims![1] as number))
      // by name: every fed input reads the user's column of the same name
      const learnware = cancer.learnwares.find((lw) => lw.id === member.learnwareId)!
      const names = learnware.pkg.semanticSpec!.Input!.Description!
      member.sourceColumns.forEach((c, j) => expect(plan.inputEncoding.features[c].name).toBe(names[String(j)]))
    }
    if (plan.combiner.kind === 'linear-head') {
      const { inputs, outputs, weights, bias, featureFill } = plan.combiner
      expect(inputs).toBe(30 + 2 + 2)
      expect(outputs).toBe(2)
      expect(weights).toHaveLength(inputs * outputs)
      expect(bias).toHaveLength(outputs)
      expect(featureFill).toHaveLength(30)
    }
    if (plan.combiner.kind === 'selector') {
      const selector = describeModel(plan.combiner.selectorOnnx)
      expect(selector.inputs[0].dims).toEqual(['N', 30])
      expect(selector.outputs.find((o) => o.name === 'probabilities')!.dims).toEqual(['N', plan.members.length])
    }
  })

  test('the learnware trained on ten columns reads exactly those, by name, from the user\'s thirty', async () => {
    const reuser = createReuser('averaging', cancer.learnwares, cancer.user.context)
    const member = reuser.toPlan().members[1]
    const names = member.sourceColumns.map((c) => cancer.user.table.featureNames[c])
    expect(names).toEqual([...MEAN_COLUMNS].reverse())
    const info = reuser.summary().members[1]
    expect(info.alignment.by).toBe('name')
    expect(info.alignment.extra).toHaveLength(20)
  })
})

describe('the exporter\'s reading of the plans', () => {
  test.each(REUSE_METHODS)('%s: the plan validates and the exporter\'s TypeScript reference predicts the same labels', async (method) => {
    const { reuser, predicted } = await fitAndPredict(method, cancer)
    const plan = reuser.toPlan()
    expect(() => validatePlan(plan)).not.toThrow()
    const reference = await evaluatePlanInTs(plan, cancer.test.features, cancer.test.rows, { cache })
    expect(Array.from(reference.labels!)).toEqual(Array.from(predicted.labels!))
  })

  test.each(REUSE_METHODS)('%s: the regression plan validates and the exporter\'s reference gives the same values', async (method) => {
    const { reuser, predicted } = await fitAndPredict(method, diabetes)
    const plan = reuser.toPlan()
    expect(() => validatePlan(plan)).not.toThrow()
    const reference = await evaluatePlanInTs(plan, diabetes.test.features, diabetes.test.rows, { cache })
    reference.values!.forEach((v, r) => expect(Math.abs(v - predicted.values![r])).toBeLessThan(1e-3 * Math.max(1, Math.abs(v))))
  })
})

describe('columns', () => {
  test('a categorical column is re-coded to the learnware\'s categories, as the runner does, and the member says so', async () => {
    const wine = withCategory(readCsvFixture('wine'), 'strength', 'alcohol', [[12.5, 'light'], [13.5, 'medium']], 'strong')
    const learnware = await learnwareFrom(wine, { name: 'Wine with strength' })
    // the user's rows have no light wines: "medium" is code 0 for them, code 1 for the learnware
    const strongRows = filterCsv(wine, (row) => row.strength !== 'light')
    const user = userTask(strongRows, 'classification', cache)
    const reuser = createReuser('single', [learnware], user.context)
    expect(reuser.summary().members[0].notes.join(' ')).toContain('re-coded')
    const predicted = await reuser.predict(user.data)
    const runner = await predictWithLearnware(learnware.pkg, user.table, { cache })
    expect(runner.prediction.task === 'classification' && Array.from(runner.prediction.probabilities!)).toEqual(Array.from(predicted.probabilities!))
    const member = reuser.toPlan().members[0]
    const strength = member.sourceColumns.findIndex((c) => user.table.featureNames[c] === 'strength')
    expect(member.recode?.[strength]).toEqual([1, 2]) // the user's medium, strong → the learnware's codes (light = 0)
    const replayed = await replayPlan(reuser.toPlan(), user.data.features, user.data.rows)
    replayed.probabilities!.forEach((p, i) => expect(p).toBeCloseTo(predicted.probabilities![i], 5))
  })
})

describe('fitting', () => {
  test.each(['job-selector', 'ensemble-pruning', 'feature-augment'] as const)('%s reports monotone progress from start to done at 1', async (method) => {
    const events: ProgressEvent[] = []
    const reuser = createReuser(method, [...cancer.learnwares, cancer.learnwares[0]], cancer.user.context, { herdingSamples: 200 })
    await reuser.fit!(cancer.user.data, { onProgress: (e) => events.push(e) })
    expect(events[0].status).toBe('start')
    expect(events.at(-1)!.status).toBe('done')
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions.length).toBeGreaterThan(2)
    fractions.forEach((f, i) => expect(f).toBeGreaterThanOrEqual(fractions[i - 1] ?? 0))
    expect(fractions.at(-1)).toBe(1)
  })

  test.each(['job-selector', 'ensemble-pruning', 'feature-augment'] as const)('%s stops with CANCELLED when the signal fires mid-fit', async (method) => {
    const controller = new AbortController()
    const reuser = createReuser(method, cancer.learnwares, cancer.user.context, { herdingSamples: 200 })
    const fit = reuser.fit!(cancer.user.data, {
      signal: controller.signal,
      onProgress: (e) => { if (e.status === 'progress') controller.abort() }
    })
    await expect(fit).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  test('EnsemblePruning and FeatureAugment refuse to predict or export before they are fitted', async () => {
    for (const method of ['ensemble-pruning', 'feature-augment'] as const) {
      const reuser = createReuser(method, cancer.learnwares, cancer.user.context)
      await expect(reuser.predict(cancer.test)).rejects.toMatchObject({ code: 'REUSE_NOT_FITTED' })
      expect(() => reuser.toPlan()).toThrow(expect.objectContaining({ code: 'REUSE_NOT_FITTED' }))
    }
  })

  test('JobSelector fits on the rows it predicts when it was never fitted (as the reference), and only then exports', async () => {
    const reuser = createReuser('job-selector', cancer.learnwares, cancer.user.context, { herdingSamples: 200 })
    expect(() => reuser.toPlan()).toThrow(expect.objectContaining({ code: 'REUSE_NOT_FITTED' }))
    const predicted = await reuser.predict(cancer.test)
    expect(predicted.labels).toHaveLength(cancer.test.rows)
    expect(reuser.toPlan().combiner.kind).toBe('selector')
  })

  test('fitting a reuser that learns from labels without labels says what is missing', async () => {
    const reuser = createReuser('feature-augment', cancer.learnwares, cancer.user.context)
    await expect(reuser.fit!({ ...cancer.user.data, labels: undefined })).rejects.toMatchObject({ code: 'REUSE_NEEDS_LABELS', message: expect.stringContaining('FeatureAugment') })
  })

  test('a regression learnware cannot vote on classes, but FeatureAugment uses its values as a feature', async () => {
    const breast = readCsvFixture('breast_cancer')
    const scorer = await learnwareFrom(filterCsv(breast, (_, i) => i < 200), { name: 'Tumour score', task: 'regression' })
    expect(() => createReuser('averaging', [cancer.learnwares[0], scorer], cancer.user.context)).toThrow(
      expect.objectContaining({ code: 'REUSE_TASK_MISMATCH', message: expect.stringContaining('regression') })
    )
    const reuser = createReuser('feature-augment', [scorer], cancer.user.context)
    await reuser.fit!(cancer.user.data)
    const baseline = majorityBaseline(cancer.user.data.labels!, cancer.test.labels!)
    expect(accuracy((await reuser.predict(cancer.test)).labels!, cancer.test.labels!)).toBeGreaterThan(baseline + 0.2)
    const plan = reuser.toPlan()
    expect(plan.members[0].outputKind).toBe('values')
    expect(plan.combiner.kind === 'linear-head' && plan.combiner.inputs).toBe(30 + 1)
  })

  test('no learnwares is a usage error', () => {
    expect(() => createReuser('averaging', [], cancer.user.context)).toThrow(expect.objectContaining({ code: 'USAGE' }))
  })
})
