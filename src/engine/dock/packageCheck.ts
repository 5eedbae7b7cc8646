/**
 * What status a learnware gets when it enters the dock. Beimingwu's statuses are −1 / 0 / 1 (invalid,
 * non-usable, usable); ours are words with a reason the user can read. The check is pluggable: the
 * default only judges the semantic spec and the model kind, and a checker that actually runs ONNX models
 * (written elsewhere) can be passed to `add`/`update` or `openDock`. Like Beimingwu, a checker that throws
 * marks the learnware invalid instead of aborting the import (cancellation still aborts).
 *
 * Example:
 *   await dock.add(zip)                                  // defaultCheck
 *   await dock.add(zip, { check: async (pkg) => (await runsOnProbeRows(pkg))
 *     ? { status: 'usable', reason: '' } : { status: 'invalid', reason: 'predict() failed on 10 probe rows' } })
 */

import { describeError, isLearnwareError } from '../errors'
import type { LearnwarePackage } from '../learnware'
import { validateSemanticSpec } from '../spec/semantic'

export const DOCK_STATUSES = ['usable', 'not-runnable', 'invalid'] as const
export type DockStatus = (typeof DOCK_STATUSES)[number]

export interface CheckResult {
  status: DockStatus
  /** Why the status is not `usable` (empty when it is). */
  reason: string
}

/** Judges a package that has already been read and validated; `pkg.semanticSpec` is the spec to store. */
export type DockCheck = (pkg: LearnwarePackage) => Promise<CheckResult>

export const PYTHON_MODEL_REASON = 'The model is Python code; Learnware Dock never executes package code'

export const defaultCheck: DockCheck = async (pkg) => {
  const problems = validateSemanticSpec(pkg.semanticSpec)
  if (problems.length > 0) {
    return { status: 'invalid', reason: `Semantic specification: ${problems.map((problem) => problem.message).join('; ')}` }
  }
  if (pkg.model.kind === 'python') return { status: 'not-runnable', reason: PYTHON_MODEL_REASON }
  return { status: 'usable', reason: '' }
}

/** Runs `check`, turning its failures and malformed answers into an `invalid` status with the reason. */
export async function runCheck(check: DockCheck, pkg: LearnwarePackage): Promise<CheckResult> {
  let result: CheckResult
  try {
    result = await check(pkg)
  } catch (error) {
    if (isLearnwareError(error) && error.code === 'CANCELLED') throw error
    return { status: 'invalid', reason: `The check failed: ${describeError(error)}` }
  }
  if (!result || !(DOCK_STATUSES as readonly unknown[]).includes(result.status)) {
    return { status: 'invalid', reason: `The check returned an unknown status ${JSON.stringify(result?.status)}` }
  }
  return { status: result.status, reason: typeof result.reason === 'string' ? result.reason : '' }
}
