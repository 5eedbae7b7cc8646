/**
 * One learnware in full: what it is for, its status and why, the columns it expects and what it outputs,
 * the statistical spec's summary, the files in its package, and the semantic spec as Beimingwu stores it.
 */
import { useState } from 'react'
import type { FeatureBlock, LearnwareDetails } from '../../../../shared/api'
import type { UserError } from '../../api/userError'
import { ErrorNote } from '../../components/ErrorNote'
import { StatusChip } from '../../components/StatusChip'
import { formatBytes, formatCount } from '../../format/numbers'
import { Kpi } from '../../components/Kpi'

export interface LearnwareDetailsPanelProps {
  details: LearnwareDetails | null
  error: UserError | null
  onClose: () => void
  onDelete: () => void
}

export function LearnwareDetailsPanel({ details, error, onClose, onDelete }: LearnwareDetailsPanelProps): React.JSX.Element {
  if (!details) {
    return (
      <div className="panel">
        {error ? <ErrorNote error={error} /> : <p className="muted">Loading the details…</p>}
        <button type="button" className="btn small" onClick={onClose} style={{ alignSelf: 'flex-start' }}>
          Close
        </button>
      </div>
    )
  }
  const spec = details.statSpec
  return (
    <article className="panel" aria-labelledby="details-title">
      <header>
        <h2 id="details-title">{details.name}</h2>
        <button type="button" className="btn small ghost" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </header>
      <div className="row">
        <StatusChip status={details.status} />
        <span className="muted small mono">{details.id}{details.originId ? ` · Beimingwu ${details.originId}` : ''}</span>
      </div>
      {details.statusReason ? <p className="small">{details.statusReason}</p> : null}
      {details.description ? <Description text={details.description} /> : null}
      <ErrorNote error={error} />

      <dl className="facts">
        <dt>Data / task</dt>
        <dd>{[details.dataType, details.task].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>Library</dt>
        <dd>{details.library ?? '—'}</dd>
        <dt>Scenarios</dt>
        <dd>{details.scenarios.join(', ') || '—'}</dd>
        <dt>Licence</dt>
        <dd>{details.license ?? '—'}</dd>
        <dt>Model</dt>
        <dd>{details.modelKind === 'onnx' ? 'ONNX (runs here)' : details.modelKind === 'python' ? 'Python code (never run here)' : '—'}</dd>
      </dl>

      <section className="stack tight" aria-label="Statistical specification">
        <h3>Specification</h3>
        <div className="kpis">
          <Kpi name="points (K)" value={formatCount(spec.k)} />
          <Kpi name="features" value={formatCount(spec.featuresPerRow)} />
          <Kpi name="γ (kernel width)" value={spec.gamma === null ? '—' : spec.gamma.toPrecision(3)} />
          <Kpi name="rows described" value={formatCount(spec.numPoints)} />
        </div>
        <span className="muted small">{spec.type}</span>
      </section>

      <FeatureTable title="Input columns" block={details.input} empty="The package does not describe its input columns." />
      <FeatureTable title="Output" block={details.output} empty="The package does not describe its output." />

      <details>
        <summary>Package files ({details.packageFiles.length}) · {formatBytes(details.packageBytes)}</summary>
        {details.packageProblem ? <p className="note error small">{details.packageProblem}</p> : null}
        <ul className="small" style={{ margin: '6px 0 0', paddingLeft: 18 }}>
          {details.packageFiles.map((file) => (
            <li key={file.name}>
              <code>{file.name}</code> <span className="muted">{formatBytes(file.bytes)}</span>
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>Semantic specification (as stored)</summary>
        <pre className="small" style={{ maxHeight: 220, overflow: 'auto', marginTop: 6 }}>{JSON.stringify(details.semanticSpec, null, 2)}</pre>
      </details>
      <div className="row end">
        <button type="button" className="btn danger" onClick={onDelete}>
          Delete…
        </button>
      </div>
    </article>
  )
}

/** Long model cards are folded to a few lines until the reader asks for the rest. */
function Description({ text }: { text: string }): React.JSX.Element {
  const [open, setOpen] = useState(false)
  const long = text.length > 280
  return (
    <div className="stack tight">
      <p className={long && !open ? 'clamp' : undefined}>{text}</p>
      {long ? (
        <button type="button" className="btn small ghost" style={{ alignSelf: 'flex-start', padding: 0 }} aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Show less' : 'Show the whole description'}
        </button>
      ) : null}
    </div>
  )
}

function FeatureTable({ title, block, empty }: { title: string; block: FeatureBlock | null; empty: string }): React.JSX.Element {
  return (
    <details>
      <summary>
        {title}
        {block ? ` (${block.dimension})` : ''}
      </summary>
      {block && block.lines.length ? (
        <div className="table-wrap" style={{ maxHeight: 200, marginTop: 6 }}>
          <table className="grid">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Meaning</th>
              </tr>
            </thead>
            <tbody>
              {block.lines.map((line) => (
                <tr key={line.index}>
                  <td className="num">{line.index}</td>
                  <td style={{ whiteSpace: 'normal' }}>{line.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted small">{empty}</p>
      )}
    </details>
  )
}
