/**
 * Export: the chosen solution (a reuse method over the chosen learnwares, fitted on the open labelled
 * table) written as one verified ONNX bundle — with the verification result, what is inside and under
 * which licences, the columns a row needs, and how to run it. Tables only: with images or texts chosen on
 * the Data step it says so (a bundle would take pixel or embedding columns, not images or texts).
 */
import { REUSE_METHODS, type BundleExportResult } from '../../../shared/api'
import { EmptyState } from '../components/EmptyState'
import { ErrorNote, Note } from '../components/ErrorNote'
import { Field } from '../components/Field'
import { OutputSaver } from '../components/OutputSaver'
import { ProgressBar } from '../components/ProgressBar'
import { isCancelled } from '../api/userError'
import { listSome } from '../format/numbers'
import { useDataStore } from '../stores/dataStore'
import { useExportStore } from '../stores/exportStore'
import { useMediaStore } from '../stores/mediaStore'
import { defaultMethod, METHOD_WORDS } from '../stores/reuseChoices'
import { useNavigation } from '../stores/navigation'
import { useSearchStore } from '../stores/searchStore'

export function ExportScreen(): React.JSX.Element {
  const dataset = useDataStore((s) => s.dataset)
  const chosen = useSearchStore((s) => s.chosen)
  const names = useChosenNames()
  const store = useExportStore()
  const go = useNavigation((s) => s.go)
  const method = store.method ?? defaultMethod(chosen.length)
  const kind = useMediaStore((s) => s.kind)

  if (kind !== 'table') {
    return (
      <div className="screen">
        <header className="screen-header"><div><h1>Export</h1></div></header>
        <EmptyState
          title={`Export works with tables, not ${kind}`}
          action={<button type="button" className="btn primary" onClick={() => go('data')}>Go to Data</button>}
        >
          A bundle is one ONNX model fitted on a labelled table, and it takes that table’s columns. With {kind} its model would take{' '}
          {kind === 'images' ? 'pixel' : 'embedding'} columns rather than your {kind}, so exporting is not offered for them; the Preview step scores image
          and text learnwares on your {kind}. To export, open a table on the Data step and choose table learnwares on the Search step.
        </EmptyState>
      </div>
    )
  }

  if (!dataset?.target || chosen.length === 0) {
    return (
      <div className="screen">
        <header className="screen-header"><div><h1>Export</h1></div></header>
        <EmptyState
          title={!dataset ? 'Open your data first' : !dataset.target ? 'Choose the column to predict' : 'Choose learnwares on the Search step'}
          action={<button type="button" className="btn primary" onClick={() => go(!dataset?.target ? 'data' : 'search')}>{!dataset?.target ? 'Go to Data' : 'Go to Search'}</button>}
        >
          A bundle is fitted on your labelled table (the column to predict must be set) and built from the learnwares you choose on the Search step.
        </EmptyState>
      </div>
    )
  }

  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Export</h1>
          <p>Write the solution as one ONNX model with everything needed to run it elsewhere. It is checked against the app’s own predictions before you save it.</p>
        </div>
      </header>
      <section className="panel" aria-label="What to export">
        <dl className="facts">
          <dt>Learnwares</dt>
          <dd>{listSome(names, 4)}</dd>
          <dt>Fitted on</dt>
          <dd>{dataset.fileName} (predicts “{dataset.target.name}”)</dd>
        </dl>
        <div className="row top">
          <Field label="Reuse method" help={METHOD_WORDS[method].explain} className="method-field">
            {(id) => (
              <select id={id} value={method} onChange={(e) => store.setMethod(e.target.value as typeof method)}>
                {REUSE_METHODS.map((m) => <option key={m} value={m} disabled={m !== 'single' && chosen.length < 2}>{METHOD_WORDS[m].title}</option>)}
              </select>
            )}
          </Field>
          <Field label="Name (model card title)" className="grow">
            {(id) => <input id={id} type="text" value={store.name} placeholder={`${dataset.target!.name} from ${dataset.fileName}`} onChange={(e) => store.setText({ name: e.target.value })} />}
          </Field>
          <div style={{ paddingTop: 20 }}>
            <button type="button" className="btn primary" disabled={store.job !== null} onClick={() => void store.exportBundle()}>
              Write the bundle
            </button>
          </div>
        </div>
        {store.job ? <ProgressBar label={store.job.label} fraction={store.job.fraction} detail={store.job.detail ?? undefined} onCancel={store.job.cancel} cancelling={store.job.cancelling} /> : null}
        {isCancelled(store.error) ? <Note kind="info">Cancelled; no bundle was written.</Note> : <ErrorNote error={store.error} title="The bundle could not be written" />}
      </section>
      {store.result ? <BundleResult result={store.result} /> : null}
    </div>
  )
}

function BundleResult({ result }: { result: BundleExportResult }): React.JSX.Element {
  const folder = result.output.fileName.replace(/\.zip$/i, '')
  const snippet = [
    `unzip ${result.output.fileName} -d ${folder}`,
    `cd ${folder}`,
    'npm install onnxruntime-node          # once',
    'node predict.mjs --check               # replays the golden rows',
    'node predict.mjs your-rows.csv --out predictions.csv'
  ].join('\n')
  return (
    <section className="panel" aria-labelledby="bundle-title">
      <header>
        <h2 id="bundle-title">Bundle: {result.name}</h2>
        <span className={`status ${result.verification.passed ? 'ok' : 'bad'}`}>{result.verification.passed ? 'Verified' : 'Verification failed'}</span>
      </header>
      <Note kind={result.verification.passed ? 'ok' : 'warn'}>
        <strong>{result.verification.passed ? 'The bundle reproduces the app’s predictions.' : 'The bundle does not reproduce the app’s predictions.'}</strong>
        <span>{result.verification.summary}</span>
      </Note>
      <dl className="facts">
        <dt>Method</dt>
        <dd>{METHOD_WORDS[result.method].title} ({result.task})</dd>
        <dt>Learnwares</dt>
        <dd>{result.members.map((m) => `${m.name} (${m.license})`).join('; ')}</dd>
        <dt>Licences</dt>
        <dd>{result.licenses.join(', ')} — all apply to the bundle.</dd>
        <dt>Input columns</dt>
        <dd>{result.inputColumns.map((c) => c.name).join(', ')}</dd>
        {result.classNames ? (
          <>
            <dt>Answers</dt>
            <dd>{result.classNames.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {result.notes.length ? (
        <ul className="small muted" style={{ margin: 0, paddingLeft: 18 }}>
          {result.notes.map((n) => <li key={n}>{n}</li>)}
        </ul>
      ) : null}
      <div className="stack tight">
        <h3>Run it</h3>
        <pre className="panel flat" aria-label="How to run the bundle">{snippet}</pre>
        <span className="muted small">The bundle’s README.md has the same for Node.js and Python, with example rows.</span>
      </div>
      <OutputSaver output={result.output} purpose="bundle" what="bundle" />
    </section>
  )
}

function useChosenNames(): string[] {
  const chosen = useSearchStore((s) => s.chosen)
  const result = useSearchStore((s) => s.result)
  const names = new Map<string, string>()
  for (const hit of result?.single ?? []) names.set(hit.id, hit.name)
  for (const member of result?.mixture?.members ?? []) names.set(member.id, member.name)
  return chosen.map((id) => names.get(id) ?? id)
}
