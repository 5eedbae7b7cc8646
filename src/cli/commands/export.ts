/**
 * `learnware-dock export --data data.csv --target COL --method single|averaging|job-selector|ensemble-pruning|
 *  feature-augment (--ids a,b | --from-search) --out bundle.zip [--labelled N] [--repeats 5] [--seed 0]
 *  [--name TEXT] [--description TEXT] [--json]` (or, for image / text learnwares, `--images DIR|IDX
 *  [--classes a,b,…]` or `--data texts.csv --text-column C --target L` instead of `--data`/`--target`, read
 *  as `reuse preview` reads them: reuseMedia.ts) — turns a reuse solution into one deployable bundle: the
 * reuser is fitted on the user's data (EnsemblePruning and FeatureAugment on the first N rows with a target,
 * in file order; JobSelector on the features of every row; Single and Averaging need no fitting), scored the
 * way `reuse preview` scores it (mean over seeded splits with the same labelled budget, written into the
 * model card), and exported as one ONNX graph that is verified against the app on golden rows before the
 * zip is kept. `single` exports the first learnware (the top search match with --from-search). A bundle made
 * from images or texts runs on raw images / texts (`node predict.mjs --images DIR | --texts f.csv`;
 * engine/export mediaExport.ts); with --embedder-model DIR the bundle carries that sentence model.
 *
 * JSON: {"out","bytes","sha256","name","method","task","data":{"kind":"images"|"texts","note"}|null,
 *        "learnwares":[{"id","name"}…],"skipped":[…],
 *        "fittedOn":{"rows","labelled"},"metrics":{"values":{…},"evaluatedOn"}|null,"metricsNote":…|null,
 *        "verification":{"passed","rows","task","tolerance","labelMismatches","valueMismatches","toleratedTies",
 *                        "maxAbsDifference","worst","summary"}}
 *
 * Example:
 *   learnware-dock export --data my_wines.csv --target cultivar --method ensemble-pruning --ids lwd-00000003,lwd-00000007 --out wines.zip
 *   learnware-dock export --images photos/ --method averaging --from-search --out shoes.zip
 */

