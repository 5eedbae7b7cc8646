/**
 * A small hand-rolled SVG line chart for learning curves: x = labelled rows used, y = a metric. Each series
 * is drawn with its own colour and listed in a legend; the data is also available as a table for screen
 * readers (the SVG is decorative for them).
 *
 * Example:
 *   <LineChart title="Accuracy vs labelled rows" xLabel="labelled rows" yLabel="accuracy"
 *     series={[{ name: 'Reuse', colour: '#2457c5', points: [{ x: 10, y: 0.8 }] }]} />
 */
import { formatMetric } from '../format/numbers'

export interface ChartSeries {
  name: string
  colour: string
  dashed?: boolean
  points: { x: number; y: number }[]
}

export interface LineChartProps {
  title: string
  xLabel: string
  yLabel: string
  series: ChartSeries[]
  width?: number
  height?: number
}

const MARGIN = { left: 54, right: 14, top: 12, bottom: 38 }

export function LineChart({ title, xLabel, yLabel, series, width = 520, height = 260 }: LineChartProps): React.JSX.Element {
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
  const [xMin, xMax] = extent(all.map((p) => p.x))
  const [yMin, yMax] = niceExtent(all.map((p) => p.y))
  const plotW = width - MARGIN.left - MARGIN.right
  const plotH = height - MARGIN.top - MARGIN.bottom
  const sx = (x: number): number => MARGIN.left + (xMax === xMin ? plotW / 2 : ((x - xMin) / (xMax - xMin)) * plotW)
  const sy = (y: number): number => MARGIN.top + plotH - (yMax === yMin ? plotH / 2 : ((y - yMin) / (yMax - yMin)) * plotH)
  const yTicks = ticks(yMin, yMax, 5)
  const xTicks = Array.from(new Set(all.map((p) => p.x))).sort((a, b) => a - b)
  const shownXTicks = thin(xTicks, 8)
  return (
    <figure className="stack tight" style={{ margin: 0 }}>
      <figcaption className="small"><strong>{title}</strong></figcaption>
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label={title}>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line className="gridline" x1={MARGIN.left} x2={width - MARGIN.right} y1={sy(t)} y2={sy(t)} />
            <text x={MARGIN.left - 6} y={sy(t) + 4} textAnchor="end">{formatMetric(t)}</text>
          </g>
        ))}
        <line className="axis" x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + plotH} />
        <line className="axis" x1={MARGIN.left} x2={width - MARGIN.right} y1={MARGIN.top + plotH} y2={MARGIN.top + plotH} />
        {shownXTicks.map((t) => (
          <text key={`x${t}`} x={sx(t)} y={MARGIN.top + plotH + 16} textAnchor="middle">{t}</text>
        ))}
        <text x={MARGIN.left + plotW / 2} y={height - 4} textAnchor="middle">{xLabel}</text>
        <text x={12} y={MARGIN.top + plotH / 2} textAnchor="middle" transform={`rotate(-90 12 ${MARGIN.top + plotH / 2})`}>{yLabel}</text>
        {series.map((s) => {
          const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x)
          if (pts.length === 0) return null
          const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')
          return (
            <g key={s.name}>
              <path d={d} fill="none" stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} />
              {pts.map((p) => <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={3} fill={s.colour} />)}
            </g>
          )
        })}
      </svg>
      <div className="legend" aria-hidden="true">
        {series.map((s) => (
          <span key={s.name} style={{ ['--swatch' as string]: s.colour }}>{s.name}</span>
        ))}
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead><tr><th>{xLabel}</th>{series.map((s) => <th key={s.name}>{s.name}</th>)}</tr></thead>
        <tbody>
          {xTicks.map((x) => (
            <tr key={x}><td>{x}</td>{series.map((s) => <td key={s.name}>{formatMetric(s.points.find((p) => p.x === x)?.y)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}

function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1]
  return [Math.min(...values), Math.max(...values)]
}

function niceExtent(values: number[]): [number, number] {
  const [lo, hi] = extent(values)
  if (lo === hi) return [lo - (Math.abs(lo) || 1) * 0.1, hi + (Math.abs(hi) || 1) * 0.1]
  const pad = (hi - lo) * 0.08
  const low = lo >= 0 && lo - pad < 0 ? 0 : lo - pad
  return [low, hi + pad]
}

function ticks(lo: number, hi: number, count: number): number[] {
  const step = niceStep((hi - lo) / count)
  const first = Math.ceil(lo / step) * step
  const out: number[] = []
  for (let t = first; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)))
  return out
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1
  const power = Math.pow(10, Math.floor(Math.log10(raw)))
  const scaled = raw / power
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power
}

function thin(values: number[], most: number): number[] {
  if (values.length <= most) return values
  const every = Math.ceil(values.length / most)
  return values.filter((_, i) => i % every === 0 || i === values.length - 1)
}
