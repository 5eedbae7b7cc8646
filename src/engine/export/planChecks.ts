/**
 * Checks a `ReusePlan` before anything is built from it, so a plan a reuser got wrong fails with a message
 * naming the member and the field — not with an onnxruntime shape error deep inside the merged graph, or,
 * worse, a graph that runs and answers wrongly (ONNX Gather reads index −1 as the *last* column).
 *
 * Example:
 *   validatePlan(plan)   // throws LearnwareError('EXPORT_PLAN_INVALID', 'member 2 ("Wine B"): classMap[3] = 7, …')
 */

import { LearnwareError } from '../errors'
import type { PlanMember, ReusePlan } from './plan'

export function validatePlan(plan: ReusePlan): void {
  const featureCount = plan.inputEncoding?.features?.length ?? 0
  if (featureCount === 0) fail('plan', 'inputEncoding has no feature columns')
  if (plan.members.length === 0) fail('plan', 'has no members')
  if (plan.task === 'classification') {
    if (!plan.classNames || plan.classNames.length < 2) fail('plan', 'a classification plan needs classNames (at least two)')
  } else if (plan.task !== 'regression') {
    fail('plan', `task "${String(plan.task)}" is neither classification nor regression`)
  }
  const classCount = plan.classNames?.length ?? 0
  const ids = new Set<string>()
  plan.members.forEach((member, i) => {
    const who = memberLabel(plan, i)
    if (ids.has(member.learnwareId)) fail(who, 'appears twice in the plan')
    ids.add(member.learnwareId)
    checkMember(member, who, featureCount, plan.task, classCount, plan.combiner.kind === 'linear-head')
  })
  checkCombiner(plan, featureCount, classCount)
}

/** `member 1 ("Iris A", 00000042)` — how messages name a member. */
export function memberLabel(plan: ReusePlan, index: number): string {
  const member = plan.members[index]
  return `member ${index + 1} ("${member.name}", ${member.learnwareId})`
}

function checkMember(member: PlanMember, who: string, featureCount: number, task: ReusePlan['task'], classCount: number, rawOutputsAllowed: boolean): void {
  if (!(member.onnxModel instanceof Uint8Array) || member.onnxModel.byteLength === 0) fail(who, 'has no ONNX model bytes')
  const inputs = member.sourceColumns.length
  if (inputs === 0) fail(who, 'sourceColumns is empty')
  member.sourceColumns.forEach((column, j) => {
    if (!Number.isInteger(column) || column < -1 || column >= featureCount) {
      fail(who, `sourceColumns[${j}] = ${column}; it must be −1 or a user column index below ${featureCount}`)
    }
  })
  if (member.fillValues.length !== inputs) fail(who, `has ${member.fillValues.length} fillValues for ${inputs} model inputs`)
  member.fillValues.forEach((value, j) => {
    if (!Number.isFinite(value)) fail(who, `fillValues[${j}] is ${value}; fill values must be finite`)
  })
  if (member.recode) {
    if (member.recode.length !== inputs) fail(who, `has ${member.recode.length} recode tables for ${inputs} model inputs`)
    member.recode.forEach((table, j) => {
      if (table !== null && !(Array.isArray(table) && table.every((v) => v === null || Number.isFinite(v)))) {
        fail(who, `recode[${j}] must be null or a list of finite numbers and nulls`)
      }
    })
  }
  if (member.standardization) {
    const { mean, scale } = member.standardization
    if (mean.length !== inputs || scale.length !== inputs) fail(who, `standardization needs ${inputs} means and scales`)
    if (scale.some((s) => !Number.isFinite(s) || s === 0) || mean.some((m) => !Number.isFinite(m))) {
      fail(who, 'standardization has a zero or non-finite scale, or a non-finite mean')
    }
  }
  if (member.outputKind !== 'probabilities' && member.outputKind !== 'values') fail(who, `outputKind "${String(member.outputKind)}" is unknown`)
  if (task === 'regression' && member.outputKind !== 'values' && !rawOutputsAllowed) fail(who, 'gives probabilities in a regression plan')
  if (task === 'classification' && member.outputKind === 'values' && !rawOutputsAllowed) {
    fail(who, 'gives values in a classification plan; only the linear-head combiner can use them')
  }
  if (member.classMap) {
    if (member.outputKind !== 'probabilities' || task !== 'classification') fail(who, 'has a classMap but does not give class probabilities')
    member.classMap.forEach((target, c) => {
      if (!Number.isInteger(target) || target < -1 || target >= classCount) {
        fail(who, `classMap[${c}] = ${target}; it must be −1 or a user class index below ${classCount}`)
      }
    })
    if (member.classMap.every((target) => target < 0)) fail(who, 'classMap maps none of its classes to the user\'s')
  }
}

function checkCombiner(plan: ReusePlan, featureCount: number, classCount: number): void {
  const { combiner, task } = plan
  const members = plan.members.length
  switch (combiner.kind) {
    case 'single':
      if (members !== 1) fail('combiner single', `needs exactly one member, the plan has ${members}`)
      return
    case 'mean-probabilities':
    case 'vote-labels':
      if (task !== 'classification') fail(`combiner ${combiner.kind}`, 'is for classification plans')
      return
    case 'mean-values':
      if (task !== 'regression') fail('combiner mean-values', 'is for regression plans')
      return
    case 'linear-head': {
      const { weights, bias, inputs, outputs, featureFill } = combiner
      const expectedOutputs = task === 'classification' ? classCount : outputs
      if (!Number.isInteger(outputs) || outputs < 1 || outputs !== expectedOutputs) {
        fail('combiner linear-head', `has ${outputs} outputs; the plan has ${classCount} classes`)
      }
      if (weights.length !== inputs * outputs) fail('combiner linear-head', `has ${weights.length} weights for ${inputs} × ${outputs}`)
      if (bias.length !== outputs) fail('combiner linear-head', `has ${bias.length} biases for ${outputs} outputs`)
      for (const [name, values] of [['inputCenter', combiner.inputCenter], ['inputScale', combiner.inputScale]] as const) {
        if (values && values.length !== inputs) fail('combiner linear-head', `has ${values.length} ${name} values for ${inputs} inputs`)
      }
      if (featureFill.length !== featureCount) fail('combiner linear-head', `has ${featureFill.length} featureFill values for ${featureCount} user columns`)
      if (inputs <= featureCount) fail('combiner linear-head', `takes ${inputs} inputs: the ${featureCount} user columns and at least one member output are needed`)
      if (![...weights, ...bias, ...featureFill].every(Number.isFinite)) fail('combiner linear-head', 'has a non-finite weight, bias or fill value')
      return
    }
    case 'selector':
      if (!(combiner.selectorOnnx instanceof Uint8Array) || combiner.selectorOnnx.byteLength === 0) fail('combiner selector', 'has no selector model bytes')
      if (combiner.featureFill && combiner.featureFill.length !== featureCount) {
        fail('combiner selector', `has ${combiner.featureFill.length} featureFill values for ${featureCount} user columns`)
      }
      return
    default:
      fail('combiner', `kind "${(combiner as { kind: string }).kind}" is unknown`)
  }
}

function fail(who: string, rule: string): never {
  throw new LearnwareError('EXPORT_PLAN_INVALID', `The reuse plan is not exportable: ${who} ${rule}`, {
    hint: 'The plan comes from the reuser (reuser.toPlan()); this is a bug there, or the plan was edited by hand.'
  })
}
