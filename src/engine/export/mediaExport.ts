/**
 * Export for image and text learnwares: the reuse plan runs on pixel / embedding columns (mediaReuse.ts makes
 * that table), but the user must be able to run the bundle on **raw images or texts**. So the bundle also
 * carries `prepare.mjs` — the engine's own image loader and preparation, CSV text reader and built-in
 * embedder, bundled at build time (prepareEntry.ts → prepareScript.ts) — the raw input's description in
 * `manifest.json` (`input.kind`, `input.image` | `input.text`), and raw golden examples (PNG files under
 * `examples/`, or the texts in golden.json) that `predict.mjs --check` replays end to end. Before the bundle
 * is kept, verifyBundle replays the examples too (decoded / embedded again from the written bundle,
 * mediaReplay.ts) and they must give the golden rows.
 *
 * Texts embedded by a user-supplied ONNX sentence model need `embedderFolder`, the folder it was loaded from:
 * its model and tokenizer files are carried under `embedder/` and run by `prepare-embedder.mjs` (the app's own
 * loader, tokenizer and pooling); without the folder the export is refused (EXPORT_PLAN_INVALID).
 *
 * Example:
 *   const { table, learnwares } = await prepareImageReuse(dock, ids, images, labels)
 *   const reuser = createReuser('averaging', learnwares, context)
 *   const bundle = await exportMediaBundle(reuser.toPlan(), {
 *     media: mediaExportData(learnwares[0], { kind: 'images', images, source: 'photos' }),   // before fitting
 *     out: 'shoes.zip', cache
 *   })
 *   // texts: media: { kind: 'texts', texts, embedder: createHashedNgramEmbedder(), column: 'body', source: 'reviews.csv' }
 *   //        or an ONNX sentence model: { kind: 'texts', texts, embedder: await loadOnnxTextEmbedder(dir), embedderFolder: dir, column: 'body' }
 *   // then, unzipped:  node predict.mjs --images new-photos/   |   node predict.mjs --texts new.csv
 */

import { strToU8 } from 'fflate'
import type { ImageBatch } from '../data/images/types'
import { LearnwareError } from '../errors'
import type { LearnwarePackage } from '../learnware'
import { findTextEmbedder, readImageInput, readTextInput } from '../predict'
import type { ImagePreparation } from '../predict/imagePreparation'
import { hashedNgramSettingsFromId, type TextEmbedder } from '../text'
import { BUNDLE_FILES } from './bundleManifest'
import { writeVerifiedBundle, type ExportBundleOptions, type ExportedBundle, type MediaBundleParts } from './exportBundle'
import type { GoldenRows } from './goldenRows'
import { imageExamples, spreadIndices } from './mediaGolden'
import { embedderFolderFiles } from './embedderFiles'
import { bundleTextInput, EMBEDDER_FOLDER } from './mediaInput'
import { PREPARE_EMBEDDER_SCRIPT } from './prepareEmbedderScript'
import type { ReusePlan } from './plan'
import { PREPARE_SCRIPT } from './prepareScript'

/** The user's raw data the plan's table was made from (in the same row order). */
export type MediaExportData =
  | { kind: 'images'; images: ImageBatch; input: ImagePreparation; source?: string }
  | {
      kind: 'texts'; texts: readonly string[]; embedder: TextEmbedder; column: string; source?: string
      /** The folder an ONNX sentence-model embedder was loaded from (loadOnnxTextEmbedder): the bundle carries its files. */
      embedderFolder?: string
    }

export interface ExportMediaBundleOptions extends Omit<ExportBundleOptions, 'goldenRows'> {
  media: MediaExportData
}

/** The raw images or texts, before it is known how the chosen learnwares take them. */
export type RawMedia =
  | { kind: 'images'; images: ImageBatch; source?: string }
  | {
      kind: 'texts'; texts: readonly string[]; column: string; source?: string
      /** A sentence-model embedder the user offered, with the folder it was loaded from (so the bundle can carry it). */
      offered?: { embedder: TextEmbedder; folder?: string }
    }

/**
 * The export's `media` for a plan over these learnwares (they all take the same input; the first is read):
 * how it takes images, or its embedder — the built-in one, or the offered sentence model, carried from its
 * folder. Call it before fitting: an embedder the bundle could not carry is refused (EXPORT_PLAN_INVALID) at once.
 */
