/**
 * Reusing image and text learnwares: the reusers, previewReuse and learningCurve run learnwares on table
 * rows, so the user's labelled images or texts become the table the learnwares' models take, and each
 * learnware's spec is put in that table's space for JobSelector.
 *   - Images: one numeric column per pixel (p0 …), the images resized, channel-matched and scaled exactly as
 *     predictWithLearnwareImages prepares them. Every learnware must take the same input (C, H, W, scale).
 *     Its RKME image spec (standardised 32 × 32 reduced-set images) is mapped back to 0–255 pixels with the
 *     manifest's pixelMean/pixelStd, as the checker's probes are (ZCA of colour specs is not undone), then
 *     prepared like the user's images; one γ for all by the median heuristic over those points.
 *   - Texts: one column per embedding coordinate (e0 …) by the learnwares' embedder (the built-in one, or one
 *     the caller offers, e.g. the CLI's --embedder-model); all must share it. Their RKME text specs already
 *     are table specs in embedding space.
 * Named by id, a learnware that does not fit (not runnable, a table learnware, another input size or
 * embedder, no class shared with the user's labels) is refused with a LearnwareError naming it; picked from
 * a search result, it is left out and listed in `skipped` with the reason.
 *
 * Example:
 *   const { table, learnwares, skipped } = await prepareImageReuse(dock, ['lwd-00000031', 'lwd-00000040'], images, classNames)
 *   const preview = await previewReuse({ table, learnwares, labelledRows: 30, cache })
 *   const result = await searchDockWithTexts(dock, texts)
 *   const prepared = await prepareTextReuse(dock, result, texts, genres, { top: 3 })
 *   await learningCurve({ table: prepared.table, learnwares: prepared.learnwares, sizes: [10, 30, 100] })
 */

import { parseTableText, type LoadedTable } from '../data'
import type { ImageBatch } from '../data/images'
import type { Dock, DockEntry } from '../dock'
import { isLearnwareError, LearnwareError } from '../errors'
import { readLearnwarePackage, type LearnwarePackage } from '../learnware'
import { findTextEmbedder, prepareImagesForModel, readImageInput, readTextInput, type ImageInputDescription } from '../predict'
import { OnnxModelCache } from '../runtime'
import { RKME_TABLE_TYPE, suggestGamma, type RkmeTableSpec } from '../spec'
import { RKME_IMAGE_SIDE, type RkmeImageSpec } from '../spec/image'
import { createHashedNgramEmbedder, parseRkmeTextSpec, type TextEmbedder } from '../text'
import { createReuser } from './createReuser'
import { checkRunnable, reuseIdsFromSearch, type SearchedLearnwares, type SearchForReuse } from './fromDock'
import type { ReuseLearnware } from './types'

export interface MediaReuse {
  /** The user's images (pixel columns) or texts (embedding columns), with their labels as the target `class`. */
  table: LoadedTable
  learnwares: ReuseLearnware[]
  /** Learnwares of a search result that cannot be reused on these data, with the reason. */
  skipped: SearchedLearnwares['skipped']
}

export interface MediaReuseOptions {
  /** From a search result: how many single matches to take besides its mixture (default 3). */
  top?: number
  /** Name of the data in messages (default `images` / `texts`). */
  source?: string
  /** Texts: embedders the caller offers besides the built-in one (matched by id). */
  embedders?: readonly TextEmbedder[]
  /** Shared ONNX sessions for the class check; default a cache of its own, disposed here. */
  cache?: OnnxModelCache
  signal?: AbortSignal
}

type Picked = { entry: DockEntry; pkg: LearnwarePackage }

/** Image learnwares (by id, or a search's picks) and the user's labelled images, ready for previewReuse / learningCurve. */
export async function prepareImageReuse(dock: Dock, chosen: readonly string[] | SearchForReuse, images: ImageBatch, labels: readonly string[], options: MediaReuseOptions = {}): Promise<MediaReuse> {
  const { picked, skipped } = await pickLearnwares(dock, chosen, 'image', options, imageInputCheck)
  const input = readImageInput(picked[0].pkg)!
  const table = imagePixelTable(images, input, labels, options.source ?? 'images')
  const kept = await keepSharedClasses(picked, table, isIdList(chosen), skipped, options)
  return { table, learnwares: imageLearnwareSpecs(dock, kept), skipped }
}

