/**
 * The bundle's README.md: a model card in the Hugging Face style (YAML front matter for tools, then plain
 * language for people) — what the model is for, what goes in and comes out, what it was checked on and how
 * well it did, where every part comes from and under which licence, what it cannot do — and runnable
 * snippets: `predict.mjs` on a CSV, a Node.js script and a Python script that use only onnxruntime. The
 * snippets carry real rows (the first golden rows), so they run as pasted from the bundle folder.
 *
 * Example:
 *   const readme = modelCard({ manifest, plan, golden, verification })
 */

import type { BundleManifest } from './bundleManifest'
import { inputKind } from './mediaInput'
import { mediaHowToRun, mediaInputsSection, mediaInputWords } from './modelCardMedia'
import { shortestFloat32, type GoldenRows } from './goldenRows'
import type { ReusePlan } from './plan'
import type { VerificationReport } from './verification'

export interface ModelCardInput {
  manifest: BundleManifest
  plan: ReusePlan
  golden: GoldenRows
  /** The check run before writing; the card states its result. */
  verification: VerificationReport
  /** The user's own words on what the model is for. */
  description?: string
}

const METHOD_WORDS: Readonly<Record<ReusePlan['combiner']['kind'], string>> = {
  single: 'It runs one learnware on your columns.',
  'mean-probabilities': 'Each learnware gives the probability of every class; the model averages them and answers the most probable class.',
  'vote-labels': 'Each learnware votes for one class; the class with most votes wins (a tie goes to the class listed first). The "probabilities" output is the share of votes.',
  'mean-values': 'Each learnware predicts a value; the model answers their average.',
  'linear-head': 'The learnwares\' answers are added to your columns, and a small linear model trained on your labelled rows makes the final prediction.',
  selector: 'A small selector model, trained to tell which learnware suits which kind of row, picks one learnware per row and uses its answer.'
}

export function modelCard(input: ModelCardInput): string {
  const { manifest } = input
  const media = inputKind(manifest) !== 'table'
  const inputs = media ? mediaInputsSection(manifest) : inputsSection(manifest)
  const run = media ? mediaHowToRun(manifest) : howToRun(input)
  return [frontMatter(manifest), `# ${manifest.name}\n`, summary(input), intendedUse(input), inputs, outputsSection(manifest), checkedSection(input), metricsSection(manifest), partsSection(manifest), limitations(input), run].join('\n')
}

function frontMatter(manifest: BundleManifest): string {
  const licenses = manifest.licenses
  const single = licenses.length === 1 && /^[A-Za-z0-9.+-]+$/.test(licenses[0]) && licenses[0].toLowerCase() !== 'others'
  const lines = ['---', `license: ${single ? licenses[0].toLowerCase() : 'other'}`]
  if (!single) lines.push(`license_name: ${JSON.stringify(licenses.join(' AND ') || 'unknown')}`)
  const kind = inputKind(manifest)
  const pipeline = kind === 'images' ? 'image-classification' : kind === 'texts' ? 'text-classification' : `tabular-${manifest.task}`
  lines.push('library_name: onnx', `pipeline_tag: ${pipeline}`, 'tags:', '  - learnware', '  - learnware-dock', '  - onnx', `  - ${manifest.method}`)
  const metrics = Object.keys(manifest.metrics?.values ?? {})
  if (metrics.length > 0) lines.push('metrics:', ...metrics.map((m) => `  - ${JSON.stringify(m)}`))
  return `${lines.join('\n')}\n---\n`
}

function summary(input: ModelCardInput): string {
  const { manifest, plan } = input
  const what = manifest.task === 'classification' ? `the class of ${inputKind(manifest) === 'images' ? 'an image' : inputKind(manifest) === 'texts' ? 'a text' : 'a row'} (${listWords(manifest.output.classNames ?? [])})` : `**${manifest.output.targetName ?? 'a number'}**`
  const parts = plan.members.length === 1 ? 'one existing model (a "learnware")' : `${plan.members.length} existing models ("learnwares")`
  const from = inputKind(manifest) === 'table' ? `${manifest.input.columns.length} columns of a table` : mediaInputWords(manifest)
  const method = METHOD_WORDS[plan.combiner.kind].replace('your columns', inputKind(manifest) === 'table' ? 'your columns' : `your ${inputKind(manifest)}`)
  return `This folder holds one model, \`model.onnx\`, that predicts ${what} from ${from}. It was put together in Learnware Dock from ${parts}. ${method}\n`
}

function intendedUse(input: ModelCardInput): string {
  const own = input.description ? `${input.description.trim()}\n\n` : ''
  const kind = inputKind(input.manifest)
  const like = kind === 'table' ? 'rows that look like the data it was checked on: the same columns, measured the same way' : `${kind} like the ones it was checked on`
  return `## Intended use\n\n${own}- Predicting for ${like}.\n- A second opinion or a first draft, checked by a person where the decision matters.\n- Not for decisions about people (credit, hiring, health) without a proper review of fairness and errors; nobody has done one for this model.\n`
}

