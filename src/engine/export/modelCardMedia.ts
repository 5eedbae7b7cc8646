/**
 * The parts of the model card (modelCard.ts) that differ for a bundle made from images or texts: what goes
 * in is a picture or a text, not a list of columns, and the snippets start from raw files through
 * prepare.mjs — the app's own preparation — instead of feeding numbers by hand. The model itself still takes
 * `features: float32[N, F]`, which the card says for people wiring it into something else.
 *
 * Example:
 *   if (inputKind(manifest) !== 'table') sections.push(mediaInputsSection(manifest), mediaHowToRun(manifest))
 */

import type { BundleManifest } from './bundleManifest'

/** What the model looks at, for the card's first sentence. */
export function mediaInputWords(manifest: BundleManifest): string {
  const image = manifest.input.image
  if (image) return `the image itself (PNG or JPEG; it looks at ${image.channels === 1 ? 'grey' : 'colour'} ${image.height} × ${image.width} pixels)`
  return manifest.input.text?.embedder.kind === 'onnx' ? 'the text itself (as a sentence-embedding model carried in the bundle sees it)' : 'the text itself (as Learnware Dock\'s built-in embedding of its words)'
}

export function mediaInputsSection(manifest: BundleManifest): string {
  const width = manifest.input.columns.length
  const image = manifest.input.image
  if (image) {
    const scale = image.scale === 1 ? 'pixel values 0–255' : `pixel values 0–255 multiplied by ${image.scale}`
    return `## What goes in\n\nImages: PNG or JPEG files (a folder of them, sub-folders allowed, or one file), or an IDX images file. \`prepare.mjs\` turns each into what the model takes, exactly as Learnware Dock did: the folder's images are brought to one size (the most common one), then resized to ${image.height} × ${image.width} with an antialiased bilinear filter, ${image.channels === 1 ? 'colour turned grey (the mean of R, G, B)' : 'grey repeated into R, G, B'}, and given as ${scale}. Transparency is dropped.\n\nThe model itself takes \`features: float32[N, ${width}]\`: the ${image.channels} × ${image.height} × ${image.width} prepared pixels of each image, channel by channel, row by row (columns \`p0\` … \`p${width - 1}\`). Files that cannot be decoded are left out with the reason.\n`
  }
  const text = manifest.input.text!
  const embedder = text.embedder.kind === 'onnx'
    ? `the sentence-embedding model carried in \`embedder/\` (\`${text.embedder.id}\`: ${text.embedder.files.join(', ')}; tokenized and mean-pooled by \`prepare-embedder.mjs\`, which needs onnxruntime-node)`
    : `Learnware Dock's built-in embedder (\`${text.embedder.id}\`: words, word pairs and character n-grams, hashed; no model file, works offline)`
  return `## What goes in\n\nTexts: one per row of a CSV file, in the column \`${text.column}\` (or another one named with \`--column\`). \`prepare.mjs\` turns each text into ${text.embedder.dimension} numbers with ${embedder}, exactly as the app did; its settings are in \`manifest.json\` (\`input.text.embedder\`). Rows with an empty text are left out with the reason.\n\nThe model itself takes \`features: float32[N, ${width}]\`: that embedding (columns \`e0\` … \`e${width - 1}\`).\n`
}

export function mediaHowToRun(manifest: BundleManifest): string {
  const images = manifest.input.kind === 'images'
  const run = images
    ? 'node predict.mjs --images examples/             # predictions for the example images\nnode predict.mjs --images photos/ --out preds.csv  # your own folder of PNG/JPEG files'
    : `node predict.mjs --texts example.csv            # predictions for the example texts\nnode predict.mjs --texts your.csv --column ${manifest.input.text!.column} --out preds.csv`
  const read = images
    ? `prepare.readImages('examples', manifest.input.image)`
    : `prepare.readTexts('example.csv', manifest.input.text.column, manifest.input.text.embedder)`
  const output = manifest.task === 'classification'
    ? `  const classNames = manifest.output.classNames\n  names.forEach((name, r) => console.log(name, classNames[Number(out.label.data[r])]))\n`
    : '  names.forEach((name, r) => console.log(name, out.prediction.data[r]))\n'
  const snippet = `const { readFileSync } = require('node:fs')\nconst ort = require('onnxruntime-node')\n\nasync function main() {\n  const prepare = await import('./prepare.mjs')   // the app's own ${images ? 'image' : 'text'} preparation\n  const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'))\n  const { features, rows, width, names } = await ${read}\n  const session = await ort.InferenceSession.create('model.onnx')\n  const out = await session.run({ features: new ort.Tensor('float32', features, [rows, width]) })\n${output}}\n\nmain()\n`
  return `## How to run it\n\nIn this folder, with Node.js 18 or newer:\n\n\`\`\`sh\nnpm install onnxruntime-node\n${run}\nnode predict.mjs --check                   # repeat the golden check, from the raw ${images ? 'example images' : 'texts'}\n\`\`\`\n\nAdd \`--json\` for JSON. \`predict.mjs\` and \`prepare.mjs\` need nothing but Node and onnxruntime-node.\n\n### From Node.js code\n\nSave as \`run.cjs\` in this folder and run \`node run.cjs\`:\n\n\`\`\`js\n${snippet}\`\`\`\n\nFrom another language: prepare the ${images ? 'images' : 'texts'} the same way (the numbers must match \`golden.json\`'s \`features\` for the ${images ? 'files in `examples/`' : 'texts in `golden.json`'}), then run \`model.onnx\` on \`features\` with onnxruntime.\n`
}
