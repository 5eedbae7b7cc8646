/**
 * The Data screen for texts: open a CSV (by path, or an uploaded copy), choose the column that holds the
 * texts, and see how many texts there are, the language detected and a few of them.
 */
import type { TextSetView } from '../../../../shared/api'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNote, Note } from '../../components/ErrorNote'
import { Field } from '../../components/Field'
import { FileSourceField } from '../../components/FileSourceField'
import { Kpi } from '../../components/Kpi'
import { ProgressBar } from '../../components/ProgressBar'
import { formatCount } from '../../format/numbers'
import { useMediaStore } from '../../stores/mediaStore'

export function TextDataPanels(): React.JSX.Element {
  const { textPath, setTextPath, openTexts, textSet, busy, error } = useMediaStore()
  return (
    <>
      <section className="panel" aria-label="Open texts">
        <FileSourceField
          label="CSV file with texts"
          purpose="table"
          accept=".csv,.tsv,.txt,text/csv"
          path={textPath}
          onPathChange={setTextPath}
          onSource={(source) => void openTexts(source)}
          busy={busy !== null}
          placeholder="/home/you/data/reviews.csv"
          help="One text per row in one column (the column with the longest texts is taken first; choose another below)."
        />
        {busy === 'texts' ? <ProgressBar label="Reading the texts" fraction={null} /> : null}
      </section>
      <ErrorNote error={error} title="The texts could not be opened" />
      {textSet ? <TextSetPanels view={textSet} /> : <EmptyState title="No texts open yet">Type the path of a CSV with a column of texts and press Open, or upload a copy. The texts are read and embedded on this machine.</EmptyState>}
    </>
  )
}

function TextSetPanels({ view }: { view: TextSetView }): React.JSX.Element {
  const { busy, openTexts, textSource } = useMediaStore()
  return (
    <>
      <section className="panel" aria-label="What was read">
        <header>
          <h2>{view.fileName}</h2>
          {busy === 'texts' ? <span className="muted small" role="status">Reloading…</span> : null}
        </header>
        <div className="row top">
          <Field label="Column with the texts">
            {(id) => (
              <select id={id} value={view.column} disabled={busy !== null || !textSource} onChange={(e) => textSource && void openTexts(textSource, e.target.value)}>
                {view.textColumns.map((name) => <option key={name} value={name}>{name}</option>)}
              </select>
            )}
          </Field>
        </div>
        <div className="kpis">
          <Kpi name="texts" value={formatCount(view.texts)} />
          <Kpi name="language" value={view.language.length ? view.language.join(', ') : 'not recognised'} />
          <Kpi name="left out" value={formatCount(view.skippedCount)} />
        </div>
        {view.language.length === 0 ? <Note kind="warn">No language was recognised in these texts; text learnwares list the languages they were trained on, so none may be comparable.</Note> : null}
        {view.notes.length ? (
          <ul className="small muted" style={{ margin: 0, paddingLeft: 18 }} aria-label="Notes about the file">
            {view.notes.map((note) => <li key={note}>{note}</li>)}
          </ul>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="samples-title">
        <header>
          <h2 id="samples-title">First texts</h2>
          <span className="muted small">{formatCount(view.samples.length)} of {formatCount(view.texts)}</span>
        </header>
        <ol className="text-samples" aria-label="Sample texts">
          {view.samples.map((sample) => (
            <li key={sample.origin}>
              <span className="muted small">{sample.origin}</span>
              <p>{sample.text}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}
