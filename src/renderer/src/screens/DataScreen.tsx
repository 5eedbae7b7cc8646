/**
 * Data: open a CSV (by path, or an uploaded copy), see it as the engine read it — detected delimiter,
 * header and text encoding (each overridable), every column's type and role, missing values and how they
 * will be filled — and a preview grid of the first rows. Or, for image and text learnwares, a folder of
 * images (data/ImageDataPanels.tsx) or a CSV's text column (data/TextDataPanels.tsx).
 */
import { DELIMITERS, TEXT_ENCODINGS, type ColumnView, type DatasetView } from '../../../shared/api'
import { EmptyState } from '../components/EmptyState'
import { ErrorNote, Note } from '../components/ErrorNote'
import { Field } from '../components/Field'
import { FileSourceField } from '../components/FileSourceField'
import { ProgressBar } from '../components/ProgressBar'
import { delimiterName, formatBytes, formatCount, formatMetric, plural } from '../format/numbers'
import { columnChoiceOf, useDataStore, type ColumnChoice } from '../stores/dataStore'
import { useNavigation } from '../stores/navigation'
import { Kpi } from '../components/Kpi'
import { useMediaStore, type DataKind } from '../stores/mediaStore'
import { ImageDataPanels } from './data/ImageDataPanels'
import { TextDataPanels } from './data/TextDataPanels'

export function DataScreen(): React.JSX.Element {
  const dataset = useDataStore((s) => s.dataset)
  const kind = useMediaStore((s) => s.kind)
  const go = useNavigation((s) => s.go)
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Your data</h1>
          <p>Open a table (CSV), a folder of images or a column of texts. It is read on this machine and never uploaded anywhere. Check that it was understood{kind === 'table' ? ', pick the column you want to predict, then make the specification' : ', then search for learnwares made for data like it'}.</p>
        </div>
        {kind === 'table' && dataset ? (
          <button type="button" className="btn primary" onClick={() => go('spec')}>
            Next: make the specification →
          </button>
        ) : null}
        {kind !== 'table' ? (
          <button type="button" className="btn primary" onClick={() => go('search')}>
            Next: search →
          </button>
        ) : null}
      </header>
      <KindSwitch />
      {kind === 'table' ? <TableDataPanels /> : kind === 'images' ? <ImageDataPanels /> : <TextDataPanels />}
    </div>
  )
}

const KINDS: { value: DataKind; label: string }[] = [
  { value: 'table', label: 'Table (CSV)' },
  { value: 'images', label: 'Images (folder)' },
  { value: 'texts', label: 'Texts (CSV column)' }
]

function KindSwitch(): React.JSX.Element {
  const kind = useMediaStore((s) => s.kind)
  const setKind = useMediaStore((s) => s.setKind)
  return (
    <div className="row">
      <span className="muted small" id="kind-label">Kind of data</span>
      <div className="kind-switch" role="radiogroup" aria-labelledby="kind-label">
        {KINDS.map((option) => (
          <button key={option.value} type="button" role="radio" aria-checked={kind === option.value} onClick={() => setKind(option.value)}>
            {option.label}
          </button>
        ))}
      </div>
    </div>
  )
}

function TableDataPanels(): React.JSX.Element {
  const { dataset, pathInput, setPathInput, open, busy, error } = useDataStore()
  return (
    <>
      <section className="panel" aria-label="Open a table">
        <FileSourceField
          label="CSV file"
          purpose="table"
          accept=".csv,.tsv,.txt,text/csv"
          path={pathInput}
          onPathChange={setPathInput}
          onSource={(source, name) => void open(source, name)}
          busy={busy !== null}
          help="Comma, semicolon, tab or pipe separated; UTF-8, UTF-16 or Latin-1. The first row may hold column names."
        />
        {busy === 'opening' ? <ProgressBar label="Reading the file" fraction={null} /> : null}
      </section>
      <ErrorNote error={error} title={dataset ? 'The change could not be applied' : 'The file could not be opened'} />
      {dataset ? <DatasetPanels dataset={dataset} /> : <EmptyState title="No data open yet">Type the path of a CSV file and press Open, or upload a copy of it. A labelled table (one column holds the answer) lets you preview how well learnwares work on it.</EmptyState>}
    </>
  )
}

