/**
 * Preview: before committing, how well reusing the chosen learnwares works on the user's own labelled
 * rows — every reuse method, a model trained from scratch on the same labelled rows, and the trivial
 * floor, scored on held-out rows. A metrics table, a confusion matrix whose cells show the rows behind
 * them, and a learning curve (reuse vs training from scratch as the labelled budget grows). With labelled
 * images or texts (chosen on the Data step) the same views, plus how the data reached the learnwares and
 * the chosen learnwares left out with the reason; the best method goes on to the Export step for every kind.
 */

import { EmptyState } from '../components/EmptyState'
import { ErrorNote, Note } from '../components/ErrorNote'
import { Field } from '../components/Field'
import { ProgressBar } from '../components/ProgressBar'
import { isCancelled } from '../api/userError'
import { formatCount, listSome } from '../format/numbers'
import { useDataStore } from '../stores/dataStore'
import { useExportStore } from '../stores/exportStore'
import { useNavigation } from '../stores/navigation'
import { usePreviewData, usePreviewStore } from '../stores/previewStore'
import { ITEM_WORD } from '../stores/reuseData'
import { applicableMethods, bestCandidate, defaultBudget, METHOD_WORDS } from '../stores/reuseChoices'
import { useSearchStore } from '../stores/searchStore'
import { CurvePanel } from './preview/CurvePanel'
import { MatrixPanel } from './preview/MatrixPanel'
import { MediaDataFields, MediaNotes } from './preview/MediaPreview'
import { MetricsTable } from './preview/MetricsTable'

export function PreviewScreen(): React.JSX.Element {
  const dataset = useDataStore((s) => s.dataset)
  const data = usePreviewData()
  const chosen = useSearchStore((s) => s.chosen)
  const searchResult = useSearchStore((s) => s.result)
  const store = usePreviewStore()
  const go = useNavigation((s) => s.go)

  // Texts choose their label column here, so only a table without its target sends the user back to Data.
  const needsData = !data || (data.kind !== 'texts' && data.missing !== null)
  if (needsData || chosen.length === 0) {
    const step = needsData ? 'data' : 'search'
    return (
      <div className="screen">
        <header className="screen-header"><div><h1>Preview reuse</h1></div></header>
        <EmptyState
          title={!data ? 'Open your data first' : needsData ? (data.kind === 'images' ? 'Open labelled images' : 'Choose the column to predict') : 'Choose learnwares on the Search step'}
          action={<button type="button" className="btn primary" onClick={() => go(step)}>{step === 'data' ? 'Go to Data' : 'Go to Search'}</button>}
        >
          The preview scores learnwares on data whose answer you already know, so it needs a table with its target column set, labelled images
          (one sub-folder per class, or an IDX file with its labels) or texts with a label column, and the learnwares you chose on the Search step.
        </EmptyState>
      </div>
    )
  }

  const names = new Map<string, string>()
  for (const hit of searchResult?.single ?? []) names.set(hit.id, hit.name)
  const applicable = applicableMethods(chosen.length)
  const methods = (store.methods ?? applicable).filter((m) => applicable.includes(m))
  const budget = store.labelledRows ?? defaultBudget(data.rows)
  const item = ITEM_WORD[data.kind]
  const best = store.result ? bestCandidate(store.result) : null
  const exportBest = (): void => {
    if (best && best.method !== 'scratch' && best.method !== 'majority' && best.method !== 'mean') {
      if (best.method === 'single') useSearchStore.getState().setChosen([...best.learnwareIds, ...chosen.filter((id) => !best.learnwareIds.includes(id))])
      useExportStore.getState().setMethod(best.method)
    }
    go('export')
  }

  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Preview reuse</h1>
          <p>
            How well would reusing these learnwares work on your data? Part of your labelled {item}s play the {item}s you would label; the rest check the
            answers. Everything runs on this machine.
          </p>
        </div>
        {best ? (
          <button type="button" className="btn primary" onClick={exportBest}>
            Next: export {best.label} →
          </button>
        ) : null}
      </header>

      <section className="panel" aria-label="What to try">
        <p className="small">
          <span className="muted">Learnwares: </span>
          {listSome(chosen.map((id) => names.get(id) ?? id), 3)} · <span className="muted">on</span> {data.name} ({formatCount(data.rows)} {item}s
          {data.predicting ? `, predicting ${data.predicting}` : ''})
        </p>
        {data.kind === 'table' ? null : <MediaDataFields kind={data.kind} />}
        <fieldset>
          <legend>Methods</legend>
          <div className="row">
            {applicable.map((method) => (
              <label key={method} className="check" title={METHOD_WORDS[method].explain}>
                <input
                  type="checkbox"
                  checked={methods.includes(method)}
                  onChange={(e) => store.setMethods(e.target.checked ? [...methods, method] : methods.filter((m) => m !== method))}
                />
                {METHOD_WORDS[method].title}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="row top">
          <Field label={`Labelled ${item}s (budget)`} help={`The ${item}s you would label; the other ${formatCount(Math.max(0, data.rows - budget))} check the answers.`}>
            {(id) => (
              <input id={id} type="number" min={2} max={Math.max(2, data.rows - 1)} value={budget} onChange={(e) => store.setBudget({ labelledRows: clamp(Number(e.target.value), 2, Math.max(2, data.rows - 1)) })} />
            )}
          </Field>
          <Field label="Repeats" help="Different random splits; scores are averaged.">
            {(id) => <input id={id} type="number" min={1} max={20} value={store.repeats} onChange={(e) => store.setBudget({ repeats: clamp(Number(e.target.value), 1, 20) })} />}
          </Field>
          <div className="row" style={{ paddingTop: 20 }}>
            <button type="button" className="btn primary" disabled={store.job !== null || methods.length === 0 || data.missing !== null} onClick={() => void store.run()}>
              Run the preview
            </button>
            <button type="button" className="btn" disabled={store.curveJob !== null || methods.length === 0 || data.missing !== null} onClick={() => void store.runCurve()}>
              Draw the learning curve
            </button>
          </div>
        </div>
        {store.job ? <ProgressBar label={store.job.label} fraction={store.job.fraction} detail={store.job.detail ?? undefined} onCancel={store.job.cancel} cancelling={store.job.cancelling} /> : null}
        {isCancelled(store.error) ? <Note kind="info">Preview cancelled.</Note> : <ErrorNote error={store.error} title="The preview failed" />}
      </section>

      {store.result ? (
        <>
          {store.result.media ? <MediaNotes media={store.result.media} /> : null}
          <MetricsTable result={store.result} bestId={best?.id ?? null} />
          {store.result.task === 'classification' ? <MatrixPanel result={store.result} dataset={store.result.media ? null : dataset} /> : null}
        </>
      ) : !store.job ? (
        <EmptyState title="No preview yet">Choose the methods and how many {item}s you would label, then press Run the preview.</EmptyState>
      ) : null}
      <CurvePanel />
    </div>
  )
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min
  return Math.max(min, Math.min(max, Math.round(value)))
}

