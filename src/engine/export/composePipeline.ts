/**
 * A whole reuse solution as ONE ONNX model: input `features: float[N, F]` (the user's encoded row, NaN for
 * missing; categorical encoding happens before the graph and is described in the bundle manifest), every
 * member's column selection, imputation and model embedded side by side, and the combiner — so the
 * solution runs anywhere onnxruntime runs, with no Learnware Dock and no Python.
 *
 * Operator sets: the graph imports the highest default-domain version any member (or the selector) uses,
 * at least 11; members written for an older one are upgraded where an operator's signature changed
 * (opsetUpgrade.ts). The IR version is the newest any part uses, at least the builder's.
 *
 * Example:
 *   const composed = composePipelineOnnx(plan)
 *   composed.bytes        // Uint8Array, one self-contained model.onnx
 *   composed.outputs      // [{ name: 'label', … }, { name: 'probabilities', dtype: 'float32', shape: [null, 3] }]
 */

import { LearnwareError } from '../errors'
import { ONNX_IR_VERSION, OnnxGraphBuilder } from '../runtime'
import { inspectModel, onnx, type InspectedModel } from './memberModels'
import { upgradeOpset } from './opsetUpgrade'
import type { ReusePlan } from './plan'
import { memberLabel, validatePlan } from './planChecks'
import { addCombiner, LABEL_OUTPUT, PREDICTION_OUTPUT, PROBABILITIES_OUTPUT } from './pipelineCombiners'
import { addMemberStage } from './pipelineMembers'

export const PIPELINE_INPUT = 'features'
const MIN_OPSET = 11

export interface PipelineTensor {
  name: string
  dtype: 'float32' | 'int64'
  /** null = the batch dimension (or a width no part declares). */
  shape: (number | null)[]
}

export interface ComposedPipeline {
  bytes: Uint8Array
  opset: number
  irVersion: number
  input: PipelineTensor
  outputs: PipelineTensor[]
  featureCount: number
}

export function composePipelineOnnx(plan: ReusePlan): ComposedPipeline {
  validatePlan(plan)
  const members = plan.members.map((m, i) => inspectModel(m.onnxModel, m.outputName, memberLabel(plan, i)))
  const selector = plan.combiner.kind === 'selector' ? inspectModel(plan.combiner.selectorOnnx, plan.combiner.selectorOutputName, 'the selector model') : undefined
  const featureCount = plan.inputEncoding.features.length
  checkWidths(plan, members, selector, featureCount)
  const parts = selector ? [...members, selector] : members
  const opset = Math.max(MIN_OPSET, ...parts.map((p) => p.opset))
  const upgrade = (p: InspectedModel) => ({ ...p, proto: upgradeOpset(p.proto, opset, p.source) })

  const g = new OnnxGraphBuilder({ name: `learnware_dock_${plan.method.replace(/-/g, '_')}`, opset })
  const features = g.addInput(PIPELINE_INPUT, 'float', ['N', featureCount])
  const classCount = plan.classNames?.length ?? 0
  const memberOutputs = members.map((model, index) => addMemberStage(g, features, { member: plan.members[index], index, model: upgrade(model), classCount }))
  const width = outputWidth(plan, members)
  addCombiner(g, { plan, features, memberOutputs, opset, selector: selector && upgrade(selector), width })

  const proto = g.toModelProto({ producerName: 'learnware-dock', docString: `Learnware Dock reuse pipeline (${plan.method}, ${plan.combiner.kind})`, metadata: pipelineMetadata(plan) })
  const irVersion = Math.max(ONNX_IR_VERSION, ...parts.map((p) => p.irVersion))
  const bytes = onnx.ModelProto.encode(onnx.ModelProto.create({ ...proto, irVersion })).finish()
  return {
    bytes,
    opset,
    irVersion,
    input: { name: PIPELINE_INPUT, dtype: 'float32', shape: [null, featureCount] },
    outputs:
      plan.task === 'classification'
        ? [
            { name: LABEL_OUTPUT, dtype: 'int64', shape: [null] },
            { name: PROBABILITIES_OUTPUT, dtype: 'float32', shape: [null, classCount] }
          ]
        : [{ name: PREDICTION_OUTPUT, dtype: 'float32', shape: [null, width] }],
    featureCount
  }
}

