/**
 * The learning curve: the headline metric at growing labelled budgets, for training from scratch and for
 * each reuse method — where the scratch line catches up is how many rows reuse saves you from labelling.
 */
import { ErrorNote, Note } from '../../components/ErrorNote'
import { LineChart, type ChartSeries } from '../../components/LineChart'
import { ProgressBar } from '../../components/ProgressBar'
import { isCancelled } from '../../api/userError'
import { formatCount } from '../../format/numbers'
import { usePreviewStore } from '../../stores/previewStore'
import { LOWER_IS_BETTER } from '../../stores/reuseChoices'
import { metricWord } from './metricWords'

const REUSE_COLOURS = ['#2457c5', '#c2761b', '#7b3fb8', '#0f8a8a', '#b0367a', '#4f7d1f', '#8a5a00']

export function CurvePanel(): React.JSX.Element | null {
  const { curve, curveJob, curveError } = usePreviewStore()
  if (!curve && !curveJob && !curveError) return null
  return (
    <section className="panel" aria-labelledby="curve-title">
      <header>
        <h2 id="curve-title">Learning curve: reuse vs training from scratch</h2>
      </header>
      {curveJob ? <ProgressBar label={curveJob.label} fraction={curveJob.fraction} detail={curveJob.detail ?? undefined} onCancel={curveJob.cancel} cancelling={curveJob.cancelling} /> : null}
      {isCancelled(curveError) ? <Note kind="info">Learning curve cancelled.</Note> : <ErrorNote error={curveError} title="The learning curve failed" />}
      {curve ? <CurveChart /> : null}
    </section>
  )
}

type Series = NonNullable<ReturnType<typeof usePreviewStore.getState>['curve']>['series'][number]

/**
 * Keeps the chart readable: every combining method, only the best of the single learnwares, training from
 * scratch, and the floor.
 */
function chartedSeries(all: Series[], metric: string): Series[] {
  const sign = LOWER_IS_BETTER.has(metric) ? -1 : 1
  const average = (s: Series): number => {
    const values = (s.mean[metric] ?? []).filter((v): v is number => v !== null)
    return values.length ? (sign * values.reduce((a, b) => a + b, 0)) / values.length : -Infinity
  }
  const singles = all.filter((s) => s.method === 'single')
  const bestSingle = singles.length ? singles.reduce((best, s) => (average(s) > average(best) ? s : best)) : null
  return all.filter((s) => s.method !== 'single' || s === bestSingle)
}

function CurveChart(): React.JSX.Element {
  const curve = usePreviewStore((s) => s.curve)!
  const metric = curve.metricNames[0]
  let colour = 0
  const series: ChartSeries[] = chartedSeries(curve.series, metric)
    .map((s) => ({
      name: s.label,
      colour: s.kind === 'scratch' ? '#1d2330' : s.kind === 'baseline' ? '#8a93a3' : REUSE_COLOURS[colour++ % REUSE_COLOURS.length],
      dashed: s.kind !== 'reuse',
      points: curve.sizes.flatMap((size, i) => {
        const y = s.mean[metric]?.[i]
        return y === null || y === undefined ? [] : [{ x: size, y }]
      })
    }))
  return (
    <div className="stack">
      <LineChart title={`${metricWord(metric)} on held-out rows`} xLabel="labelled rows" yLabel={metricWord(metric)} series={series} width={760} height={280} />
      <Note kind={curve.scratchCatchesUpAt === null ? 'ok' : 'info'}>
        {curve.scratchCatchesUpAt === null
          ? `Training from scratch did not catch up with reuse at any budget tried (up to ${formatCount(curve.sizes[curve.sizes.length - 1])} labelled rows).`
          : `Training from scratch catches up with every reuse method at ${formatCount(curve.scratchCatchesUpAt)} labelled rows.`}
      </Note>
      {curve.skippedSizes.length ? <span className="muted small">Budgets left out (the table has too few rows): {curve.skippedSizes.join(', ')}.</span> : null}
    </div>
  )
}