function DatasetPanels({ dataset }: { dataset: DatasetView }): React.JSX.Element {
  const { busy, configure } = useDataStore()
  const features = dataset.columns.filter((c) => c.role === 'feature').length
  const missing = dataset.columns.filter((c) => c.role === 'feature' && c.missingCount > 0)
  return (
    <>
      <section className="panel" aria-label="What was read">
        <header>
          <h2>{dataset.fileName}</h2>
          {busy === 'configuring' ? <span className="muted small" role="status">Reloading…</span> : null}
        </header>
        <div className="kpis">
          <Kpi name="rows" value={formatCount(dataset.totalRows)} />
          <Kpi name="features" value={formatCount(features)} />
          <Kpi name="target" value={dataset.target ? dataset.target.name : 'none'} />
          <Kpi name="task" value={dataset.target ? dataset.target.task : '—'} />
          <Kpi name="file size" value={formatBytes(dataset.fileBytes)} />
        </div>
        <FormatControls dataset={dataset} disabled={busy !== null} onChange={(patch) => void configure(patch)} />
        {dataset.sampled ? <Note kind="info">The file is large: {formatCount(dataset.rowsKept)} of its {formatCount(dataset.totalRows)} rows were sampled at random.</Note> : null}
        {missing.length ? (
          <Note kind="warn">
            {plural(missing.length, 'feature column')} {missing.length === 1 ? 'has' : 'have'} missing values. They are filled with the column's mean before the specification is made (see the table below).
          </Note>
        ) : null}
        {dataset.notes.length ? (
          <ul className="small muted" style={{ margin: 0, paddingLeft: 18 }} aria-label="Notes about the file">
            {dataset.notes.map((note) => <li key={note}>{note}</li>)}
          </ul>
        ) : null}
      </section>
      <ColumnsPanel dataset={dataset} />
      <PreviewGrid dataset={dataset} />
    </>
  )
}

function FormatControls({ dataset, disabled, onChange }: { dataset: DatasetView; disabled: boolean; onChange: (patch: Record<string, unknown>) => void }): React.JSX.Element {
  const { format } = dataset
  const detected = (yes: boolean): string => (yes ? ' (detected)' : ' (your choice)')
  const targetCandidates = dataset.columns.filter((c) => c.kind !== 'empty')
  return (
    <div className="row top" role="group" aria-label="How the file is read">
      <Field label={`Delimiter${detected(format.detected.delimiter)}`}>
        {(id) => (
          <select id={id} value={format.delimiter} disabled={disabled} onChange={(e) => onChange({ delimiter: e.target.value })}>
            {DELIMITERS.map((d) => <option key={d} value={d}>{delimiterName(d)}</option>)}
          </select>
        )}
      </Field>
      <Field label={`First row${detected(format.detected.hasHeader)}`}>
        {(id) => (
          <select id={id} value={format.hasHeader ? 'header' : 'data'} disabled={disabled} onChange={(e) => onChange({ hasHeader: e.target.value === 'header' })}>
            <option value="header">holds column names</option>
            <option value="data">is data</option>
          </select>
        )}
      </Field>
      <Field label={`Text encoding${detected(format.detected.textEncoding)}`}>
        {(id) => (
          <select id={id} value={format.textEncoding} disabled={disabled} onChange={(e) => onChange({ textEncoding: e.target.value })}>
            {TEXT_ENCODINGS.map((enc) => <option key={enc} value={enc}>{enc}</option>)}
            {!TEXT_ENCODINGS.includes(format.textEncoding as never) ? <option value={format.textEncoding}>{format.textEncoding}</option> : null}
          </select>
        )}
      </Field>
      <Field label="Column to predict (target)">
        {(id) => (
          <select id={id} value={dataset.target?.name ?? ''} disabled={disabled} onChange={(e) => void useDataStore.getState().setTarget(e.target.value || null)}>
            <option value="">None (unlabelled data)</option>
            {targetCandidates.map((c) => <option key={c.index} value={c.name}>{c.name}</option>)}
          </select>
        )}
      </Field>
      {dataset.target ? (
        <Field label="Task">
          {(id) => (
            <select id={id} value={dataset.target?.task} disabled={disabled} onChange={(e) => onChange({ targetTask: e.target.value })}>
              <option value="classification">Classification (categories)</option>
              <option value="regression">Regression (a number)</option>
            </select>
          )}
        </Field>
      ) : null}
    </div>
  )
}

