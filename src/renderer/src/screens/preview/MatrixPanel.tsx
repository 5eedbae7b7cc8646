/**
 * The confusion matrix of one candidate (first split) and, for the chosen cell, the user's rows behind
 * it: the row numbers, with their values where the Data step's preview holds them (images and texts: their
 * numbers in the order they were read).
 */
import type { DatasetView, ReusePreviewResult } from '../../../../shared/api'
import { ConfusionMatrix } from '../../components/ConfusionMatrix'
import { formatCount, plural } from '../../format/numbers'
import { usePreviewStore } from '../../stores/previewStore'

export function MatrixPanel({ result, dataset }: { result: ReusePreviewResult; dataset: DatasetView | null }): React.JSX.Element | null {
  const { matrixCandidate, cell, openCell, showMatrix } = usePreviewStore()
  const withMatrix = result.candidates.filter((c) => c.status === 'ok' && c.confusion)
  const candidate = withMatrix.find((c) => c.id === matrixCandidate) ?? withMatrix[0]
  if (!candidate || candidate.status !== 'ok' || !candidate.confusion) return null
  const confusion = candidate.confusion
  const predicted = [...confusion.classNames, 'no usable answer'].slice(0, confusion.counts[0]?.length ?? confusion.classNames.length)
  const hasNoAnswer = confusion.counts.some((row) => (row[confusion.classNames.length] ?? 0) > 0)
  const shownPredicted = hasNoAnswer ? predicted : confusion.classNames
  return (
    <section className="panel" aria-labelledby="matrix-title">
      <header>
        <h2 id="matrix-title">Where it goes wrong</h2>
        <label className="row small">
          <span className="muted">Method</span>
          <select value={candidate.id} onChange={(e) => showMatrix(e.target.value)} aria-label="Method shown in the confusion matrix">
            {withMatrix.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
          </select>
        </label>
      </header>
      <p className="muted small">Held-out rows of the first split. Green: right answers; red: mistakes. Choose a cell to see its rows.</p>
      <div className="split wide-right">
        <div style={{ alignSelf: 'start' }}>
        <ConfusionMatrix
          actual={confusion.classNames}
          predicted={shownPredicted}
          counts={confusion.counts.map((row) => row.slice(0, shownPredicted.length))}
          selected={cell}
          onSelect={openCell}
          caption={`Confusion matrix of ${candidate.label}`}
        />
        </div>
        {cell && !dataset ? (
          <CellItems
            word={result.media?.kind === 'texts' ? 'text' : 'image'}
            items={confusion.exampleRows[cell[0]]?.[cell[1]] ?? []}
            total={confusion.counts[cell[0]]?.[cell[1]] ?? 0}
            title={`Actual ${confusion.classNames[cell[0]]}, predicted ${shownPredicted[cell[1]]}`}
          />
        ) : cell && dataset ? (
          <CellRows
            dataset={dataset}
            rows={confusion.exampleRows[cell[0]]?.[cell[1]] ?? []}
            total={confusion.counts[cell[0]]?.[cell[1]] ?? 0}
            title={`Actual ${confusion.classNames[cell[0]]}, predicted ${shownPredicted[cell[1]]}`}
          />
        ) : (
          <p className="muted small">No cell chosen.</p>
        )}
      </div>
    </section>
  )
}

function CellItems({ word, items, total, title }: { word: string; items: number[]; total: number; title: string }): React.JSX.Element {
  return (
    <div className="stack tight" role="region" aria-label="Rows behind the chosen cell">
      <h3>{title}</h3>
      <span className="muted small">
        {plural(total, word)}
        {items.length < total ? `; the first ${formatCount(items.length)} are listed` : ''}, numbered from 1 in the order they were read.
      </span>
      <p className="small mono">{items.map((item) => `#${item + 1}`).join(' ') || '—'}</p>
    </div>
  )
}

function CellRows({ dataset, rows, total, title }: { dataset: DatasetView; rows: number[]; total: number; title: string }): React.JSX.Element {
  const columns = [...dataset.columns.filter((c) => c.role === 'target'), ...dataset.columns.filter((c) => c.role === 'feature').slice(0, 5)]
  return (
    <div className="stack tight" role="region" aria-label="Rows behind the chosen cell">
      <h3>{title}</h3>
      <span className="muted small">
        {plural(total, 'row')}
        {rows.length < total ? `; the first ${formatCount(rows.length)} are listed` : ''}. Row numbers count data rows from 1.
      </span>
      <div className="table-wrap" style={{ maxHeight: 240 }}>
        <table className="grid">
          <thead>
            <tr>
              <th className="num">Row</th>
              {columns.map((c) => <th key={c.index} className={c.role === 'target' ? 'target' : undefined}>{c.name}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const cells = dataset.sampled ? undefined : dataset.previewRows[row]
              return (
                <tr key={row}>
                  <td className="num">{row + 1}</td>
                  {cells ? columns.map((c) => <td key={c.index}>{cells[c.index] ?? ''}</td>) : <td className="muted" colSpan={columns.length}>beyond the rows previewed on the Data step</td>}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}
