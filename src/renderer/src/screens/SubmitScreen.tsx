/**
 * Submit: package your own ONNX model with the CSV it was trained on (or, for an image or text classifier,
 * with the images or texts open on the Data step). Three steps, each checked before
 * the next: (1) the files and the target column, (2) a semantic description in Beimingwu's vocabulary,
 * (3) pack — the spec is made here, the checker runs the model — then the learnware joins the dock and
 * the zip can be saved.
 */
import { useState } from 'react'
import { Chips } from '../components/Chips'
import { CheckList } from '../components/CheckList'
import { ErrorNote, Note } from '../components/ErrorNote'
import { Field } from '../components/Field'
import { FileSourceField } from '../components/FileSourceField'
import { Kpi } from '../components/Kpi'
import { OutputSaver } from '../components/OutputSaver'
import { ProgressBar } from '../components/ProgressBar'
import { StatusChip } from '../components/StatusChip'
import { formatCount } from '../format/numbers'
import { isCancelled } from '../api/userError'
import { EMPTY_VOCABULARY, useAppStore } from '../stores/appStore'
import { useDataStore } from '../stores/dataStore'
import { useNavigation } from '../stores/navigation'
import { useActiveSearchData, useMediaStore } from '../stores/mediaStore'
import { needsTarget, submitProblems, useSubmitStore, type SubmitStep } from '../stores/submitStore'

const STEPS: { id: SubmitStep; title: string }[] = [
  { id: 'files', title: '1. Model and data' },
  { id: 'describe', title: '2. Describe it' },
  { id: 'pack', title: '3. Pack and check' }
]

