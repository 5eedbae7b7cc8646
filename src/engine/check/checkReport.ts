/**
 * The checker's answer: a status in the dock's words (`usable`, `not-runnable`, `invalid` — Beimingwu's
 * 1 / 0 / −1), every reason it is not usable, and the list of checks that ran, each with a sentence the
 * user can read. Kept apart so the steps (semanticCheck.ts, statSpecCheck.ts, usabilityCheck.ts) only
 * produce outcomes and one function decides the status.
 *
 * Example:
 *   const checks = [ok('semantic', 'Beimingwu’s semantic rules pass'), failed('stat-spec', 'rkme.json: …')]
 *   toReport(checks)   // { status: 'invalid', reasons: ['rkme.json: …'], checks }
 */

export type LearnwareStatus = 'usable' | 'not-runnable' | 'invalid'

export type CheckName =
  | 'semantic'
  | 'stat-spec'
  | 'model-kind'
  | 'manifest'
  | 'text-input'
  | 'image-input'
  | 'model-load'
  | 'input-width'
  | 'probe-run'
  | 'output-rows'
  | 'output-values'
  | 'output-shape'
  | 'time-limit'

export interface CheckOutcome {
  name: CheckName
  ok: boolean
  /** What was found: why it passed, or the reason it failed (naming the field, file or value). */
  detail: string
}

export interface LearnwareCheckReport {
  status: LearnwareStatus
  /** Why the status is not `usable`; empty when it is. */
  reasons: string[]
  /** The checks that ran, in order (later checks are skipped when the ones they build on failed). */
  checks: CheckOutcome[]
}

export function ok(name: CheckName, detail: string): CheckOutcome {
  return { name, ok: true, detail }
}

export function failed(name: CheckName, detail: string): CheckOutcome {
  return { name, ok: false, detail }
}

/**
 * Any failed check makes the learnware invalid, except `model-kind` alone (a Python model), which makes it
 * not-runnable: it may be a fine learnware that this app will just never execute.
 */
export function toReport(checks: CheckOutcome[]): LearnwareCheckReport {
  const failures = checks.filter((check) => !check.ok)
  const invalid = failures.filter((check) => check.name !== 'model-kind')
  if (invalid.length > 0) return { status: 'invalid', reasons: invalid.map((check) => check.detail), checks }
  if (failures.length > 0) return { status: 'not-runnable', reasons: failures.map((check) => check.detail), checks }
  return { status: 'usable', reasons: [], checks }
}
