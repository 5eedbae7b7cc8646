/**
 * Search: semantic filters over the dock and, with the open data, the statistical search — single
 * learnwares ranked with score bars and MMD², the recommended combination with its weights, and which of
 * the user's columns were aligned (by name) with each learnware's inputs. Picks feed the Preview step. With
 * images or texts (chosen on the Data screen) it ranks image or text learnwares, and says how texts were
 * compared (language, embedder, learnwares that could not be).
 */
import type { ColumnAlignmentView, SearchHitView, SearchResultView } from '../../../shared/api'
import { EmptyState } from '../components/EmptyState'
import { ErrorNote, Note } from '../components/ErrorNote'
import { Field } from '../components/Field'
import { FilterBar } from '../components/FilterBar'
import { ProgressBar } from '../components/ProgressBar'
import { ScoreBar } from '../components/ScoreBar'
import { StatusChip } from '../components/StatusChip'
import { formatMmd2, formatPercent, formatSeconds, listSome, plural } from '../format/numbers'
import { isCancelled } from '../api/userError'
import { EMPTY_VOCABULARY, useAppStore } from '../stores/appStore'
import { useDataStore } from '../stores/dataStore'
import { useActiveSearchData } from '../stores/mediaStore'
import { useNavigation } from '../stores/navigation'
import { useSearchStore } from '../stores/searchStore'

export function SearchScreen(): React.JSX.Element {
  const store = useSearchStore()
  const vocabulary = useAppStore((s) => s.vocabulary) ?? EMPTY_VOCABULARY
  const data = useActiveSearchData()
  const dataVersion = useDataStore((s) => s.version)
  const go = useNavigation((s) => s.go)
  const result = store.result
  const stale = result !== null && result.datasetId !== null && (result.datasetId !== data?.id || (result.dataKind === 'table' && store.dataVersion !== dataVersion))
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Search the dock</h1>
          <p>
            Filter by what learnwares are for, and — with your data open — rank them by how close the data they were trained on is to yours. Only the
            specification is compared; your rows are not shown to any learnware.
          </p>
        </div>
        {result && store.chosen.length ? (
          <button type="button" className="btn primary" onClick={() => go('preview')}>
            Next: preview {store.chosen.length === 1 ? 'it' : `these ${store.chosen.length}`} →
          </button>
        ) : null}
      </header>

      <section className="panel" aria-label="What to search for">
        <FilterBar vocabulary={vocabulary} values={store.filters} onChange={store.setFilters} textLabel="Words in the name or description" />
        <div className="row top">
          <label className="check" style={{ paddingTop: 20 }}>
            <input type="checkbox" checked={store.useData && data !== null} disabled={data === null} onChange={(e) => store.setOptions({ useData: e.target.checked })} />
            {data ? <>Rank by similarity to {data.kind === 'table' ? '' : `your ${data.kind}, `}<strong>{data.name}</strong></> : 'Rank by similarity to your data (open a table, images or texts on the Data step first)'}
          </label>
          <Field label="Combinations">
            {(id) => (
              <select id={id} value={store.mixture} onChange={(e) => store.setOptions({ mixture: e.target.value as 'greedy' | 'auto' | 'none' })}>
                <option value="greedy">Recommend one (greedy, as Beimingwu)</option>
                <option value="auto">Recommend one (automatic size)</option>
                <option value="none">Single learnwares only</option>
              </select>
            )}
          </Field>
          <Field label="Results">
            {(id) => (
              <select id={id} value={store.limit} onChange={(e) => store.setOptions({ limit: Number(e.target.value) })}>
                {[5, 10, 20, 50].map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            )}
          </Field>
          <div style={{ paddingTop: 20 }}>
            <button type="button" className="btn primary" disabled={store.job !== null} onClick={() => void store.run()}>
              Search
            </button>
          </div>
        </div>
        {store.job ? <ProgressBar label={store.job.label} fraction={store.job.fraction} detail={store.job.detail ?? undefined} onCancel={store.job.cancel} cancelling={store.job.cancelling} /> : null}
        {isCancelled(store.error) ? <Note kind="info">Search cancelled.</Note> : <ErrorNote error={store.error} title="The search failed" />}
      </section>

      {stale ? <Note kind="warn">Your data changed after this search; search again to rank with the new data.</Note> : null}
      {result ? <Results result={result} /> : (
        <EmptyState title="No search yet">
          {data ? 'Press Search to rank the dock’s learnwares by how well their training data matches yours.' : 'Press Search to filter the dock, or open your data first to rank learnwares by similarity.'}
        </EmptyState>
      )}
    </div>
  )
}