function inputsSection(manifest: BundleManifest): string {
  const rows = manifest.input.columns.map((c) => {
    const values = c.type === 'categorical' ? `one of: ${categoryList(c.categories ?? [])}` : 'a number'
    return `| ${c.index + 1} | \`${c.name}\` | ${c.type} | ${values} |`
  })
  return `## What goes in\n\nA table with these columns (a header row with these names; other columns are ignored):\n\n| # | column | type | values |\n|---|---|---|---|\n${rows.join('\n')}\n\nThe model itself takes \`features: float32[N, ${manifest.input.columns.length}]\`, the columns above in this order: numbers as they are; for a categorical column, the position of its value in the list above (first = 0). Empty cells and ${manifest.input.missingMarkers.filter(Boolean).join(', ')} count as **missing** — put NaN there — and so does a category not in the list. Inside the model each learnware fills a missing cell with the average it saw in training (the values are listed in \`manifest.json\`, \`input.columns[].filledWith\`).\n`
}

function outputsSection(manifest: BundleManifest): string {
  if (manifest.task === 'classification') {
    const names = (manifest.output.classNames ?? []).map((name, i) => `${i} = \`${name}\``).join(', ')
    return `## What comes out\n\n- \`label\` (int64, one per row): the predicted class, ${names}.\n- \`probabilities\` (float32, one row of ${manifest.output.classNames?.length} per row): how likely each class is, in the same order.\n`
  }
  return `## What comes out\n\n- \`prediction\` (float32, one row per input row): the predicted ${manifest.output.targetName ?? 'value'}.\n`
}

function checkedSection(input: ModelCardInput): string {
  const { golden, verification, manifest } = input
  const from = golden.source ? ` of \`${golden.source}\`` : ''
  const agreed = manifest.task === 'classification' ? 'gave the same class on every row, and probabilities that agree' : 'gave predictions that agree'
  const ties = verification.toleratedTies.length > 0 ? ` (${verification.toleratedTies.length} row(s) where two classes were equally likely came out the other way; that is a rounding tie, not an error)` : ''
  const rows = inputKind(manifest) === 'images' ? 'example images' : inputKind(manifest) === 'texts' ? 'example texts' : 'rows'
  const replay = inputKind(manifest) === 'table' ? '' : ` The ${rows} themselves are in the bundle (${inputKind(manifest) === 'images' ? '`examples/`, as PNG' : '`golden.json` and `example.csv`'}), so the check also repeats how they become numbers.`
  return `## What it was checked on\n\nBefore this bundle was written, the model in it was loaded afresh and run on ${golden.rows} ${rows}${from}; it ${agreed} with what Learnware Dock showed in the app to within ${manifest.golden.tolerance} (relative, for values above 1)${ties}. Those rows and answers are in \`golden.json\`; \`node predict.mjs --check\` repeats the check anywhere.${replay}\n`
}

function metricsSection(manifest: BundleManifest): string {
  const metrics = manifest.metrics
  if (!metrics || Object.keys(metrics.values).length === 0) return '## How well it does\n\nNo measurements were recorded with this export. Test it on data of your own before relying on it.\n'
  const rows = Object.entries(metrics.values).map(([name, value]) => `| ${name} | ${formatMetric(value)} |`)
  const on = metrics.evaluatedOn ? `Measured on ${metrics.evaluatedOn}.` : 'Where these were measured was not recorded.'
  return `## How well it does\n\n${on}\n\n| metric | value |\n|---|---|\n${rows.join('\n')}\n\nNumbers from one data set; on other data they will differ.\n`
}

function partsSection(manifest: BundleManifest): string {
  const rows = manifest.parts.map((p) => `| ${p.role} | ${p.name} | ${p.learnwareId ?? '—'} | ${p.license ?? '—'} | ${p.packageSha256 ? `\`${p.packageSha256}\`` : '—'} |`)
  return `## Where the parts come from\n\n| part | name | learnware id | licence | package sha256 |\n|---|---|---|---|---|\n${rows.join('\n')}\n\nEvery part keeps its own licence; using this model means following all of them (${manifest.licenses.join(', ') || 'none recorded'}). The sha256 values identify the exact packages used, so anyone can check they have the same ones.\n`
}

