/**
 * Progress and cancellation for a reuser's fit: one `start`, `progress` events whose fraction never goes
 * back and ends at 1, one `done`; and a check between steps that turns an aborted signal into CANCELLED.
 *
 * Example:
 *   const progress = new FitProgress('reuse job-selector', options)
 *   progress.start()
 *   for (...) { progress.check(); ...; progress.report(i / n) }
 *   progress.done()
 */

import { LearnwareError } from '../errors'
import type { FitOptions } from './types'

export class FitProgress {
  private fraction = 0

  constructor(private readonly task: string, private readonly options: FitOptions = {}) {}

  start(): void {
    this.check()
    this.options.onProgress?.({ status: 'start', task: this.task })
  }

  /** Reports `fraction` (clamped to [last, 1]), with an optional detail such as the current step. */
  report(fraction: number, detail?: string): void {
    this.fraction = Math.min(1, Math.max(this.fraction, fraction))
    this.options.onProgress?.({ status: 'progress', task: this.task, fraction: this.fraction, ...(detail ? { detail } : {}) })
  }

  done(): void {
    this.report(1)
    this.options.onProgress?.({ status: 'done', task: this.task })
  }

  check(): void {
    throwIfCancelled(this.options.signal, this.task)
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new LearnwareError('CANCELLED', `${what} was cancelled`)
}
