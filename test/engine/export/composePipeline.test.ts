import { afterAll, describe, expect, it } from 'vitest'
import { isLearnwareError, type LearnwareErrorCode } from '../../../src/engine/errors'
import {
  compareWithReference,
  composePipelineOnnx,
  evaluatePlanInTs,
  runModelFresh,
  type PlanMember,
  type ReusePlan
} from '../../../src/engine/export'
import { decodeModel, defaultOpset, type onnx } from '../../../src/engine/export/memberModels'
import { memberInputRows } from '../../../src/engine/export/planReference'
import { OnnxModelCache } from '../../../src/engine/runtime'
import type { TrainedClassifier, TrainedRegressor } from '../../../src/engine/train'
import { maxAbsDifference } from '../train/tabularFixture'
import { legacyOpsetMember, twoOutputMember, zipMapMember } from './memberBuilders'
import { scenario, type ScenarioName } from './scenarios'

const cache = new OnnxModelCache({ maxModels: 8 })
afterAll(() => cache.dispose())

async function check(plan: ReusePlan, golden: { features: Float32Array; rows: number }) {
  const composed = composePipelineOnnx(plan)
  const reference = await evaluatePlanInTs(plan, golden.features, golden.rows, { cache })
  const run = await runModelFresh(composed.bytes, golden.features, golden.rows, composed.featureCount, 'model.onnx')
  return { composed, reference, run, report: compareWithReference(reference, run) }
}

async function expectCode(work: () => unknown, code: LearnwareErrorCode): Promise<string> {
  try {
    await work()
  } catch (error) {
    if (!isLearnwareError(error)) throw error
    expect(error.code).toBe(code)
    return error.message
  }
  throw new Error(`expected LearnwareError ${code}, nothing was thrown`)
}

const ALL: ScenarioName[] = ['single', 'mean-probs', 'vote', 'mean-values', 'head', 'head-regression', 'selector', 'selector-regression', 'categorical']