/** Text learnwares (by id, or a search's picks) and the user's labelled texts, ready for previewReuse / learningCurve. */
export async function prepareTextReuse(dock: Dock, chosen: readonly string[] | SearchForReuse, texts: readonly string[], labels: readonly string[], options: MediaReuseOptions = {}): Promise<MediaReuse> {
  const { picked, skipped } = await pickLearnwares(dock, chosen, 'text', options, textInputCheck(options.embedders ?? []))
  const embedder = textEmbedderOf(picked[0].pkg, options.embedders ?? [])
  const table = await textEmbeddingTable(texts, labels, embedder, options.source ?? 'texts', options.signal)
  const kept = await keepSharedClasses(picked, table, isIdList(chosen), skipped, options)
  return { table, learnwares: kept.map(({ entry, pkg }) => ({ ...reuseLearnware(entry, pkg), spec: parseRkmeTextSpec(dock.get(entry.id).statSpecJson, entry.id).rkme })), skipped }
}

/** Image learnwares by id with pixel-space specs at one γ, and the input they all take (no labels needed). */
export async function imageReuseLearnwares(dock: Dock, ids: readonly string[]): Promise<{ learnwares: ReuseLearnware[]; input: ImageInputDescription }> {
  const { picked } = await pickLearnwares(dock, ids, 'image', {}, imageInputCheck)
  return { learnwares: imageLearnwareSpecs(dock, picked), input: readImageInput(picked[0].pkg)! }
}

/** Text learnwares by id with their embedding-space specs, and the embedder they all take. */
export async function textReuseLearnwares(dock: Dock, ids: readonly string[], options: { embedders?: readonly TextEmbedder[] } = {}): Promise<{ learnwares: ReuseLearnware[]; embedder: TextEmbedder }> {
  const { picked } = await pickLearnwares(dock, ids, 'text', {}, textInputCheck(options.embedders ?? []))
  const learnwares = picked.map(({ entry, pkg }) => ({ ...reuseLearnware(entry, pkg), spec: parseRkmeTextSpec(dock.get(entry.id).statSpecJson, entry.id).rkme }))
  return { learnwares, embedder: textEmbedderOf(picked[0].pkg, options.embedders ?? []) }
}

/** The images as the models see them, one numeric column per pixel (p0 …), plus the label as `class`. */
export function imagePixelTable(images: ImageBatch, input: ImageInputDescription, labels: readonly string[], source: string): LoadedTable {
  checkLabelCount(images.count, labels, source)
  const ready = prepareImagesForModel(images, input)
  return numericTable(ready.data, ready.count, ready.channels * ready.height * ready.width, 'p', labels, source)
}

/** The texts' embeddings by `embedder`, one numeric column per coordinate (e0 …), plus the label as `class`. */
export async function textEmbeddingTable(texts: readonly string[], labels: readonly string[], embedder: TextEmbedder, source: string, signal?: AbortSignal): Promise<LoadedTable> {
  checkLabelCount(texts.length, labels, source)
  const vectors = await embedder.embed(texts, { signal })
  return numericTable(vectors, texts.length, embedder.dimension, 'e', labels, source)
}

function isIdList(chosen: readonly string[] | SearchForReuse): chosen is readonly string[] {
  return Array.isArray(chosen)
}

/** Learnwares of the right kind the dock can run and `fits` accepts (given the first one kept); strict for ids. */
async function pickLearnwares(dock: Dock, chosen: readonly string[] | SearchForReuse, kind: 'image' | 'text', options: MediaReuseOptions,
  fits: (pkg: LearnwarePackage, first: Picked | null, entry: DockEntry) => void): Promise<{ picked: Picked[]; skipped: MediaReuse['skipped'] }> {
  const strict = isIdList(chosen)
  const ids = strict ? chosen : reuseIdsFromSearch(chosen, { top: options.top })
  if (ids.length === 0) {
    throw strict
      ? new LearnwareError('USAGE', 'No learnware to reuse was named', { hint: 'Give the ids of learnwares in the dock (see learnware-dock dock list).' })
      : new LearnwareError('DOCK_NOT_FOUND', `The search found no ${kind} learnware to reuse`, { hint: `Add ${kind} learnwares to the dock, or name learnwares by id.` })
  }
  const entries = [...new Map(ids.map((id) => dock.get(id)).map((entry) => [entry.id, entry])).values()]
  const picked: Picked[] = []
  const skipped: MediaReuse['skipped'] = []
  for (const entry of entries) {
    try {
      checkRunnable(entry)
      checkKind(entry, kind)
      const pkg = await readLearnwarePackage(await dock.packageBytes(entry.id), { label: entry.id })
      fits(pkg, picked[0] ?? null, entry)
      picked.push({ entry, pkg })
    } catch (error) {
      if (strict || !isLearnwareError(error)) throw error
      skipped.push({ id: entry.id, name: entry.name, reason: error.message })
    }
  }
  if (picked.length === 0) {
    throw new LearnwareError('MODEL_NOT_RUNNABLE', `None of the learnwares the search found can be reused on your ${kind}s: ${skipped.map((s) => s.reason).join('; ')}`, {
      hint: `Name ${kind} learnwares by id (learnware-dock dock list), or add some to the dock.`
    })
  }
  return { picked, skipped }
}

