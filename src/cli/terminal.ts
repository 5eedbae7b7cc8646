/**
 * How the CLI talks to a terminal: one-line results on stdout, a progress bar on stderr (only when stderr
 * is a TTY, so pipes and CI logs stay clean), and one readable line per error — never a stack trace
 * unless LEARNWARE_DEBUG is set.
 *
 * Example:
 *   const bar = progressBar('Generating specification')
 *   bar.update(0.4); bar.done()
 */

import type { ProgressListener } from '../engine/progress'

export interface ProgressBar {
  update(fraction: number, detail?: string): void
  done(): void
  listener: ProgressListener
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const interactive = Boolean(stream.isTTY)
  let lastDrawn = -1
  const draw = (fraction: number, detail = ''): void => {
    const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100)
    if (percent === lastDrawn) return
    lastDrawn = percent
    if (!interactive) return
    const width = 24
    const filled = Math.round((percent / 100) * width)
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${detail}`.padEnd(90))
  }
  return {
    update: draw,
    done: () => { if (interactive) stream.write('\n') },
    listener: (event) => {
      if (event.status === 'progress') draw(event.fraction, event.detail)
    }
  }
}

/** Combines several progress listeners into one bar by giving each a share of it. */
export function stagedProgress(bar: ProgressBar, shares: number[]): ProgressListener[] {
  let offset = 0
  return shares.map((share) => {
    const start = offset
    offset += share
    return (event) => { if (event.status === 'progress') bar.update(start + share * event.fraction, event.detail) }
  })
}
