/**
 * `learnware-dock reuse preview --data data.csv --target COL [--ids a,b | --from-search [--limit 3]]
 *  [--labelled 100] [--repeats 5] [--methods single,averaging,…] [--seed 0] [--curve] [--json]` — before
 * committing to learnwares, shows on the user's own rows how each reuse method does against a model trained
 * from scratch on the same labelled rows (and the majority-class / mean floor): mean ± std of every metric
 * over seeded splits. A method that cannot work with these learnwares is listed with its reason. `--curve`
 * adds the learning curve: the same comparison at growing labelled budgets, and where training from
 * scratch catches up. Everything runs on this machine. Images (`--images DIR|IDX`) and texts (`--data f.csv
 * --text-column C --target L`) are scored the same way, as the pixel / embedding table their learnwares take
 * (reuseMedia.ts; engine/reuse mediaReuse.ts).
 *
 * JSON: {"source","target","data":{"kind":"images"|"texts","note"}|null,"task","classNames"|null,"usableRows","labelledRows","heldOutRows","repeats","seed",
 *        "metricNames":[…],"learnwares":[{"id","name"}…],"search":{"single":[…],"mixture":[…]|null}|null,
 *        "skipped":[{"id","name","reason"}…],
 *        "candidates":[{"id","label","kind","method","learnwareIds","status":"ok","metrics":{"accuracy":{"mean","std","values"}…},
 *                       "elapsedMs","confusion"?:[[…]…],"summary"?:{…}} | {…,"status":"failed","error":{"code","message","hint"?}}…],
 *        "curve":{"sizes","skippedSizes","heldOutRows","repeats","metricNames","series":[{"id","label","kind","method",
 *                 "learnwareIds","mean":{"accuracy":[…]},"std":{…},"errors":[…]}…],"scratchCatchesUpAt"}|null}
 * (a metric that could not be computed is null)
 *
 * Example:
 *   learnware-dock reuse preview --data my_wines.csv --target cultivar --from-search --labelled 50 --curve
 *   learnware-dock reuse preview --images photos/ --from-search --labelled 20
 */