import type { LoadedTable } from '../../engine/data'
import { exportBundle, exportMediaBundle, type BundleMetrics, type ExportedBundle, type VerificationReport } from '../../engine/export'
import type { OnnxModelCache } from '../../engine/runtime'
import {
  createReuser,
  labelledData,
  previewReuse,
  REUSE_METHODS,
  reuseData,
  rowsWithTarget,
  type ReuseContext,
  type ReuseLearnware,
  type ReuseMethod,
  type Reuser,
  type ReuseTask
} from '../../engine/reuse'
import { choiceOption, numberOption, positionals, positiveIntegerOption, requiredOption, stringOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { progressBar } from '../terminal'
import { formatBytes } from '../textTable'
import { learnwareSource, type ReuseSelection } from './reuseInput'
import { exportMediaOf, mediaNote, readReuseInput, selectForReuse, type MediaData } from './reuseMedia'

const USAGE = 'learnware-dock export (--data data.csv --target COL | --images DIR|IDX [--classes a,b,…] | --data texts.csv --text-column C --target L) --method single|averaging|job-selector|ensemble-pruning|feature-augment (--ids a,b | --from-search) --out bundle.zip [--labelled N]'

export interface ExportCommandResult {
  out: string
  bytes: number
  sha256: string
  name: string
  method: ReuseMethod
  task: ReuseTask
  /** Images or texts: how they reached the learnwares; the bundle takes them raw. Null for a table. */
  data: { kind: MediaData['kind']; note: string } | null
  learnwares: { id: string; name: string }[]
  skipped: ReuseSelection['skipped']
  /** Rows the reuser learnt from; `labelled`: it used their labels (else only their features, or nothing). */
  fittedOn: { rows: number; labelled: boolean }
  metrics: BundleMetrics | null
  /** Why there are no metrics (the method failed in the preview), else null. */
  metricsNote: string | null
  verification: VerificationReport
}

export async function exportCommand(command: ParsedCommand): Promise<ExportCommandResult> {
  positionals(command, 0, USAGE)
  const method = choiceOption(requiredOption(command, 'method', USAGE), 'method', REUSE_METHODS)!
  const out = requiredOption(command, 'out', USAGE)
  const source = learnwareSource(command, USAGE)
  const repeats = positiveIntegerOption(command.values.repeats, 'repeats') ?? 5
  const seed = numberOption(command.values.seed, 'seed') ?? 0
  const input = await readReuseInput(command, USAGE)
  const media = input.media
  try {
    return await withDock(command, async (dock, cache) => {
      const { table, selection, labelledRows } = await selectForReuse(command, source, dock, cache, input)
      const learnwares = method === 'single' ? selection.learnwares.slice(0, 1) : selection.learnwares
      const raw = media ? exportMediaOf(media, learnwares) : null
      const reuser = createReuser(method, learnwares, reuseContext(table, cache, seed))
      const { metrics, metricsNote } = await previewMetrics(table, learnwares, method, { labelledRows, repeats, seed, cache })
      const fittedOn = await fitReuser(reuser, table, labelledRows)
      const plan = reuser.toPlan()
      const bar = progressBar('Exporting')
      const options = { metrics: metrics ?? undefined, name: stringOption(command.values.name), description: stringOption(command.values.description), out, cache, onProgress: bar.listener }
      const bundle: ExportedBundle = raw ? await exportMediaBundle(plan, { ...options, media: raw }) : await exportBundle(plan, { ...options, goldenRows: table })
      bar.done()
      return {
        out: bundle.path!,
        bytes: bundle.zip.byteLength,
        sha256: bundle.sha256,
        name: bundle.manifest.name,
        method,
        task: plan.task,
        data: media ? { kind: media.kind, note: mediaNote(media, table) } : null,
        learnwares: learnwares.map(({ id, name }) => ({ id, name })),
        skipped: selection.skipped,
        fittedOn,
        metrics,
        metricsNote,
        verification: bundle.verification
      }
    })
  } finally {
    await media?.embedder?.dispose?.()
  }
}

function reuseContext(table: LoadedTable, cache: OnnxModelCache, seed: number): ReuseContext {
  const target = table.target!
  return {
    task: target.task,
    ...(target.classes ? { classNames: target.classes } : { targetName: target.name }),
    inputEncoding: table.encoding,
    cache,
    seed
  }
}

/** Labelled methods learn from the first `labelledRows` rows with a target; JobSelector routes by all rows. */
async function fitReuser(reuser: Reuser, table: LoadedTable, labelledRows: number): Promise<ExportCommandResult['fittedOn']> {
  const bar = progressBar(`Fitting ${reuser.method}`)
  try {
    if (reuser.needsLabels) {
      const rows = rowsWithTarget(table.target!).slice(0, labelledRows)
      await reuser.fit!(labelledData(table, rows), { onProgress: bar.listener })
      return { rows: rows.length, labelled: true }
    }
    if (reuser.fit) {
      await reuser.fit(reuseData(table, Uint32Array.from({ length: table.rowsKept }, (_, r) => r)), { onProgress: bar.listener })
      return { rows: table.rowsKept, labelled: false }
    }
    return { rows: 0, labelled: false }
  } finally {
    bar.done()
  }
}

interface PreviewSettings {
  labelledRows: number
  repeats: number
  seed: number
  cache: OnnxModelCache
}

/** The method's preview scores (means), for the model card; a failed preview leaves a note instead. */
async function previewMetrics(table: LoadedTable, learnwares: ReuseLearnware[], method: ReuseMethod, settings: PreviewSettings): Promise<Pick<ExportCommandResult, 'metrics' | 'metricsNote'>> {
  const bar = progressBar('Scoring')
  const preview = await previewReuse({ table, learnwares, methods: [method], ...settings, onProgress: bar.listener })
  bar.done()
  const id = method === 'single' ? `single:${learnwares[0].id}` : method
  const outcome = preview.candidates.find((c) => c.id === id)!
  if (outcome.status === 'failed') return { metrics: null, metricsNote: `Not scored: ${outcome.error.message}` }
  const values: Record<string, number> = {}
  for (const name of preview.metricNames) {
    const mean = outcome.metrics[name]?.mean
    if (mean !== undefined && Number.isFinite(mean)) values[name] = mean
  }
  const evaluatedOn = `${table.source}: mean over ${preview.repeats} seeded split${preview.repeats === 1 ? '' : 's'} of ${preview.labelledRows} labelled and ${preview.heldOutRows} held-out rows`
  return { metrics: { values, evaluatedOn }, metricsNote: null }
}

export function describeExport(result: ExportCommandResult): string {
  const members = result.learnwares.map((l) => `${l.id} "${l.name}"`)
  const fitted = result.fittedOn.labelled
    ? `fitted on the first ${result.fittedOn.rows} labelled rows`
    : result.fittedOn.rows > 0 ? `fitted on the features of all ${result.fittedOn.rows} rows (no labels needed)` : 'no fitting needed'
  const lines = [
    `Exported ${result.method} (${result.task}) of ${members.length === 1 ? members[0] : `${members.length} learnwares`}; ${fitted}.`,
    ...(members.length > 1 ? members.map((m) => `  ${m}`) : []),
    result.metrics
      ? `Preview: ${Object.entries(result.metrics.values).map(([name, value]) => `${name} ${Number(value.toFixed(4))}`).join(', ')} (${result.metrics.evaluatedOn})`
      : (result.metricsNote ?? 'Preview: not scored'),
    ...result.skipped.map((s) => `Left out: ${s.reason}`),
    ...(result.data ? [`Your ${result.data.note}.`] : []),
    `Verification ${result.verification.passed ? 'passed' : 'FAILED'}: ${result.verification.summary}`,
    `${result.out} (${formatBytes(result.bytes)}, sha256 ${result.sha256.slice(0, 12)}…)`,
    ...(result.data ? [`It runs on raw ${result.data.kind}: unzip it, then node predict.mjs ${result.data.kind === 'images' ? '--images FOLDER' : '--texts file.csv'} (and --check) in its folder.`] : [])
  ]
  return lines.join('\n')
}