const CHOICES: { value: ColumnChoice; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'numeric', label: 'Numeric' },
  { value: 'categorical', label: 'Categorical' },
  { value: 'text', label: 'Text (left out)' },
  { value: 'ignore', label: 'Ignore' }
]

function ColumnsPanel({ dataset }: { dataset: DatasetView }): React.JSX.Element {
  const { busy, setColumnChoice } = useDataStore()
  return (
    <section className="panel" aria-labelledby="columns-title">
      <header>
        <h2 id="columns-title">Columns ({dataset.columns.length})</h2>
        <span className="muted small">Change a column's type if it was guessed wrong; ignore columns such as ids.</span>
      </header>
      <div className="table-wrap" style={{ maxHeight: 300 }}>
        <table className="grid">
          <thead>
            <tr>
              <th>Column</th>
              <th>Detected</th>
              <th>Use as</th>
              <th>Role</th>
              <th className="num">Missing</th>
              <th>Missing cells become</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {dataset.columns.map((column) => (
              <tr key={column.index}>
                <td><strong>{column.name}</strong></td>
                <td className="muted">{kindWords(column)}</td>
                <td>
                  <select
                    aria-label={`Type of column ${column.name}`}
                    value={columnChoiceOf(dataset, column.name)}
                    disabled={busy !== null || column.role === 'target'}
                    onChange={(e) => void setColumnChoice(column.name, e.target.value as ColumnChoice)}
                  >
                    {CHOICES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                  </select>
                </td>
                <td>
                  <span className={`status ${column.role === 'target' ? 'ok' : column.role === 'feature' ? 'idle' : 'warn'}`}>{roleWords(column.role)}</span>
                </td>
                <td className={`num${column.missingCount ? ' missing' : ''}`}>{formatCount(column.missingCount + column.invalidCount)}</td>
                <td>{imputationWords(column)}</td>
                <td className="muted small" style={{ whiteSpace: 'normal', minWidth: 160 }}>{column.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function PreviewGrid({ dataset }: { dataset: DatasetView }): React.JSX.Element {
  return (
    <section className="panel" aria-labelledby="preview-title">
      <header>
        <h2 id="preview-title">First rows</h2>
        <span className="muted small">
          {formatCount(dataset.previewRows.length)} of {formatCount(dataset.totalRows)} rows
        </span>
      </header>
      <div className="table-wrap" style={{ maxHeight: 320 }}>
        <table className="grid" aria-label="Preview of the first rows">
          <thead>
            <tr>
              <th className="num">#</th>
              {dataset.columns.map((c) => (
                <th key={c.index} className={c.role === 'target' ? 'target' : c.role === 'ignored' ? 'ignored' : undefined}>
                  {c.name}
                  {c.role === 'target' ? ' (target)' : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dataset.previewRows.map((row, r) => (
              <tr key={r}>
                <td className="num muted">{r + 1}</td>
                {dataset.columns.map((c) => {
                  const cell = row[c.index] ?? ''
                  const missing = cell.trim() === ''
                  return (
                    <td key={c.index} className={missing ? 'missing' : c.role === 'ignored' ? 'ignored' : c.kind === 'numeric' ? 'num' : undefined}>
                      {missing ? 'missing' : cell}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function kindWords(column: ColumnView): string {
  if (column.kind === 'categorical' && column.categoryCount !== null) return `categorical (${column.categoryCount})`
  return column.kind
}

function roleWords(role: ColumnView['role']): string {
  return role === 'target' ? 'Target' : role === 'feature' ? 'Feature' : 'Ignored'
}

function imputationWords(column: ColumnView): string {
  if (column.role !== 'feature' || !column.imputation) return '—'
  if (column.missingCount + column.invalidCount === 0) return 'nothing missing'
  if (column.imputation.method === 'mean') return `the mean, ${formatMetric(column.imputation.value)}`
  return 'left as is'
}