describe('composePipelineOnnx: one graph per combiner reproduces the plan evaluated in TypeScript', () => {
  it.each(ALL)('%s: one ONNX model with every member embedded, verified in a fresh session', async (name) => {
    const { plan, golden } = scenario(name)
    const { composed, report, run } = await check(plan, golden)
    expect(report.summary).toMatch(/reproduces the in-app predictions/)
    expect(report.passed).toBe(true)
    expect(report.labelMismatches).toEqual([])

    const model = decodeModel(composed.bytes, 'composed')
    const graph = model.graph as onnx.GraphProto // decoded messages carry (possibly empty) arrays
    expect(graph.input.map((i) => i.name)).toEqual(['features'])
    expect(graph.output.map((o) => o.name)).toEqual(plan.task === 'classification' ? ['label', 'probabilities'] : ['prediction'])
    plan.members.forEach((_, i) => expect(graph.node.some((n) => (n.name ?? '').startsWith(`m${i}/`))).toBe(true))
    expect(graph.node.some((n) => (n.name ?? '').startsWith('selector/'))).toBe(plan.combiner.kind === 'selector')
    expect(graph.initializer.every((t) => (t.externalData ?? []).length === 0)).toBe(true)
    expect(defaultOpset(model)).toBe(composed.opset)
    if (plan.task === 'classification') expect(run.width).toBe(plan.classNames!.length)
  })

  it('evaluatePlanInTs without a cache keeps its own sessions until the selector has run', async () => {
    const { plan, golden } = scenario('selector')
    const own = await evaluatePlanInTs(plan, golden.features, golden.rows)
    const shared = await evaluatePlanInTs(plan, golden.features, golden.rows, { cache })
    expect(Array.from(own.labels!)).toEqual(Array.from(shared.labels!))
  })

  it('the TypeScript reference agrees with the trained models themselves (single: class map and a filled column)', async () => {
    const { plan, golden, members } = scenario('single')
    const member = plan.members[0]
    expect(member.sourceColumns).toContain(-1)
    expect(member.classMap).not.toEqual([0, 1, 2])
    const reference = await evaluatePlanInTs(plan, golden.features, golden.rows, { cache })
    const input = memberInputRows(member, golden.features, golden.rows, plan.inputEncoding.features.length)
    const own = (members[0].model as TrainedClassifier).predictProbabilities(input, golden.rows)
    const mapped = new Float64Array(own.length)
    for (let r = 0; r < golden.rows; r++) member.classMap!.forEach((u, c) => (mapped[r * 3 + u] = own[r * 3 + c]))
    expect(maxAbsDifference(reference.probabilities!, mapped)).toBeLessThan(1e-5)
  })

  it('mean-values is the mean of the regressors’ own predictions', async () => {
    const { plan, golden, members } = scenario('mean-values')
    const reference = await evaluatePlanInTs(plan, golden.features, golden.rows, { cache })
    const cols = plan.inputEncoding.features.length
    const mean = new Float64Array(golden.rows)
    members.forEach(({ member, model }) => {
      const own = (model as TrainedRegressor).predict(memberInputRows(member, golden.features, golden.rows, cols), golden.rows)
      own.forEach((v, r) => (mean[r] += v / members.length))
    })
    mean.forEach((v, r) => expect(Math.abs(reference.values![r] - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))))
  })

  it('vote-labels breaks a tie towards the smallest class, in the graph and in TypeScript', async () => {
    const { plan, golden } = scenario('vote')
    const pair: ReusePlan = { ...plan, members: [plan.members[0], plan.members[2]] }
    const { reference, run, report } = await check(pair, golden)
    expect(report.passed).toBe(true)
    const single = async (member: PlanMember) => (await evaluatePlanInTs({ ...plan, members: [member], combiner: { kind: 'single' } }, golden.features, golden.rows, { cache })).labels!
    const [a, c] = [await single(pair.members[0]), await single(pair.members[1])]
    const split = [...a.keys()].filter((r) => a[r] !== c[r])
    expect(split.length).toBeGreaterThan(0)
    for (const r of split) {
      expect(reference.labels![r]).toBe(Math.min(a[r], c[r]))
      expect(run.labels![r]).toBe(Math.min(a[r], c[r]))
      expect(reference.probabilities![r * 3 + a[r]]).toBe(0.5)
    }
  })

  it('the selector really routes: both learnwares answer some golden rows', async () => {
    const { plan, golden, user } = scenario('selector')
    const ash = user.table.featureNames.indexOf('ash')
    const high = Array.from({ length: golden.rows }, (_, r) => golden.features[r * user.table.featuresPerRow + ash] >= 2.36).filter(Boolean).length
    expect(high).toBeGreaterThan(0)
    expect(high).toBeLessThan(golden.rows)
    const { reference } = await check(plan, golden)
    const only = async (m: number) => (await evaluatePlanInTs({ ...plan, members: [plan.members[m]], combiner: { kind: 'single' } }, golden.features, golden.rows, { cache })).probabilities!
    const [a, b] = [await only(0), await only(1)]
    const rowsLike = (other: Float32Array) => [...Array(golden.rows).keys()].filter((r) => maxAbsDifference(reference.probabilities!.subarray(r * 3, r * 3 + 3), other.subarray(r * 3, r * 3 + 3)) === 0).length
    expect(rowsLike(a)).toBeGreaterThan(0)
    expect(rowsLike(b)).toBeGreaterThan(0)
    expect(rowsLike(a) + rowsLike(b)).toBeGreaterThanOrEqual(golden.rows)
  })

  it('members whose category codes differ from the user’s are re-coded; unseen categories are filled', async () => {
    const { plan, golden, user } = scenario('categorical')
    const recoded = plan.members[1]
    const site = user.table.featureNames.indexOf('site')
    expect(user.table.encoding.features[site].categories).toEqual(['east', 'north', 'south'])
    expect(recoded.recode![recoded.sourceColumns.indexOf(site)]).toEqual([null, 0, 1])
    const withEast = Array.from({ length: golden.rows }, (_, r) => golden.features[r * user.table.featuresPerRow + site]).filter((v) => v === 0)
    expect(withEast.length).toBeGreaterThan(0)
    const { report, reference } = await check(plan, golden)
    expect(report.passed).toBe(true)
    // without the recoding the graph would feed the user's codes straight in, which the check catches
    const wrong = composePipelineOnnx({ ...plan, members: [plan.members[0], { ...recoded, recode: undefined }] })
    const run = await runModelFresh(wrong.bytes, golden.features, golden.rows, wrong.featureCount, 'wrong.onnx')
    expect(compareWithReference(reference, run).passed).toBe(false)
  })
})

