/**
 * One monotone 0–1 progress over a job made of stages (load the CSV, fit the spec, check the package …):
 * each stage gets a share, and the engine's `ProgressEvent`s inside a stage move the bar within it.
 *
 * Example:
 *   const [load, fit] = progressStages(report, [{ share: 0.3, detail: 'Reading the CSV' }, { share: 0.7, detail: 'Fitting' }])
 *   await loadTableFile(path, { onProgress: load })
 */

import type { ProgressListener } from '../../engine/progress'

export type ReportProgress = (fraction: number, detail: string | null) => void

export interface Stage {
  share: number
  detail: string
}

export function progressStages(report: ReportProgress, stages: readonly Stage[]): ProgressListener[] {
  const total = stages.reduce((sum, stage) => sum + stage.share, 0) || 1
  let offset = 0
  return stages.map((stage) => {
    const start = offset / total
    const width = stage.share / total
    offset += stage.share
    return (event) => {
      if (event.status === 'start') report(start, stage.detail)
      else if (event.status === 'progress') report(start + width * clamp01(event.fraction), event.detail ? `${stage.detail}: ${event.detail}` : stage.detail)
      else report(start + width, stage.detail)
    }
  })
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0
}
