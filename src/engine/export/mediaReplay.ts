/**
 * The raw half of verifying an image or text bundle: its example images (decoded from the bundle's PNGs) or
 * golden texts (embedded with the embedder its manifest records — for a carried sentence model, the copy in
 * the bundle's `embedder/`) must give golden.json's rows — the rows the
 * model was checked on — so the golden check covers decoding, resizing, scaling and embedding, not only
 * the graph. `predict.mjs --check` does the same with prepare.mjs; this is the app's side of it.
 *
 * Example:
 *   const problem = await mediaReplayProblem(await readBundle('shoes.zip'))   // null, or what differs
 */

import { LearnwareError } from '../errors'
import { createHashedNgramEmbedder, loadOnnxTextEmbedder } from '../text'
import { withEmbedderFolder } from './embedderFiles'
import { goldenFeatureMatrix } from './goldenRows'
import { examplesAsRows } from './mediaGolden'
import { inputKind } from './mediaInput'
import type { LoadedBundle } from './readBundle'

/** Prepared rows may differ from golden.json only by its shortest-float32 printing (none, in practice). */
const REPLAY_TOLERANCE = 1e-6

/** Null when the bundle takes a table or its examples reproduce the golden rows; else one sentence. */
export async function mediaReplayProblem(bundle: LoadedBundle): Promise<string | null> {
  const kind = inputKind(bundle.manifest)
  if (kind === 'table') return null
  const expected = goldenFeatureMatrix(bundle.golden)
  const replayed = kind === 'images' ? replayImages(bundle) : await replayTexts(bundle)
  if (replayed.rows !== bundle.golden.rows || replayed.features.length !== expected.length) {
    return `the ${kind === 'images' ? 'example images give' : 'golden texts give'} ${replayed.rows} rows of ${replayed.features.length / Math.max(1, replayed.rows)} values, but golden.json has ${bundle.golden.rows} rows of ${expected.length / Math.max(1, bundle.golden.rows)}`
  }
  const width = expected.length / Math.max(1, replayed.rows)
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(replayed.features[i] - expected[i]) <= REPLAY_TOLERANCE * Math.max(1, Math.abs(expected[i])))) {
      const row = Math.floor(i / width)
      const what = kind === 'images' ? bundle.manifest.input.image!.examples[row] : `golden text ${row + 1}`
      return `${what} gives ${replayed.features[i]} in column ${(i % width) + 1}, but golden.json has ${expected[i]}`
    }
  }
  return null
}

function replayImages(bundle: LoadedBundle): { features: Float32Array; rows: number } {
  const image = bundle.manifest.input.image!
  const pngs = image.examples.map((file) => {
    const bytes = bundle.files.get(file)
    if (!bytes) throw new LearnwareError('BUNDLE_INVALID', `${bundle.label}: the bundle has no ${file} (listed in manifest.json input.image.examples)`, { hint: 'Export the bundle again.' })
    return bytes
  })
  return examplesAsRows(pngs, image, image.examples)
}

async function replayTexts(bundle: LoadedBundle): Promise<{ features: Float32Array; rows: number }> {
  const texts = bundle.golden.texts
  if (!Array.isArray(texts)) throw new LearnwareError('BUNDLE_INVALID', `${bundle.label}: golden.json of a text bundle has no "texts"`, { hint: 'Export the bundle again.' })
  const recorded = bundle.manifest.input.text!.embedder
  if (recorded.kind === 'onnx') {
    // the carried copy, loaded as prepare-embedder.mjs loads it
    const features = await withEmbedderFolder(bundle.files, recorded.folder, async (folder) => {
      const embedder = await loadOnnxTextEmbedder(folder, { id: recorded.id })
      try {
        return await embedder.embed(texts)
      } finally {
        await embedder.dispose?.()
      }
    })
    return { features, rows: texts.length }
  }
  const embedder = createHashedNgramEmbedder(recorded.options)
  if (embedder.id !== recorded.id) {
    throw new LearnwareError('BUNDLE_INVALID', `${bundle.label}: manifest.json input.text.embedder: its options make ${embedder.id}, not the recorded ${recorded.id}`, { hint: 'The manifest was edited; export the bundle again.' })
  }
  return { features: await embedder.embed(texts), rows: texts.length }
}