function Results({ result }: { result: SearchResultView }): React.JSX.Element {
  const statistical = result.datasetId !== null
  if (result.single.length === 0) {
    return (
      <EmptyState title="Nothing matched">
        {result.semanticMatches === 0
          ? 'No learnware passes these filters. Remove some filters and search again.'
          : `${plural(result.semanticMatches, 'learnware')} passed the filters, but none scored high enough for your data${result.skippedForDimension.length ? ` (${plural(result.skippedForDimension.length, 'learnware')} expect a different number of columns)` : ''}.`}
      </EmptyState>
    )
  }
  return (
    <>
      <p className="muted small" aria-live="polite">
        {plural(result.semanticMatches, 'learnware')} passed the filters; searched in {formatSeconds(result.seconds)}.
        {result.skippedForDimension.length ? ` ${plural(result.skippedForDimension.length, 'learnware')} left out: they expect a different number of columns.` : ''}
      </p>
      {result.dataKind === 'images' || result.dataKind === 'texts' ? (
        <Note kind="info">
          <span>
            These are {result.dataKind === 'images' ? 'image' : 'text'} learnwares. The Preview step tries them on your labelled {result.dataKind}
            {result.dataKind === 'images' ? ' (classes from the sub-folders or an IDX labels file)' : ' (with a label column)'}, and the Export step writes a bundle that runs on raw {result.dataKind}.
          </span>
        </Note>
      ) : null}
      {result.texts ? <TextSearchPanel texts={result.texts} /> : null}
      {result.mixture && result.mixture.members.length > 1 ? <MixturePanel result={result} /> : null}
      <SingleResults hits={result.single} statistical={statistical} />
      {result.alignments.length ? <AlignmentPanel alignments={result.alignments} result={result} /> : null}
    </>
  )
}