/** DATA_BAD_VALUE for a learnware whose data are not the user's kind (a table learnware given images, …). */
function checkKind(entry: DockEntry, kind: 'image' | 'text'): void {
  const own = entry.statSpecType === 'RKMEImageSpecification' ? 'image' : entry.statSpecType === 'RKMETextSpecification' ? 'text' : 'table'
  if (own === kind) return
  const article = own === 'image' ? 'an image' : `a ${own}`
  throw new LearnwareError('DATA_BAD_VALUE', `${entry.id} ("${entry.name}") is ${article} learnware; it cannot be reused on your ${kind}s`, {
    hint: own === 'table'
      ? `Reuse it on a table: learnware-dock reuse preview --data data.csv --target COL --ids ${entry.id}.`
      : `Reuse it on ${own}s (${own === 'image' ? '--images DIR' : '--data texts.csv --text-column C --target L'}), or leave it out.`
  })
}

function imageInputCheck(pkg: LearnwarePackage, first: Picked | null, entry: DockEntry): void {
  const input = readImageInput(pkg)
  if (!input) throw new LearnwareError('MODEL_NOT_RUNNABLE', `${entry.id} ("${entry.name}") has no imageInput in its learnware-dock.json, so it cannot be run on images here`)
  const theirs = first && readImageInput(first.pkg)!
  if (theirs && (theirs.channels !== input.channels || theirs.height !== input.height || theirs.width !== input.width || theirs.scale !== input.scale)) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `${named(entry)} takes ${geometry(input)} images but ${named(first!.entry)} takes ${geometry(theirs)}; learnwares reused together must take the same input`, {
      hint: 'Reuse learnwares of one input size, channels and scale together (see learnware-dock dock show <id>).'
    })
  }
}

function textInputCheck(offered: readonly TextEmbedder[]) {
  return (pkg: LearnwarePackage, first: Picked | null, entry: DockEntry): void => {
    const input = readTextInput(pkg)
    if (!input) throw new LearnwareError('MODEL_NOT_RUNNABLE', `${entry.id} ("${entry.name}") has no textInput in its learnware-dock.json, so it cannot be run on texts here`)
    const embedder = findTextEmbedder(input.embedder, offered)
    if (!embedder) {
      throw new LearnwareError('SPEC_EMBEDDER_MISMATCH', `${entry.id} ("${entry.name}") takes texts embedded by ${input.embedder}, not the built-in ${createHashedNgramEmbedder().id}`, {
        hint: 'Point at that sentence-embedding model exported to ONNX (--embedder-model DIR), or leave this learnware out.'
      })
    }
    if (embedder.dimension !== input.dimension) throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `${entry.id} ("${entry.name}") takes ${input.dimension}-wide embeddings but ${embedder.id} gives ${embedder.dimension}`)
    const theirs = first && readTextInput(first.pkg)!
    if (theirs && theirs.embedder !== input.embedder) {
      throw new LearnwareError('SPEC_EMBEDDER_MISMATCH', `${entry.id} ("${entry.name}") takes texts embedded by ${input.embedder} but ${named(first!.entry)} by ${theirs.embedder}; learnwares reused together must share an embedder`, {
        hint: 'Reuse learnwares of one embedder together.'
      })
    }
  }
}

function textEmbedderOf(pkg: LearnwarePackage, offered: readonly TextEmbedder[]): TextEmbedder {
  return findTextEmbedder(readTextInput(pkg)!.embedder, offered)!
}

/** The learnwares with at least one class the user has, as the reusers decide it (REUSE_LABEL_MISMATCH, …). */
async function keepSharedClasses(picked: Picked[], table: LoadedTable, strict: boolean, skipped: MediaReuse['skipped'], options: MediaReuseOptions): Promise<Picked[]> {
  const cache = options.cache ?? new OnnxModelCache()
  const context = { task: 'classification' as const, classNames: table.target!.classes!, inputEncoding: table.encoding, cache }
  const kept: Picked[] = []
  try {
    for (const item of picked) {
      try {
        createReuser('averaging', [reuseLearnware(item.entry, item.pkg)], context)
        kept.push(item)
      } catch (error) {
        if (!isLearnwareError(error)) throw error
        const withId = new LearnwareError(error.code, `${item.entry.id}: ${error.message}`, { hint: error.hint, cause: error })
        if (strict) throw withId
        skipped.push({ id: item.entry.id, name: item.entry.name, reason: withId.message })
      }
    }
  } finally {
    if (!options.cache) await cache.dispose()
  }
  if (kept.length === 0) {
    throw new LearnwareError('REUSE_LABEL_MISMATCH', `None of the learnwares found can be reused for your classes: ${skipped.map((s) => s.reason).join('; ')}`, {
      hint: 'Name learnwares trained on some of your classes by id.'
    })
  }
  return kept
}