/** Widths every part declares must agree with the plan; undeclared ones are checked by the verification. */
function checkWidths(plan: ReusePlan, members: InspectedModel[], selector: InspectedModel | undefined, featureCount: number): void {
  const classCount = plan.classNames?.length ?? 0
  members.forEach((model, i) => {
    const member = plan.members[i]
    if (model.inputWidth !== null && model.inputWidth !== member.sourceColumns.length) {
      mismatch(model.source, `takes ${model.inputWidth} features but the plan feeds it ${member.sourceColumns.length} columns`)
    }
    if (model.outputWidth === null) return
    if (member.classMap && member.classMap.length !== model.outputWidth) {
      mismatch(model.source, `gives ${model.outputWidth} class probabilities but its classMap has ${member.classMap.length} entries`)
    }
    const feedsClasses = plan.task === 'classification' && member.outputKind === 'probabilities' && plan.combiner.kind !== 'linear-head'
    if (feedsClasses && !member.classMap && model.outputWidth !== classCount) {
      mismatch(model.source, `gives ${model.outputWidth} class probabilities for ${classCount} user classes and has no classMap`)
    }
  })
  if (plan.combiner.kind === 'linear-head') {
    const widths = plan.members.map((m, i) => (m.classMap ? classCount : members[i].outputWidth))
    if (widths.every((w): w is number => w !== null) && featureCount + widths.reduce((a, b) => a + b, 0) !== plan.combiner.inputs) {
      mismatch('the linear head', `takes ${plan.combiner.inputs} inputs but the ${featureCount} columns and member outputs (${widths.join(' + ')}) make ${featureCount + widths.reduce((a, b) => a + b, 0)}`)
    }
  }
  if (selector) {
    if (selector.inputWidth !== null && selector.inputWidth !== featureCount) mismatch(selector.source, `takes ${selector.inputWidth} features; the user has ${featureCount}`)
    if (selector.outputWidth !== null && selector.outputWidth !== plan.members.length) {
      mismatch(selector.source, `scores ${selector.outputWidth} choices for ${plan.members.length} members`)
    }
  }
}

function outputWidth(plan: ReusePlan, members: InspectedModel[]): number | null {
  if (plan.task === 'classification') return plan.classNames!.length
  if (plan.combiner.kind === 'linear-head') return plan.combiner.outputs
  const widths = new Set(members.map((m) => m.outputWidth))
  if (widths.size > 1 && !widths.has(null)) mismatch('the members', `give different numbers of values per row (${[...widths].join(', ')})`)
  return widths.size === 1 ? [...widths][0] : null
}

function pipelineMetadata(plan: ReusePlan): Record<string, string> {
  return {
    'learnware_dock.method': plan.method,
    'learnware_dock.combiner': plan.combiner.kind,
    'learnware_dock.learnwares': plan.members.map((m) => m.learnwareId).join(','),
    'learnware_dock.feature_names': JSON.stringify(plan.inputEncoding.features.map((f) => f.name)),
    ...(plan.classNames ? { 'learnware_dock.class_names': JSON.stringify(plan.classNames) } : {}),
    ...(plan.targetName ? { 'learnware_dock.target_name': plan.targetName } : {})
  }
}

function mismatch(who: string, rule: string): never {
  throw new LearnwareError('EXPORT_PLAN_INVALID', `The reuse plan is not exportable: ${who} ${rule}`, {
    hint: 'The plan and the models it names disagree; rebuild the plan from the reuser.'
  })
}
