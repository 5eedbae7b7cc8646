/** A 0–1 score as a bar plus percentage, labelled for screen readers. */
import { formatPercent } from '../format/numbers'

export function ScoreBar({ score, label }: { score: number | null; label: string }): React.JSX.Element {
  const value = score === null || !Number.isFinite(score) ? 0 : Math.max(0, Math.min(1, score))
  return (
    <div className="score" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value * 100)}>
      <div className="track" aria-hidden="true">
        <div className="fill" style={{ width: `${value * 100}%` }} />
      </div>
      <span className="value">{score !== null && score > 0 && score < 0.01 ? '<1%' : formatPercent(score)}</span>
    </div>
  )
}
