/**
 * What every reuser shares: its members, running them on the user's rows (one model at a time, pinned in
 * the shared session cache), mapping classification outputs to the user's classes, and the plan skeleton
 * (method, task, class names, encoding, members) around a method's combiner.
 *
 * Example:
 *   class MyReuser extends ReuserBase {
 *     async predict(data) { const outputs = await this.runMembers(this.members, data); … }
 *     toPlan() { return this.plan(this.members, { kind: 'mean-values' }) }
 *   }
 */

import type { PlanCombiner, ReuseMethod, ReusePlan } from '../export/plan'
import { argmaxRows } from './combine'
import { checkUserData, mappedProbabilities, memberInfo, runMember, toPlanMember, type MemberOutput, type ReuseMember } from './members'
import { throwIfCancelled } from './fitProgress'
import type { PredictOptions, ReuseContext, ReuseData, ReusePrediction, Reuser, ReuserOptions, ReuseSummary } from './types'

export abstract class ReuserBase implements Reuser {
  abstract readonly method: ReuseMethod
  abstract readonly needsLabels: boolean

  protected constructor(
    protected readonly members: ReuseMember[],
    protected readonly context: ReuseContext,
    protected readonly options: ReuserOptions
  ) {}

  abstract predict(data: ReuseData, options?: PredictOptions): Promise<ReusePrediction>
  abstract toPlan(): ReusePlan

  summary(): ReuseSummary {
    return { method: this.method, members: this.members.map(memberInfo), notes: [] }
  }

  protected get classCount(): number {
    return this.context.classNames?.length ?? 0
  }

  /** Raw outputs of the given members on the rows, in member order; `afterEach` sees how many are done. */
  protected async runMembers(members: readonly ReuseMember[], data: ReuseData, signal?: AbortSignal, afterEach?: (done: number) => void): Promise<MemberOutput[]> {
    checkUserData(data, this.context)
    const outputs: MemberOutput[] = []
    for (const member of members) {
      throwIfCancelled(signal, `reuse ${this.method}`)
      outputs.push(await runMember(member, data, this.context, signal))
      afterEach?.(outputs.length)
    }
    return outputs
  }

  /** A member's prediction in the user's terms: mapped probabilities and their argmax, or its values. */
  protected memberPrediction(member: ReuseMember, output: MemberOutput): ReusePrediction {
    if (this.context.task === 'regression') return { values: Float64Array.from({ length: output.rows }, (_, r) => output.values[r * output.width]) }
    const probabilities = mappedProbabilities(member, output, this.classCount)
    return { probabilities, labels: argmaxRows(probabilities, output.rows, this.classCount) }
  }

  protected plan(members: readonly ReuseMember[], combiner: PlanCombiner, withClassMap = true): ReusePlan {
    return {
      method: this.method,
      task: this.context.task,
      ...(this.context.classNames ? { classNames: [...this.context.classNames] } : {}),
      ...(this.context.targetName ? { targetName: this.context.targetName } : {}),
      inputEncoding: this.context.inputEncoding,
      members: members.map((m) => toPlanMember(m, { withClassMap: withClassMap && this.context.task === 'classification' })),
      combiner
    }
  }
}