export function SubmitScreen(): React.JSX.Element {
  const step = useSubmitStore((s) => s.step)
  const setStep = useSubmitStore((s) => s.setStep)
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Submit your model</h1>
          <p>
            Turn a model you trained (exported to ONNX) and the table — or images, or texts — it was trained on into a learnware: a specification of its training data is made on
            this machine, the checker tries the model, and the package joins your dock. Share the zip if you want others to find it.
          </p>
        </div>
      </header>
      <nav aria-label="Wizard steps">
        <ol className="stepper">
          {STEPS.map((s) => (
            <li key={s.id} aria-current={s.id === step ? 'step' : undefined}>
              <button type="button" className="btn ghost small" onClick={() => setStep(s.id)}>
                {s.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {step === 'files' ? <FilesStep /> : step === 'describe' ? <DescribeStep /> : <PackStep />}
    </div>
  )
}

function FilesStep(): React.JSX.Element {
  const { model, training, useOpenData, target, setModel, setTraining, setUseOpenData, setTarget, setStep } = useSubmitStore()
  const dataset = useDataStore((s) => s.dataset)
  const textSet = useMediaStore((s) => s.textSet)
  const open = useActiveSearchData()
  const [modelPath, setModelPath] = useState('')
  const [trainingPath, setTrainingPath] = useState('')
  const usingOpen = useOpenData && open !== null
  const withTarget = needsTarget({ training, useOpenData }, open)
  const columns = usingOpen && open.kind === 'texts' ? (textSet?.textColumns ?? []) : (dataset?.columns.map((c) => c.name) ?? [])
  const problems: string[] = []
  if (!model) problems.push('Choose the ONNX model file.')
  if (!usingOpen && !training) problems.push('Choose the training CSV.')
  if (withTarget && !target.trim()) problems.push(usingOpen && open.kind === 'texts' ? 'Name the label column.' : 'Name the target column.')
  return (
    <section className="panel" aria-label="Model and data">
      <h2>The model</h2>
      <FileSourceField label="ONNX model" purpose="model" accept=".onnx" path={modelPath} onPathChange={setModelPath} openLabel="Use this model" placeholder="/home/you/models/model.onnx" onSource={(source, name) => setModel({ source, displayName: name })} />
      {model ? <Note kind="ok">Model: <strong>{model.displayName}</strong></Note> : null}

      <h2>The training data</h2>
      {open ? (
        <label className="check">
          <input type="checkbox" checked={usingOpen} onChange={(e) => setUseOpenData(e.target.checked)} />
          {open.kind === 'table'
            ? <>Use the table open on the Data step (<strong>{open.name}</strong>{dataset ? `, ${formatCount(dataset.totalRows)} rows` : ''})</>
            : <>Use the {open.kind} open on the Data step (<strong>{open.name}</strong>)</>}
        </label>
      ) : null}
      {usingOpen && open.kind !== 'table' ? (
        <p className="muted small">
          {open.kind === 'images'
            ? 'An image learnware is a classifier over [N, C, H, W] pixels at the size of these images; each image’s class is its sub-folder.'
            : 'A text learnware is a classifier over the texts’ built-in embedding (384 numbers per text); name the column that holds each text’s class.'}
        </p>
      ) : null}
      {!usingOpen ? (
        <>
          <FileSourceField label="Training CSV" purpose="table" accept=".csv,.tsv,.txt,text/csv" path={trainingPath} onPathChange={setTrainingPath} openLabel="Use this file" placeholder="/home/you/data/training.csv" onSource={(source, name) => setTraining({ source, displayName: name })} />
          {training ? <Note kind="ok">Training data: <strong>{training.displayName}</strong></Note> : null}
        </>
      ) : null}
      {withTarget ? (
        <Field
          label={usingOpen && open.kind === 'texts' ? 'Label column (the class of each text)' : 'Target column (what the model predicts)'}
          help="Its values become the learnware's output classes or values."
        >
          {(id) => (
            <>
              <input id={id} type="text" list={`${id}-columns`} value={target} onChange={(e) => setTarget(e.target.value)} placeholder={dataset?.target?.name ?? 'e.g. species'} style={{ maxWidth: 320 }} />
              <datalist id={`${id}-columns`}>{columns.map((c) => <option key={c} value={c} />)}</datalist>
            </>
          )}
        </Field>
      ) : null}
      <div className="row end">
        {problems.length ? <span className="muted small grow">{problems.join(' ')}</span> : null}
        <button type="button" className="btn primary" disabled={problems.length > 0} onClick={() => setStep('describe')}>
          Next: describe it →
        </button>
      </div>
    </section>
  )
}

function DescribeStep(): React.JSX.Element {
  const { semantic, setSemantic, setStep } = useSubmitStore()
  const vocabulary = useAppStore((s) => s.vocabulary) ?? EMPTY_VOCABULARY
  const tasks = vocabulary.packTasks.length ? vocabulary.packTasks : ['Classification', 'Regression']
  const ready = semantic.name.trim() && semantic.description.trim() && semantic.scenarios.length > 0
  return (
    <section className="panel" aria-label="Describe it">
      <div className="split">
        <div className="stack">
          <Field label="Name" help="Short and specific, e.g. “Iris species from petal sizes”.">
            {(id) => <input id={id} type="text" value={semantic.name} maxLength={200} onChange={(e) => setSemantic({ name: e.target.value })} />}
          </Field>
          <Field label="Description" help="What it predicts, from what, and where it works well.">
            {(id) => <textarea id={id} rows={5} value={semantic.description} maxLength={5000} onChange={(e) => setSemantic({ description: e.target.value })} />}
          </Field>
        </div>
        <div className="stack">
          <div className="row top">
            <Field label="Task">
              {(id) => (
                <select id={id} value={semantic.task} onChange={(e) => setSemantic({ task: e.target.value as 'Classification' | 'Regression' })}>
                  {tasks.map((t) => <option key={t} value={t}>{t}</option>)}
                </select>
              )}
            </Field>
            <Field label="Licence">
              {(id) => (
                <select id={id} value={semantic.license} onChange={(e) => setSemantic({ license: e.target.value })}>
                  {vocabulary.licenses.map((l) => <option key={l} value={l}>{l}</option>)}
                </select>
              )}
            </Field>
            <Field label="Trained with">
              {(id) => (
                <select id={id} value={semantic.library} onChange={(e) => setSemantic({ library: e.target.value })}>
                  {vocabulary.libraries.map((l) => <option key={l} value={l}>{l}</option>)}
                </select>
              )}
            </Field>
          </div>
          <Chips label="Scenarios (at least one)" options={vocabulary.scenarios} selected={semantic.scenarios} onChange={(scenarios) => setSemantic({ scenarios })} />
        </div>
      </div>
      <div className="row end">
        <button type="button" className="btn" onClick={() => setStep('files')}>← Back</button>
        <button type="button" className="btn primary" disabled={!ready} onClick={() => setStep('pack')}>
          Next: pack and check →
        </button>
      </div>
    </section>
  )
}

function PackStep(): React.JSX.Element {
  const store = useSubmitStore()
  const open = useActiveSearchData()
  const go = useNavigation((s) => s.go)
  const problems = submitProblems(store, open)
  const withTarget = needsTarget(store, open)
  const { result } = store
  return (
    <>
      <section className="panel" aria-label="Pack and check">
        <dl className="facts">
          <dt>Model</dt><dd>{store.model?.displayName ?? '—'}</dd>
          <dt>Training data</dt><dd>{store.useOpenData && open ? `${open.name} (open on the Data step)` : store.training?.displayName ?? '—'}</dd>
          <dt>Target</dt><dd>{withTarget ? (store.target || '—') : 'the images’ sub-folders'}</dd>
          <dt>Name</dt><dd>{store.semantic.name || '—'}</dd>
          <dt>Task · licence</dt><dd>{store.semantic.task} · {store.semantic.license}</dd>
          <dt>Scenarios</dt><dd>{store.semantic.scenarios.join(', ') || '—'}</dd>
        </dl>
        <label className="check">
          <input type="checkbox" checked={store.addToDock} onChange={(e) => store.setAddToDock(e.target.checked)} /> Add it to my dock
        </label>
        {problems.length ? (
          <div className="note warn" role="status">
            {problems.map((p) => <span key={p}>{p}</span>)}
          </div>
        ) : null}
        <div className="row end">
          <button type="button" className="btn" onClick={() => store.setStep('describe')}>← Back</button>
          <button type="button" className="btn primary" disabled={problems.length > 0 || store.job !== null} onClick={() => void store.pack()}>
            Pack and check
          </button>
        </div>
        {store.job ? <ProgressBar label={store.job.label} fraction={store.job.fraction} detail={store.job.detail ?? undefined} onCancel={store.job.cancel} cancelling={store.job.cancelling} /> : null}
        {isCancelled(store.error) ? <Note kind="info">Cancelled; nothing was added.</Note> : <ErrorNote error={store.error} title="The learnware could not be packed" />}
      </section>
      {result ? (
        <section className="panel" aria-labelledby="packed-title">
          <header>
            <h2 id="packed-title">Checker's verdict</h2>
            <StatusChip status={result.check.status} />
          </header>
          {result.learnwareId ? (
            <Note kind={result.check.status === 'usable' ? 'ok' : 'warn'}>
              {result.duplicate ? `An identical learnware is already in the dock: ${result.learnwareId}.` : `Added to the dock as ${result.learnwareId}.`}{' '}
              <button type="button" className="btn small" onClick={() => go('dock')}>Show in the dock</button>
            </Note>
          ) : <Note kind="info">Not added to the dock.</Note>}
          <CheckList checks={result.check.checks} collapseWhenAllPass />
          {result.warnings.length ? (
            <div className="note warn">
              {result.warnings.map((w) => <span key={w}>{w}</span>)}
            </div>
          ) : null}
          <div className="kpis">
            <Kpi name="points (K)" value={formatCount(result.spec.k)} />
            <Kpi name={result.spec.type === 'RKMEImageSpecification' ? 'image size' : 'features'} value={result.spec.featuresPerRow === null ? '32 × 32' : formatCount(result.spec.featuresPerRow)} />
            <Kpi name={result.spec.gamma === null ? 'kernel' : 'γ'} value={result.spec.gamma === null ? 'NNGP' : result.spec.gamma.toPrecision(3)} />
            <Kpi name={result.spec.type === 'RKMETableSpecification' ? 'rows described' : result.spec.type === 'RKMEImageSpecification' ? 'images described' : 'texts described'} value={formatCount(result.spec.numPoints)} />
          </div>
          <OutputSaver output={result.output} purpose="package" what="package" />
        </section>
      ) : null}
    </>
  )
}
