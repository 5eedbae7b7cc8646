/**
 * Progress of long work, reported through one discriminated union so the CLI's progress bar, the app's
 * progress UI and tests all read the same events. `fraction` is monotone within a job and ends at 1.
 *
 * Example:
 *   await generateRkmeTableSpec(matrix, { onProgress: (e) => e.status === 'progress' && bar(e.fraction) })
 */

export type ProgressEvent =
  | { status: 'start'; task: string }
  | { status: 'progress'; task: string; fraction: number; detail?: string }
  | { status: 'done'; task: string }

export type ProgressListener = (event: ProgressEvent) => void

/** Raised by `throwIfCancelled` when an AbortSignal fires during long work. */
export interface Cancellable {
  signal?: AbortSignal
}