/** Each learnware with its RKME image spec mapped into its model's pixel space, at one γ (median heuristic over all points). */
function imageLearnwareSpecs(dock: Dock, picked: readonly Picked[]): ReuseLearnware[] {
  const specOf = new Map(dock.imageSpecCandidates().map((c) => [c.id, c.spec]))
  const out = picked.map(({ entry, pkg }) => {
    const spec = specOf.get(entry.id)
    const input = readImageInput(pkg)!
    // Without pixelMean/pixelStd the spec cannot be mapped to pixels: JobSelector then reports it, the others run.
    const z = spec && input.pixelMean && input.pixelStd ? specPointsInModelSpace(spec, input) : null
    return { ...reuseLearnware(entry, pkg), spec: z && tableSpec(z, spec!) }
  })
  const specs = out.flatMap((l) => (l.spec ? [l.spec] : []))
  if (specs.length === 0) return out
  const width = specs[0].featuresPerRow
  const all = new Float64Array(specs.reduce((n, s) => n + s.z.length, 0))
  specs.reduce((offset, s) => (all.set(s.z, offset), offset + s.z.length), 0)
  const gamma = suggestGamma(all, all.length / width, width)
  for (const spec of specs) spec.gamma = gamma
  return out
}

/** Reduced-set images (standardised 32 × 32) → 0–255 pixels → the model's size and scale, row-major k × C·H·W. */
function specPointsInModelSpace(spec: RkmeImageSpec, input: ImageInputDescription): Float64Array {
  const area = RKME_IMAGE_SIDE * RKME_IMAGE_SIDE
  const data = new Float32Array(spec.z.length)
  for (let i = 0; i < spec.k; i++) {
    for (let c = 0; c < spec.channels; c++) {
      const at = (i * spec.channels + c) * area
      for (let p = 0; p < area; p++) data[at + p] = spec.z[at + p] * input.pixelStd![c] + input.pixelMean![c]
    }
  }
  const batch: ImageBatch = { data, count: spec.k, channels: spec.channels, height: RKME_IMAGE_SIDE, width: RKME_IMAGE_SIDE }
  return Float64Array.from(prepareImagesForModel(batch, input).data)
}

function tableSpec(z: Float64Array, spec: RkmeImageSpec): RkmeTableSpec {
  const width = z.length / spec.k
  return { type: RKME_TABLE_TYPE, z, beta: Float64Array.from(spec.beta), k: spec.k, featuresPerRow: width, pointShape: [width], gamma: 0.1, numPoints: spec.k }
}

/** Rows of numbers plus a label, through the CSV parser so the table carries the usual encoding. */
function numericTable(values: Float32Array, rows: number, width: number, prefix: string, labels: readonly string[], source: string): LoadedTable {
  const names = Array.from({ length: width }, (_, j) => `${prefix}${j}`)
  const quote = (label: string) => `"${label.replace(/"/g, '""')}"`
  const lines = [[...names, 'class'].join(',')]
  for (let r = 0; r < rows; r++) lines.push(`${Array.from(values.subarray(r * width, (r + 1) * width), (v) => String(v)).join(',')},${quote(labels[r])}`)
  // every column numeric: a border pixel or a rare n-gram with few distinct values must not be guessed categorical
  const columnKinds = Object.fromEntries(names.map((name) => [name, 'numeric' as const]))
  return parseTableText(lines.join('\n'), { target: 'class', targetTask: 'classification', columnKinds, source })
}

function checkLabelCount(count: number, labels: readonly string[], source: string): void {
  if (labels.length === count) return
  throw new LearnwareError('DATA_BAD_VALUE', `${source}: ${count} items but ${labels.length} labels`, { hint: 'Give one label (class name) per image or text.' })
}

function reuseLearnware(entry: DockEntry, pkg: LearnwarePackage): ReuseLearnware {
  return { id: entry.id, name: entry.name, license: entry.license ?? 'unknown', packageSha256: entry.packageSha256, pkg, spec: null }
}

function geometry(input: ImageInputDescription): string {
  return `${input.channels} × ${input.height} × ${input.width} (scale ${input.scale})`
}

function named(entry: DockEntry): string {
  return `${entry.id} ("${entry.name}")`
}
