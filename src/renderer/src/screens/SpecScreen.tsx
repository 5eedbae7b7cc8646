/**
 * Specification: make the private sketch of the open data (a table RKME: K weighted points) on this
 * machine, with progress and Cancel; show what it holds (K, features, γ, the first points) and say
 * plainly that nothing has left the machine. Saving the JSON to share it is a separate, deliberate step.
 */
import { EmptyState } from '../components/EmptyState'
import { ErrorNote, Note } from '../components/ErrorNote'
import { Field } from '../components/Field'
import { OutputSaver } from '../components/OutputSaver'
import { ProgressBar } from '../components/ProgressBar'
import { formatCount, formatSeconds, listSome } from '../format/numbers'
import { isCancelled } from '../api/userError'
import { useDataStore } from '../stores/dataStore'
import { useNavigation } from '../stores/navigation'
import { useCurrentSpec, useSpecStore } from '../stores/specStore'
import { Kpi } from '../components/Kpi'

export function SpecScreen(): React.JSX.Element {
  const dataset = useDataStore((s) => s.dataset)
  const { k, gamma, seed, job, error, setSettings, generate } = useSpecStore()
  const spec = useCurrentSpec()
  const staleSpec = useSpecStore((s) => s.spec)
  const go = useNavigation((s) => s.go)

  if (!dataset) {
    return (
      <div className="screen">
        <header className="screen-header"><div><h1>Specification</h1></div></header>
        <EmptyState title="Open your data first" action={<button type="button" className="btn primary" onClick={() => go('data')}>Go to Data</button>}>
          The specification is made from a table you open on the Data step.
        </EmptyState>
      </div>
    )
  }

  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Specification</h1>
          <p>
            A specification is a small sketch of your data's distribution: K weighted points, not your rows. The dock uses it to find learnwares trained on
            similar data. It is made here, on this machine.
          </p>
        </div>
        {spec ? (
          <button type="button" className="btn primary" onClick={() => go('search')}>
            Next: search the dock →
          </button>
        ) : null}
      </header>

      <section className="panel" aria-label="Settings">
        <div className="row top">
          <Field label="Points (K)" help="More points sketch more detail (Beimingwu uses 100).">
            {(id) => <input id={id} type="number" min={1} max={1000} value={k} onChange={(e) => setSettings({ k: clampInt(e.target.value, 1, 1000, 100) })} />}
          </Field>
          <Field label="Kernel width γ" help="How far apart rows must be to count as different.">
            {(id) => (
              <select
                id={id}
                value={gamma.mode}
                onChange={(e) => setSettings({ gamma: e.target.value === 'value' ? { mode: 'value', value: 0.1 } : { mode: e.target.value as 'default' | 'auto' } })}
              >
                <option value="default">0.1 (Beimingwu's default)</option>
                <option value="auto">Automatic (for large-valued features)</option>
                <option value="value">Choose a value…</option>
              </select>
            )}
          </Field>
          {gamma.mode === 'value' ? (
            <Field label="γ value">
              {(id) => (
                <input id={id} type="number" min={0.000001} step="any" value={gamma.value} onChange={(e) => setSettings({ gamma: { mode: 'value', value: Number(e.target.value) || 0.1 } })} />
              )}
            </Field>
          ) : null}
          <Field label="Seed" help="Same seed, same specification.">
            {(id) => <input id={id} type="number" min={0} value={seed} onChange={(e) => setSettings({ seed: clampInt(e.target.value, 0, 2 ** 31 - 1, 0) })} />}
          </Field>
          <div style={{ paddingTop: 20 }}>
            <button type="button" className="btn primary" disabled={job !== null} onClick={() => void generate()}>
              {spec ? 'Make it again' : 'Make the specification'}
            </button>
          </div>
        </div>
        <p className="muted small">
          From <strong>{dataset.fileName}</strong>: {formatCount(dataset.rowsKept)} rows × {formatCount(dataset.featureNames.length)} features ({listSome(dataset.featureNames)}).
          {dataset.target ? ` The target column “${dataset.target.name}” is not part of the specification.` : ''}
        </p>
        {job ? <ProgressBar label={job.label} fraction={job.fraction} detail={job.detail ?? undefined} onCancel={job.cancel} cancelling={job.cancelling} /> : null}
        {isCancelled(error) ? <Note kind="info">Cancelled. Nothing was made; you can start again.</Note> : <ErrorNote error={error} title="The specification could not be made" />}
        {!spec && staleSpec ? <Note kind="warn">The data changed since the last specification was made; make it again.</Note> : null}
      </section>

      {spec ? (
        <>
          <section className="panel" aria-labelledby="spec-title">
            <header>
              <h2 id="spec-title">Your specification</h2>
              <span className="muted small">made in {formatSeconds(spec.seconds)}</span>
            </header>
            <Note kind="ok">
              <strong>Nothing has left this machine.</strong> The specification is kept by the app on this computer. It leaves only if you save it below and
              share the file yourself.
            </Note>
            <div className="kpis">
              <Kpi name="points (K)" value={formatCount(spec.k)} />
              <Kpi name="features" value={formatCount(spec.featuresPerRow)} />
              <Kpi name="γ (kernel width)" value={spec.gamma.toPrecision(3)} />
              <Kpi name="rows it stands for" value={formatCount(spec.numPoints)} />
              <Kpi name="rows fitted" value={formatCount(spec.rowsUsed)} />
            </div>
            {spec.k < k ? <p className="small muted">It has fewer points than the {k} asked for: a table of {formatCount(spec.rowsUsed)} rows needs fewer to be sketched.</p> : null}
            <p className="small">
              <span className="muted">Features, in order: </span>
              {spec.featureNames.join(', ')}
            </p>
            <PointsPreview spec={spec} />
          </section>
          <section className="panel" aria-label="Share the specification">
            <h2>Share it deliberately</h2>
            <p className="muted small">Save the JSON (Beimingwu's RKMETableSpecification) to upload it to a dock yourself, or to send it to someone who holds learnwares.</p>
            <OutputSaver output={spec.output} purpose="spec" what="specification" />
          </section>
        </>
      ) : null}
    </div>
  )
}

function PointsPreview({ spec }: { spec: NonNullable<ReturnType<typeof useCurrentSpec>> }): React.JSX.Element {
  const names = spec.featureNames
  const shown = Math.min(names.length, 8)
  return (
    <details>
      <summary>What the file contains: the first {spec.preview.z.length} of {spec.k} points and their weights</summary>
      <div className="table-wrap" style={{ maxHeight: 220, marginTop: 6 }}>
        <table className="grid">
          <thead>
            <tr>
              <th className="num">weight β</th>
              {names.slice(0, shown).map((n) => <th key={n} className="num">{n}</th>)}
              {names.length > shown ? <th>…</th> : null}
            </tr>
          </thead>
          <tbody>
            {spec.preview.z.map((point, i) => (
              <tr key={i}>
                <td className="num">{spec.preview.beta[i]?.toFixed(4)}</td>
                {point.slice(0, shown).map((v, j) => <td key={j} className="num">{v.toPrecision(4)}</td>)}
                {names.length > shown ? <td className="muted">…</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}

function clampInt(text: string, min: number, max: number, fallback: number): number {
  const value = Math.round(Number(text))
  if (!Number.isFinite(value)) return fallback
  return Math.max(min, Math.min(max, value))
}
