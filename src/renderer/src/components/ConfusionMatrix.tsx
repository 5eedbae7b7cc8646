/**
 * A confusion matrix whose cells are buttons: choosing one shows the user's rows behind it (Orange's and
 * KNIME's "click an error, see the rows"). Cell shade grows with the share of the actual class; the
 * diagonal is green, mistakes red, so a non-expert sees at a glance where the model goes wrong.
 *
 * Example:
 *   <ConfusionMatrix actual={['a', 'b']} predicted={['a', 'b', 'no answer']} counts={[[5, 1, 0], [0, 7, 0]]}
 *     selected={[0, 1]} onSelect={setCell} />
 */
export interface ConfusionMatrixProps {
  actual: string[]
  /** Usually the same classes, possibly plus a "no usable answer" column. */
  predicted: string[]
  /** counts[actual][predicted]. */
  counts: number[][]
  selected: [number, number] | null
  onSelect: (cell: [number, number] | null) => void
  caption?: string
}

export function ConfusionMatrix({ actual: actualNames, predicted: predictedNames, counts, selected, onSelect, caption }: ConfusionMatrixProps): React.JSX.Element {
  return (
    <div className="table-wrap" style={{ width: 'fit-content', maxWidth: '100%' }}>
      <table className="matrix">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">actual ↓ / predicted →</th>
            {predictedNames.map((name) => <th key={name} scope="col">{name}</th>)}
          </tr>
        </thead>
        <tbody>
          {actualNames.map((actual, a) => {
            const rowTotal = counts[a]?.reduce((sum, n) => sum + n, 0) ?? 0
            return (
              <tr key={actual}>
                <th scope="row">{actual}</th>
                {predictedNames.map((predicted, p) => {
                  const n = counts[a]?.[p] ?? 0
                  const share = rowTotal > 0 ? n / rowTotal : 0
                  const isSelected = selected !== null && selected[0] === a && selected[1] === p
                  return (
                    <td key={predicted} style={{ background: cellColour(a === p, share) }}>
                      <button
                        type="button"
                        aria-pressed={isSelected}
                        aria-label={`${n} rows with actual ${actual}, predicted ${predicted}`}
                        disabled={n === 0}
                        onClick={() => onSelect(isSelected ? null : [a, p])}
                      >
                        {n}
                      </button>
                    </td>
                  )
                })}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function cellColour(correct: boolean, share: number): string {
  if (share === 0) return 'transparent'
  const alpha = (0.12 + share * 0.55).toFixed(2)
  return correct ? `rgba(31, 122, 68, ${alpha})` : `rgba(179, 38, 30, ${alpha})`
}