export function mediaExportData(first: { id: string; name: string; pkg: LearnwarePackage }, raw: RawMedia): MediaExportData {
  if (raw.kind === 'images') return { kind: 'images', images: raw.images, input: readImageInput(first.pkg)!, source: raw.source }
  const embedderId = readTextInput(first.pkg)!.embedder
  const embedder = findTextEmbedder(embedderId, raw.offered ? [raw.offered.embedder] : [])
  if (!embedder) {
    throw new LearnwareError('EXPORT_PLAN_INVALID', `${first.id} ("${first.name}") embeds texts with ${embedderId}, which was not given; a bundle carries the built-in embedder, or a sentence model given with its folder`, {
      hint: 'Export learnwares made with the built-in embedder, or give their sentence model\'s folder (the CLI\'s --embedder-model DIR).'
    })
  }
  const embedderFolder = embedder === raw.offered?.embedder ? raw.offered.folder : undefined
  bundleTextInput(embedder, raw.column, embedderFolder ? [] : undefined)
  return { kind: 'texts', texts: raw.texts, embedder, column: raw.column, source: raw.source, embedderFolder }
}

/** Golden examples by default: images are large rows (and files), texts small. */
export const DEFAULT_GOLDEN_EXAMPLES = { images: 10, texts: 25 } as const

export async function exportMediaBundle(plan: ReusePlan, options: ExportMediaBundleOptions): Promise<ExportedBundle> {
  const { media } = options
  const max = options.maxGoldenRows ?? DEFAULT_GOLDEN_EXAMPLES[media.kind]
  const parts = media.kind === 'images' ? imageParts(plan, media, max) : await textParts(plan, media, max, options.signal)
  return writeVerifiedBundle(plan, parts.golden, options, parts.media)
}

function imageParts(plan: ReusePlan, media: Extract<MediaExportData, { kind: 'images' }>, max: number): { golden: GoldenRows; media: MediaBundleParts } {
  const { channels, height, width, scale } = media.input
  checkWidth(plan, channels * height * width, `${channels} × ${height} × ${width} pixels`)
  if (media.images.count < 1) throw new LearnwareError('DATA_EMPTY', `${media.source ?? 'images'}: no images to take golden examples from`)
  const examples = imageExamples(media.images, media.input, max)
  const files = new Map<string, Uint8Array>([[BUNDLE_FILES.prepare, strToU8(PREPARE_SCRIPT)], ...examples.files])
  const input = { kind: 'images' as const, image: { channels, height, width, scale, examples: [...examples.files.keys()] } }
  return {
    golden: { features: examples.features, rows: examples.rows, source: media.source ?? null, totalRows: media.images.count },
    media: { input, files }
  }
}

async function textParts(plan: ReusePlan, media: Extract<MediaExportData, { kind: 'texts' }>, max: number, signal?: AbortSignal): Promise<{ golden: GoldenRows; media: MediaBundleParts }> {
  const builtIn = hashedNgramSettingsFromId(media.embedder.id) !== null
  const modelFiles = !builtIn && media.embedderFolder ? await embedderFolderFiles(media.embedderFolder) : null
  const text = bundleTextInput(media.embedder, media.column, modelFiles ? [...modelFiles.keys()] : undefined)
  checkWidth(plan, media.embedder.dimension, `a ${media.embedder.dimension}-wide embedding`)
  if (media.texts.length < 1) throw new LearnwareError('DATA_EMPTY', `${media.source ?? 'texts'}: no texts to take golden examples from`)
  const texts = spreadIndices(media.texts.length, max).map((i) => media.texts[i])
  const features = await media.embedder.embed(texts, { signal })
  const files = new Map<string, Uint8Array>([[BUNDLE_FILES.prepare, strToU8(PREPARE_SCRIPT)], [BUNDLE_FILES.example, strToU8(textCsv(media.column, texts))]])
  if (modelFiles) {
    files.set(BUNDLE_FILES.prepareEmbedder, strToU8(PREPARE_EMBEDDER_SCRIPT))
    for (const [file, bytes] of modelFiles) files.set(`${EMBEDDER_FOLDER}/${file}`, bytes)
  }
  return {
    golden: { features, rows: texts.length, source: media.source ?? null, totalRows: media.texts.length },
    media: { input: { kind: 'texts', text }, files, goldenTexts: texts }
  }
}

/** The plan must take exactly the prepared rows. */
function checkWidth(plan: ReusePlan, width: number, what: string): void {
  const columns = plan.inputEncoding.features.length
  if (columns !== width) {
    throw new LearnwareError('EXPORT_PLAN_INVALID', `The reuse plan takes ${columns} columns but the ${what.startsWith('a ') ? 'texts give' : 'images give'} ${what} (${width})`, {
      hint: 'Make the plan from these images or texts (prepareImageReuse / prepareTextReuse) with learnwares of this input.'
    })
  }
}

/** example.csv of a text bundle: the golden texts in the manifest's column, to try predict.mjs on. */
function textCsv(column: string, texts: readonly string[]): string {
  const cell = (value: string) => `"${value.replace(/"/g, '""')}"`
  // a numbered first column, so the header row is told apart from the texts
  const numbered = column === 'row' ? 'n' : 'row'
  return `${[`${numbered},${cell(column)}`, ...texts.map((text, i) => `${i + 1},${cell(text)}`)].join('\n')}\n`
}