function limitations(input: ModelCardInput): string {
  const { plan } = input
  const kind = inputKind(input.manifest)
  const absent = plan.members.some((m) => m.sourceColumns.some((c) => c < 0))
  const lines = [
    'It only knows what its learnwares learned. On rows unlike their training data (other places, other times, other ways of measuring) it can be confidently wrong.',
    kind === 'table' ? 'Missing values are filled with training averages; rows with many missing cells get weaker predictions.' : null,
    kind === 'table' ? 'A category it has never seen is treated as missing.' : null,
    kind === 'images' ? 'Images are shrunk to the size the learnwares were trained on; details smaller than that are lost, and photos unlike their training images (other lighting, backgrounds, framing) can be misread.' : null,
    kind === 'texts' && input.manifest.input.text?.embedder.kind !== 'onnx' ? 'The built-in embedder sees words and spellings, not meaning: texts in another language or style than the learnwares\' training texts are likely misread.' : null,
    kind === 'texts' && input.manifest.input.text?.embedder.kind === 'onnx' ? 'Texts longer than the sentence model\'s token limit are cut; texts unlike the learnwares\' training texts are likely misread.' : null,
    absent ? 'Some learnwares use columns your table does not have; those are always filled with the learnware\'s training average.' : null,
    plan.task === 'classification' && plan.members.some((m) => m.classMap?.some((c) => c < 0)) ? 'Some learnwares know classes you do not; their answers for those classes are left out.' : null,
    'Probabilities are the models\' own estimates, not calibrated on your data.',
    'Nobody checked this model for fairness towards groups of people.'
  ].filter((line): line is string => line !== null)
  return `## Limitations\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`
}

function howToRun(input: ModelCardInput): string {
  return `## How to run it\n\nIn this folder, with Node.js 18 or newer:\n\n\`\`\`sh\nnpm install onnxruntime-node\nnode predict.mjs example.csv               # predictions for the sample rows\nnode predict.mjs your.csv --out preds.csv  # your own table\nnode predict.mjs --check                   # repeat the golden check\n\`\`\`\n\n### From Node.js code\n\nSave as \`run.cjs\` in this folder and run \`node run.cjs\`:\n\n\`\`\`js\n${nodeSnippet(input)}\`\`\`\n\n### From Python\n\n\`pip install onnxruntime numpy\`, save as \`run.py\` in this folder and run \`python run.py\`:\n\n\`\`\`python\n${pythonSnippet(input)}\`\`\`\n`
}

function nodeSnippet(input: ModelCardInput): string {
  const { manifest, golden } = input
  const width = manifest.input.columns.length
  const shown = Math.min(2, golden.rows)
  const rows = Array.from({ length: shown }, (_, r) => `    [${Array.from(golden.features.subarray(r * width, (r + 1) * width), jsNumber).join(', ')}],`)
  const read =
    manifest.task === 'classification'
      ? `  const classNames = ${JSON.stringify(manifest.output.classNames)}\n  console.log(Array.from(out.label.data, (label) => classNames[Number(label)]))\n  console.log(out.probabilities.data)\n`
      : `  console.log(out.prediction.data)\n`
  return `const ort = require('onnxruntime-node')\n\nasync function main() {\n  const session = await ort.InferenceSession.create('model.onnx')\n  // one array per row, columns in this order: ${manifest.input.columns.map((c) => c.name).join(', ')}\n  // (categories as their position in the list, NaN = missing)\n  const rows = [\n${rows.join('\n')}\n  ]\n  const features = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, ${width}])\n  const out = await session.run({ features })\n${read}}\n\nmain()\n`
}

function pythonSnippet(input: ModelCardInput): string {
  const { manifest } = input
  const outputs = manifest.task === 'classification' ? '"label", "probabilities"' : '"prediction"'
  const run =
    manifest.task === 'classification'
      ? `label, probabilities = session.run([${outputs}], {"features": features})\nclass_names = ${JSON.stringify(manifest.output.classNames)}\nprint([class_names[i] for i in label])\nsame = list(label) == golden["expected"]["label"] and np.allclose(probabilities, golden["expected"]["probabilities"], rtol=1e-5, atol=1e-5)\n`
      : `(prediction,) = session.run([${outputs}], {"features": features})\nprint(prediction[:, 0])\nsame = np.allclose(prediction, golden["expected"]["prediction"], rtol=1e-5, atol=1e-5)\n`
  return `import json\n\nimport numpy as np\nimport onnxruntime as ort\n\nsession = ort.InferenceSession("model.onnx", providers=["CPUExecutionProvider"])\n# the golden rows: encoded like manifest.json says (None = missing)\ngolden = json.load(open("golden.json"))\nfeatures = np.array([[np.nan if v is None else float(v) for v in row] for row in golden["features"]], dtype=np.float32)\n${run}print("matches golden.json:", same)\n`
}

/** Up to 20 categories in the card; the manifest always has them all. */
function categoryList(categories: readonly string[]): string {
  const shown = categories.slice(0, 20).map((v) => `\`${v.replace(/\|/g, '\\|')}\``).join(', ')
  return categories.length > 20 ? `${shown}, … (${categories.length} in all, listed in manifest.json)` : shown
}

function jsNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  return String(shortestFloat32(value))
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4)
}

function listWords(words: readonly string[]): string {
  const quoted = words.map((w) => `"${w}"`)
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
}
