/**
 * The scorer's table: one row per candidate (each learnware alone, each reuse method, training from
 * scratch, the trivial floor), one column per metric as mean ± spread over the repeats. The best reuse
 * is marked; a candidate that failed says why in its row.
 */
import type { ReusePreviewResult } from '../../../../shared/api'
import { formatCount, formatMetric, formatSeconds } from '../../format/numbers'
import { usePreviewStore } from '../../stores/previewStore'
import { LOWER_IS_BETTER } from '../../stores/reuseChoices'
import { metricWord } from './metricWords'

const KIND_WORDS = { reuse: 'reuse', scratch: 'trained from scratch', baseline: 'floor' } as const

export function MetricsTable({ result, bestId }: { result: ReusePreviewResult; bestId: string | null }): React.JSX.Element {
  const showMatrix = usePreviewStore((s) => s.showMatrix)
  const matrixCandidate = usePreviewStore((s) => s.matrixCandidate)
  const headline = result.metricNames[0]
  const item = result.media?.kind === 'images' ? 'image' : result.media?.kind === 'texts' ? 'text' : 'row'
  return (
    <section className="panel" aria-labelledby="metrics-title">
      <header>
        <h2 id="metrics-title">Scores on your held-out {item}s</h2>
        <span className="muted small">
          {formatCount(result.labelledRows)} labelled {item}s, {formatCount(result.heldOutRows)} held out, {result.repeats} repeats · {LOWER_IS_BETTER.has(headline) ? 'lower' : 'higher'} {metricWord(headline)} is better
        </span>
      </header>
      <div className="table-wrap">
        <table className="grid" aria-label="Metrics per method">
          <thead>
            <tr>
              <th>Method</th>
              <th>Kind</th>
              {result.metricNames.map((name) => <th key={name} className="num">{metricWord(name)}</th>)}
              <th className="num">Time</th>
              {result.task === 'classification' ? <th>Confusion</th> : null}
            </tr>
          </thead>
          <tbody>
            {result.candidates.map((candidate) => (
              <tr key={candidate.id} className={candidate.id === bestId ? 'selected' : undefined}>
                <td style={{ whiteSpace: 'normal' }}>
                  <strong>{candidate.label}</strong>
                  {candidate.id === bestId ? <span className="status ok" style={{ marginLeft: 8 }}>best reuse</span> : null}
                </td>
                <td className="muted">{KIND_WORDS[candidate.kind]}</td>
                {candidate.status === 'ok' ? (
                  <>
                    {result.metricNames.map((name) => {
                      const m = candidate.metrics[name]
                      return (
                        <td key={name} className="num">
                          {m ? <>{formatMetric(m.mean)}<span className="muted small"> ± {formatMetric(m.std)}</span></> : '—'}
                        </td>
                      )
                    })}
                    <td className="num muted">{formatSeconds(candidate.elapsedMs / 1000)}</td>
                    {result.task === 'classification' ? (
                      <td>
                        <button type="button" className="btn small" aria-pressed={matrixCandidate === candidate.id} disabled={!candidate.confusion} onClick={() => showMatrix(candidate.id)}>
                          Show
                        </button>
                      </td>
                    ) : null}
                  </>
                ) : (
                  <td colSpan={result.metricNames.length + (result.task === 'classification' ? 2 : 1)} className="missing" style={{ whiteSpace: 'normal', fontStyle: 'normal' }}>
                    Could not be tried: {candidate.error.message}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