describe('a wrong graph fails the verification with a clear message', () => {
  it('swapped columns of one member', async () => {
    const { plan, golden } = scenario('mean-probs')
    const good = await check(plan, golden)
    const swapped = [...plan.members[0].sourceColumns]
    ;[swapped[0], swapped[5]] = [swapped[5], swapped[0]]
    const wrong = composePipelineOnnx({ ...plan, members: [{ ...plan.members[0], sourceColumns: swapped }, ...plan.members.slice(1)] })
    const report = compareWithReference(good.reference, await runModelFresh(wrong.bytes, golden.features, golden.rows, wrong.featureCount, 'model.onnx'))
    expect(report.passed).toBe(false)
    expect(report.valueMismatches.length).toBeGreaterThan(0)
    expect(report.summary).toMatch(/does not reproduce the in-app predictions: .*numbers differ beyond 0\.00001 on \d+ of 40 golden rows \(worst: row \d+, column \d+/)
  })

  it('a class map turned around', async () => {
    const { plan, golden } = scenario('single')
    const good = await check(plan, golden)
    const turned = { ...plan.members[0], classMap: [...plan.members[0].classMap!].reverse() }
    const wrong = composePipelineOnnx({ ...plan, members: [turned] })
    const report = compareWithReference(good.reference, await runModelFresh(wrong.bytes, golden.features, golden.rows, wrong.featureCount, 'model.onnx'))
    expect(report.passed).toBe(false)
    expect(report.summary).toMatch(/the label differs on \d+ of 40 golden rows \(first: row \d+\)/)
  })

  it('a plan that names the logits instead of the probabilities the app reads', async () => {
    const { plan, golden, user } = scenario('mean-probs')
    const odd = twoOutputMember(user)
    const { report } = await check({ ...plan, members: [...plan.members, { ...odd, outputName: 'scores' }] }, golden)
    expect(report.passed).toBe(false)
    expect((await check({ ...plan, members: [...plan.members, odd] }, golden)).report.passed).toBe(true)
  })
})

describe('members from other tools and other operator sets', () => {
  it('a scikit-learn style member whose probabilities come out of a ZipMap', async () => {
    const { plan, golden, user } = scenario('mean-probs')
    const sk = zipMapMember(user)
    expect(sk.outputName).toBe('output_probability')
    const { report } = await check({ ...plan, members: [plan.members[0], sk] }, golden)
    expect(report.passed).toBe(true)
  })

  it('an opset-10 member (Unsqueeze/ReduceSum axes and Clip bounds as attributes) is upgraded to share the opset-15 graph', async () => {
    const { plan, golden, user } = scenario('mean-probs')
    const legacy = legacyOpsetMember(user)
    expect(defaultOpset(decodeModel(legacy.onnxModel, 'legacy'))).toBe(10)
    const { composed, report } = await check({ ...plan, members: [plan.members[0], legacy] }, golden)
    expect(composed.opset).toBe(15)
    expect(report.passed).toBe(true)
    // on its own it stays at its opset
    expect((await check({ ...plan, members: [legacy], combiner: { kind: 'single' } }, golden)).composed.opset).toBe(11)
  })
})

describe('plans that cannot be exported are refused with the member and field named', () => {
  const cases: [string, (plan: ReusePlan) => ReusePlan, RegExp][] = [
    ['a source column out of range', (p) => ({ ...p, members: [{ ...p.members[0], sourceColumns: p.members[0].sourceColumns.map((c, j) => (j === 1 ? 99 : c)) }, ...p.members.slice(1)] }), /member 1 \("[^"]+", lw-wine-a\) sourceColumns\[1\] = 99/],
    ['fill values of the wrong length', (p) => ({ ...p, members: [{ ...p.members[0], fillValues: [1] }, ...p.members.slice(1)] }), /has 1 fillValues for 13 model inputs/],
    ['a class map to a class the user does not have', (p) => ({ ...p, members: [{ ...p.members[0], classMap: [0, 1, 5] }, ...p.members.slice(1)] }), /classMap\[2\] = 5/],
    ['single with three members', (p) => ({ ...p, combiner: { kind: 'single' } }), /combiner single needs exactly one member, the plan has 3/],
    ['mean-values on a classification plan', (p) => ({ ...p, combiner: { kind: 'mean-values' } }), /combiner mean-values is for regression plans/],
    ['an output the model does not have', (p) => ({ ...p, members: [{ ...p.members[0], outputName: 'proba' }, ...p.members.slice(1)] }), /has no output "proba" \(outputs: label, probabilities\)/],
    ['a class map that does not fit the model', (p) => ({ ...p, members: [{ ...p.members[0], classMap: [0, 1] }, ...p.members.slice(1)] }), /gives 3 class probabilities but its classMap has 2 entries/]
  ]
  it.each(cases)('%s', async (_, change, message) => {
    const { plan } = scenario('mean-probs')
    expect(await expectCode(() => composePipelineOnnx(change(plan)), 'EXPORT_PLAN_INVALID')).toMatch(message)
  })

  it('a linear head whose size does not match the members', async () => {
    const { plan } = scenario('head')
    if (plan.combiner.kind !== 'linear-head') throw new Error('expected a head')
    const inputs = plan.combiner.inputs - 1
    const bad: ReusePlan = { ...plan, combiner: { ...plan.combiner, inputs, weights: plan.combiner.weights.slice(0, inputs * 3) } }
    expect(await expectCode(() => composePipelineOnnx(bad), 'EXPORT_PLAN_INVALID')).toMatch(/the linear head takes 18 inputs but the 13 columns and member outputs \(3 \+ 3\) make 19/)
  })
})
