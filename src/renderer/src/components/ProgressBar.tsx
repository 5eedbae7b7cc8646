/**
 * Progress of one long job (spec, search, preview, export, pack) with a Cancel button. `fraction` null
 * means "working, amount unknown" and shows a moving bar.
 */
import { formatPercent } from '../format/numbers'

export interface ProgressBarProps {
  label: string
  fraction: number | null
  detail?: string
  onCancel?: () => void
  cancelling?: boolean
}

export function ProgressBar({ label, fraction, detail, onCancel, cancelling }: ProgressBarProps): React.JSX.Element {
  const known = fraction !== null && Number.isFinite(fraction)
  const width = known ? Math.max(0, Math.min(1, fraction)) * 100 : 35
  return (
    <div className={`progress${known ? '' : ' indeterminate'}`}>
      <div className="row">
        <span className="grow">
          <strong>{label}</strong>
          {detail ? <span className="muted"> — {detail}</span> : null}
        </span>
        <span className="muted nowrap" aria-hidden="true">{known ? formatPercent(fraction) : ''}</span>
        {onCancel ? (
          <button type="button" className="btn small" onClick={onCancel} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : null}
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? Math.round(width) : undefined}
        aria-valuetext={known ? formatPercent(fraction) : 'working'}
      >
        <span style={{ width: `${width}%` }} />
      </div>
    </div>
  )
}