function MixturePanel({ result }: { result: SearchResultView }): React.JSX.Element {
  const mixture = result.mixture!
  const { chosen, setChosen } = useSearchStore()
  const ids = mixture.members.map((m) => m.id)
  const isChosen = ids.length === chosen.length && ids.every((id) => chosen.includes(id))
  return (
    <section className="panel" aria-labelledby="mixture-title" style={{ borderColor: 'var(--accent)' }}>
      <header>
        <h2 id="mixture-title">Recommended combination</h2>
        <span className="row small">
          <span className="muted">score</span> <strong>{formatPercent(mixture.score)}</strong>
          <span className="muted">MMD²</span> <strong>{formatMmd2(mixture.mmd2)}</strong>
        </span>
      </header>
      <p className="muted small">Together these learnwares cover your data better than any one alone. The weights say how much of your data each one matches.</p>
      <table className="grid">
        <thead>
          <tr><th>Learnware</th><th>Weight</th></tr>
        </thead>
        <tbody>
          {mixture.members.map((member) => (
            <tr key={member.id}>
              <td>{member.name} <span className="muted small mono">{member.id}</span></td>
              <td style={{ width: '45%' }}><ScoreBar score={member.weight} label={`Weight of ${member.name}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row end">
        <button type="button" className="btn" aria-pressed={isChosen} onClick={() => setChosen(ids)}>
          {isChosen ? '✓ Chosen for preview' : 'Choose this combination'}
        </button>
      </div>
    </section>
  )
}

function TextSearchPanel({ texts }: { texts: NonNullable<SearchResultView['texts']> }): React.JSX.Element {
  return (
    <section className="panel" aria-labelledby="texts-title">
      <header>
        <h2 id="texts-title">How your texts were compared</h2>
      </header>
      <p className="small">
        Language of your texts: <strong>{texts.language.length ? texts.language.join(', ') : 'not recognised'}</strong>. Embedded with{' '}
        <span className="mono">{texts.embedders.length ? listSome(texts.embedders, 3) : 'no embedder (nothing to compare)'}</span>.
      </p>
      {texts.incomparable.length ? (
        <>
          <p className="muted small">{plural(texts.incomparable.length, 'text learnware')} could not be compared:</p>
          <ul className="small muted" style={{ margin: 0, paddingLeft: 18 }} aria-label="Text learnwares not compared">
            {texts.incomparable.slice(0, 10).map((item) => <li key={item.id}><span className="mono">{item.id}</span>: {item.reason}</li>)}
            {texts.incomparable.length > 10 ? <li>… and {texts.incomparable.length - 10} more</li> : null}
          </ul>
        </>
      ) : null}
    </section>
  )
}

function SingleResults({ hits, statistical }: { hits: SearchHitView[]; statistical: boolean }): React.JSX.Element {
  const { chosen, setChosen } = useSearchStore()
  const toggle = (id: string): void => setChosen(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id])
  return (
    <section className="panel" aria-labelledby="single-title">
      <header>
        <h2 id="single-title">{statistical ? 'Best single learnwares' : 'Matching learnwares'}</h2>
        <span className="muted small">{statistical ? 'Score: Beimingwu’s matching score. MMD²: distance between the data sketches (smaller is closer).' : 'Ranked by how well the words match.'}</span>
      </header>
      <div className="table-wrap">
        <table className="grid">
          <thead>
            <tr>
              <th>Preview</th>
              <th className="num">#</th>
              <th>Learnware</th>
              <th>Status</th>
              <th>Score</th>
              {statistical ? <th className="num">MMD²</th> : null}
            </tr>
          </thead>
          <tbody>
            {hits.map((hit, i) => (
              <tr key={hit.id} className={chosen.includes(hit.id) ? 'selected' : undefined}>
                <td>
                  <input type="checkbox" aria-label={`Preview ${hit.name}`} checked={chosen.includes(hit.id)} disabled={hit.learnware.status !== 'usable'} onChange={() => toggle(hit.id)} />
                </td>
                <td className="num">{i + 1}</td>
                <td style={{ whiteSpace: 'normal' }}>
                  <strong>{hit.name}</strong> <span className="muted small mono">{hit.id}</span>
                  <div className="small muted">{[hit.learnware.dataType === 'Table' ? null : hit.learnware.dataType, hit.learnware.task, hit.learnware.featuresPerRow ? `${hit.learnware.featuresPerRow} features` : null, hit.learnware.license].filter(Boolean).join(' · ')}</div>
                </td>
                <td><StatusChip status={hit.learnware.status} title={hit.learnware.statusReason || undefined} /></td>
                <td style={{ width: 220 }}><ScoreBar score={hit.score} label={`Score of ${hit.name}`} /></td>
                {statistical ? <td className="num">{formatMmd2(hit.mmd2)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function AlignmentPanel({ alignments, result }: { alignments: ColumnAlignmentView[]; result: SearchResultView }): React.JSX.Element {
  const names = new Map(result.single.map((hit) => [hit.id, hit.name]))
  for (const member of result.mixture?.members ?? []) names.set(member.id, member.name)
  return (
    <section className="panel" aria-labelledby="alignment-title">
      <header>
        <h2 id="alignment-title">How your columns were matched</h2>
      </header>
      <p className="muted small">Learnwares that name their input columns get your columns by name, in their own order; the others take your columns in file order.</p>
      <div className="table-wrap">
        <table className="grid">
          <thead>
            <tr><th>Matched</th><th>Learnwares</th><th>Your columns used</th><th>Left out</th></tr>
          </thead>
          <tbody>
            {alignments.map((alignment, i) => (
              <tr key={i}>
                <td>{alignment.by === 'name' ? 'by name' : 'by position'}</td>
                <td style={{ whiteSpace: 'normal' }}>{listSome(alignment.learnwareIds.map((id) => names.get(id) ?? id), 3)}</td>
                <td style={{ whiteSpace: 'normal' }}>{alignment.by === 'name' ? listSome(alignment.matchedColumns, 6) : `${alignment.matchedColumns.length} columns in file order`}</td>
                <td style={{ whiteSpace: 'normal' }}>{alignment.unusedColumns.length ? alignment.unusedColumns.join(', ') : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
