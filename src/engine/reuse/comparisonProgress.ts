/**
 * Progress of a reuse comparison (the preview, the learning curve) as one monotone fraction over all its
 * candidates: each candidate gets a share of units — its splits, or 1 for a single whole-table run — and a
 * failed candidate's remaining units are skipped at once, so the fraction only grows and ends at 1, which
 * `finish()` reports exactly once, followed by `done`.
 *
 * Example:
 *   const progress = new ComparisonProgress('reuse preview', onProgress)
 *   progress.plan([5, 1, 5])                // three candidates: 5 splits, one whole-table run, 5 splits
 *   progress.unitDone(0, 'Averaging')       // { status: 'progress', fraction: 1/11, detail: 'Averaging' }
 *   progress.candidateDone(0, 'Averaging')  // jumps to 5/11 when the candidate failed early
 *   progress.finish()                       // fraction 1, then done
 */

import type { ProgressListener } from '../progress'

export class ComparisonProgress {
  private ends: number[] = []
  private done = 0

  constructor(private readonly task: string, private readonly listener?: ProgressListener) {}

  plan(unitsPerCandidate: readonly number[]): void {
    let total = 0
    this.ends = unitsPerCandidate.map((units) => (total += units))
    this.listener?.({ status: 'start', task: this.task })
  }

  /** `units` more of this candidate's work are done (never past its share). */
  unitDone(candidate: number, detail: string, units = 1): void {
    this.advanceTo(Math.min(this.done + units, this.ends[candidate]), detail)
  }

  candidateDone(candidate: number, detail: string): void {
    this.advanceTo(this.ends[candidate], detail)
  }

  finish(): void {
    this.listener?.({ status: 'progress', task: this.task, fraction: 1 })
    this.listener?.({ status: 'done', task: this.task })
  }

  private advanceTo(units: number, detail: string): void {
    if (units <= this.done) return
    this.done = units
    const total = this.ends[this.ends.length - 1]
    // 1 is reported once, by finish()
    if (units < total) this.listener?.({ status: 'progress', task: this.task, fraction: units / total, detail })
  }
}