import {
  DEFAULT_CURVE_SIZES,
  learningCurve,
  previewReuse,
  REUSE_METHODS,
  type CandidateError,
  type CandidateInfo,
  type CandidateOutcome,
  type LearningCurve,
  type MetricName,
  type MetricSummary,
  type ReuseComparisonOptions,
  type ReuseSummary,
  type ReuseTask
} from '../../engine/reuse'
import { choiceListOption, numberOption, positionals, positiveIntegerOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { progressBar } from '../terminal'
import { learnwareSource, type ReuseSelection } from './reuseInput'
import { mediaNote, readReuseInput, selectForReuse, type MediaData } from './reuseMedia'

const USAGE = 'learnware-dock reuse preview (--data data.csv --target COL | --images DIR|IDX [--classes a,b,…] | --data texts.csv --text-column C --target L [--embedder-model DIR]) (--ids a,b | --from-search) [--labelled 100] [--repeats 5] [--methods single,averaging,…] [--curve]'

export type CandidateJson = CandidateInfo & (
  | {
      status: 'ok'
      metrics: Partial<Record<MetricName, { mean: number | null; std: number | null; values: (number | null)[] }>>
      elapsedMs: number
      /** Classification, first split: counts per actual class × predicted class (+ a last column: no usable answer). */
      confusion?: number[][]
      summary?: ReuseSummary
    }
  | { status: 'failed'; error: CandidateError }
)

export interface CurveJson {
  sizes: number[]
  skippedSizes: number[]
  heldOutRows: number
  repeats: number
  metricNames: MetricName[]
  series: (CandidateInfo & { mean: Partial<Record<MetricName, (number | null)[]>>; std: Partial<Record<MetricName, (number | null)[]>>; errors: (CandidateError | null)[] })[]
  scratchCatchesUpAt: number | null
}

export interface ReusePreviewCommandResult {
  source: string
  target: string
  /** Images or texts: how they reached the learnwares (a pixel / embedding table); null for a table. */
  data: { kind: MediaData['kind']; note: string } | null
  task: ReuseTask
  classNames: string[] | null
  usableRows: number
  labelledRows: number
  heldOutRows: number
  repeats: number
  seed: number
  metricNames: MetricName[]
  learnwares: { id: string; name: string }[]
  search: ReuseSelection['search']
  skipped: ReuseSelection['skipped']
  candidates: CandidateJson[]
  curve: CurveJson | null
}

export async function reusePreviewCommand(command: ParsedCommand): Promise<ReusePreviewCommandResult> {
  positionals(command, 0, USAGE)
  const source = learnwareSource(command, USAGE)
  const methods = choiceListOption(command.values.methods, 'methods', REUSE_METHODS)
  const repeats = positiveIntegerOption(command.values.repeats, 'repeats') ?? 5
  const seed = numberOption(command.values.seed, 'seed') ?? 0
  const withCurve = command.values.curve === true
  const input = await readReuseInput(command, USAGE)
  const media = input.media
  try {
    return await withDock(command, async (dock, cache) => {
      const { table, selection, labelledRows } = await selectForReuse(command, source, dock, cache, input)
      const options: ReuseComparisonOptions = { table, learnwares: selection.learnwares, methods, repeats, seed, cache }
      const bar = progressBar('Previewing reuse')
      const preview = await previewReuse({ ...options, labelledRows, onProgress: bar.listener })
      bar.done()
      let curve: LearningCurve | null = null
      if (withCurve) {
        const curveBar = progressBar('Learning curve')
        curve = await learningCurve({ ...options, sizes: [...DEFAULT_CURVE_SIZES, labelledRows], onProgress: curveBar.listener })
        curveBar.done()
      }
      return {
        source: table.source,
        target: media?.kind === 'texts' ? media.target : table.target!.name,
        data: media ? { kind: media.kind, note: mediaNote(media, table) } : null,
        task: preview.task,
        classNames: preview.classNames ?? null,
        usableRows: preview.usableRows,
        labelledRows: preview.labelledRows,
        heldOutRows: preview.heldOutRows,
        repeats: preview.repeats,
        seed: preview.seed,
        metricNames: preview.metricNames,
        learnwares: selection.learnwares.map(({ id, name }) => ({ id, name })),
        search: selection.search,
        skipped: selection.skipped,
        candidates: preview.candidates.map(candidateJson),
        curve: curve && curveJson(curve)
      }
    })
  } finally {
    await media?.embedder?.dispose?.()
  }
}

function candidateJson(outcome: CandidateOutcome): CandidateJson {
  const { id, label, kind, method, learnwareIds } = outcome
  const info = { id, label, kind, method, learnwareIds }
  if (outcome.status === 'failed') return { ...info, status: 'failed', error: outcome.error }
  const metrics: Extract<CandidateJson, { status: 'ok' }>['metrics'] = {}
  for (const [name, summary] of Object.entries(outcome.metrics) as [MetricName, MetricSummary][]) {
    metrics[name] = { mean: finite(summary.mean), std: finite(summary.std), values: summary.values.map(finite) }
  }
  const confusion = outcome.confusion
    ? Array.from({ length: outcome.confusion.classCount }, (_, a) => Array.from(outcome.confusion!.counts.subarray(a * outcome.confusion!.columns, (a + 1) * outcome.confusion!.columns)))
    : undefined
  return {
    ...info,
    status: 'ok',
    metrics,
    elapsedMs: Math.round(outcome.elapsedMs),
    ...(confusion ? { confusion } : {}),
    ...(outcome.summary ? { summary: outcome.summary } : {})
  }
}

function curveJson(curve: LearningCurve): CurveJson {
  const points = (series: Partial<Record<MetricName, Float64Array>>) =>
    Object.fromEntries(Object.entries(series).map(([name, values]) => [name, Array.from(values!, finite)])) as Partial<Record<MetricName, (number | null)[]>>
  return {
    sizes: curve.sizes,
    skippedSizes: curve.skippedSizes,
    heldOutRows: curve.heldOutRows,
    repeats: curve.repeats,
    metricNames: curve.metricNames,
    series: curve.series.map(({ id, label, kind, method, learnwareIds, mean, std, errors }) => ({ id, label, kind, method, learnwareIds, mean: points(mean), std: points(std), errors })),
    scratchCatchesUpAt: curve.scratchCatchesUpAt
  }
}

/** JSON has no NaN: a metric that could not be computed is null. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null
}

