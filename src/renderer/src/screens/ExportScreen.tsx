/**
 * Export: the chosen solution (a reuse method over the chosen learnwares, fitted on the open labelled
 * data) written as one verified ONNX bundle — with the verification result, what is inside and under
 * which licences, what it takes (a table's columns, or raw images / texts through its prepare.mjs), and
 * how to run it. The data are the Preview step's: a table with its target, labelled images, or texts with
 * a label column (chosen on either screen).
 */
import { REUSE_METHODS, type BundleExportResult } from '../../../shared/api'
import { EmptyState } from '../components/EmptyState'
import { ErrorNote, Note } from '../components/ErrorNote'
import { Field } from '../components/Field'
import { OutputSaver } from '../components/OutputSaver'
import { ProgressBar } from '../components/ProgressBar'
import { isCancelled } from '../api/userError'
import { bundleInputWords, bundleRunSnippet } from '../format/bundleRun'
import { formatCount, listSome, plural } from '../format/numbers'
import { useExportStore } from '../stores/exportStore'
import { usePreviewData } from '../stores/previewStore'
import { ITEM_WORD } from '../stores/reuseData'
import { defaultMethod, METHOD_WORDS } from '../stores/reuseChoices'
import { useNavigation } from '../stores/navigation'
import { useSearchStore } from '../stores/searchStore'
import { MediaDataFields } from './preview/MediaPreview'

export function ExportScreen(): React.JSX.Element {
  const data = usePreviewData()
  const chosen = useSearchStore((s) => s.chosen)
  const names = useChosenNames()
  const store = useExportStore()
  const go = useNavigation((s) => s.go)
  const method = store.method ?? defaultMethod(chosen.length)

  // Texts choose their label column here too, so only a table without its target or unlabelled images send the user back to Data.
  const needsData = !data || (data.kind !== 'texts' && data.missing !== null)
  if (needsData || chosen.length === 0) {
    const step = needsData ? 'data' : 'search'
    return (
      <div className="screen">
        <header className="screen-header"><div><h1>Export</h1></div></header>
        <EmptyState
          title={!data ? 'Open your data first' : needsData ? (data.kind === 'images' ? 'Open labelled images' : 'Choose the column to predict') : 'Choose learnwares on the Search step'}
          action={<button type="button" className="btn primary" onClick={() => go(step)}>{step === 'data' ? 'Go to Data' : 'Go to Search'}</button>}
        >
          A bundle is fitted on your labelled data — a table with the column to predict set, labelled images (one sub-folder per class, or an IDX file
          with its labels) or texts with a label column — and built from the learnwares you choose on the Search step.
        </EmptyState>
      </div>
    )
  }
  const item = ITEM_WORD[data.kind]

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
          <dd>{data.name} ({formatCount(data.rows)} {item}s{data.predicting ? `, predicting ${data.predicting}` : ''})</dd>
        </dl>
        {data.kind === 'table' ? null : <MediaDataFields kind={data.kind} />}
        <div className="row top">
          <Field label="Reuse method" help={METHOD_WORDS[method].explain} className="method-field">
            {(id) => (
              <select id={id} value={method} onChange={(e) => store.setMethod(e.target.value as typeof method)}>
                {REUSE_METHODS.map((m) => <option key={m} value={m} disabled={m !== 'single' && chosen.length < 2}>{METHOD_WORDS[m].title}</option>)}
              </select>
            )}
          </Field>
          <Field label="Name (model card title)" className="grow">
            {(id) => <input id={id} type="text" value={store.name} placeholder={data.target ? `${data.target} from ${data.name}` : `Predictions from ${data.name}`} onChange={(e) => store.setText({ name: e.target.value })} />}
          </Field>
          <div style={{ paddingTop: 20 }}>
            <button type="button" className="btn primary" disabled={store.job !== null || data.missing !== null} onClick={() => void store.exportBundle()}>
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
  const { media } = result
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
        <dt>{media ? 'Takes' : 'Input columns'}</dt>
        <dd>{bundleInputWords(result)}</dd>
        {media ? (
          <>
            <dt>Fitted on</dt>
            <dd>{media.inputNote}</dd>
          </>
        ) : null}
        {result.classNames ? (
          <>
            <dt>Answers</dt>
            <dd>{result.classNames.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {media?.skipped.length ? (
        <div className="stack tight" role="region" aria-label="Learnwares left out">
          <p className="small">{plural(media.skipped.length, 'chosen learnware')} left out of the bundle:</p>
          <ul className="small">{media.skipped.map((s) => <li key={s.id}>{s.reason}</li>)}</ul>
        </div>
      ) : null}
      {result.notes.length ? (
        <ul className="small muted" style={{ margin: 0, paddingLeft: 18 }}>
          {result.notes.map((n) => <li key={n}>{n}</li>)}
        </ul>
      ) : null}
      <div className="stack tight">
        <h3>Run it</h3>
        <pre className="panel flat" aria-label="How to run the bundle">{bundleRunSnippet(result)}</pre>
        <span className="muted small">
          {media
            ? `The bundle’s README.md has the same, with example ${media.kind} and how to call it from Node.js code; prepare.mjs turns ${media.kind} into numbers exactly as the app did.`
            : 'The bundle’s README.md has the same for Node.js and Python, with example rows.'}
        </span>
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
