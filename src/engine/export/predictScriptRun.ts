/**
 * The second half of `predict.mjs` (predictScript.ts holds the first: reading a CSV): running model.onnx,
 * printing predictions, the golden `--check`, and the raw inputs of image and text bundles — `--images` and
 * `--texts` go through the bundle's prepare.mjs (the app's own image and text code, bundled at build time),
 * imported only when needed so table bundles run without it. For those bundles `--check` also replays the
 * raw examples (the PNGs under examples/, or golden.json's texts): prepared again, they must give the golden
 * rows and the same outputs. A file that cannot be read is reported with its reason and left out.
 *
 * Example:
 *   export const PREDICT_SCRIPT = String.raw`…csv part…` + PREDICT_SCRIPT_RUN
 */

export const PREDICT_SCRIPT_RUN = String.raw`// ---- running the model ----

const inputKind = manifest.input.kind || 'table'

async function predict(matrix, rows) {
  const ort = loadOnnxRuntime()
  const session = await ort.InferenceSession.create(join(here, manifest.model.file))
  try {
    const input = new ort.Tensor('float32', matrix, [rows, features.length])
    const out = await session.run({ [manifest.model.input.name]: input })
    if (manifest.task === 'classification') {
      const classes = manifest.output.classNames.length
      const label = Array.from(out.label.data, Number)
      const probabilities = label.map((_, r) => Array.from(out.probabilities.data.slice(r * classes, (r + 1) * classes)))
      return { label, labelNames: label.map((l) => manifest.output.classNames[l]), probabilities }
    }
    const width = rows > 0 ? out.prediction.data.length / rows : 0
    return { prediction: Array.from({ length: rows }, (_, r) => Array.from(out.prediction.data.slice(r * width, (r + 1) * width))) }
  } finally {
    await session.release()
  }
}

function toCsv(result, names, nameHeader) {
  const quote = (text) => (/[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text)
  const name = (r) => (names ? names[r] : String(r + 1))
  if (result.label) {
    const header = [nameHeader, 'prediction', ...manifest.output.classNames.map((c) => 'p(' + c + ')')]
    const lines = result.label.map((_, r) => [name(r), result.labelNames[r], ...result.probabilities[r].map(String)])
    return [header, ...lines].map((cells) => cells.map(quote).join(',')).join('\n') + '\n'
  }
  const target = manifest.output.targetName || 'prediction'
  const width = result.prediction[0] ? result.prediction[0].length : 1
  const header = [nameHeader, ...(width === 1 ? [target] : Array.from({ length: width }, (_, k) => target + '_' + (k + 1)))]
  const lines = result.prediction.map((values, r) => [name(r), ...values.map(String)])
  return [header, ...lines].map((cells) => cells.map(quote).join(',')).join('\n') + '\n'
}

// ---- images and texts: prepare.mjs turns them into the model's rows, as the app does ----

async function loadPrepare() {
  try {
    return await import('./prepare.mjs')
  } catch (error) {
    return fail('cannot load prepare.mjs next to predict.mjs (' + (error && error.message ? error.message : error) + ')')
  }
}

function preparationFailed(error) {
  const message = error && error.message ? error.message : String(error)
  return fail(message + (error && error.hint ? ' (' + error.hint + ')' : ''))
}

async function readRaw(kind, path, column) {
  const prepare = await loadPrepare()
  let prepared
  try {
    prepared = kind === 'images' ? await prepare.readImages(path, manifest.input.image) : await prepare.readTexts(path, column, manifest.input.text.embedder)
  } catch (error) {
    return preparationFailed(error)
  }
  for (const note of prepared.notes) process.stderr.write('note: ' + note + '\n')
  for (const skipped of prepared.skipped) process.stderr.write('skipped ' + skipped.item + ': ' + skipped.reason + '\n')
  return prepared
}

// ---- the golden check ----

function compareWithGolden(result, golden, what, problems) {
  const ties = new Set(golden.nearTies)
  const expectedNumbers = golden.expected.probabilities || golden.expected.prediction
  const actualNumbers = result.probabilities || result.prediction
  for (let r = 0; r < golden.rows; r++) {
    if (ties.has(r)) continue
    if (golden.expected.label && golden.expected.label[r] !== result.label[r]) {
      problems.push(what(r) + ': label ' + result.labelNames[r] + ', expected ' + golden.expected.labelNames[r])
    }
    expectedNumbers[r].forEach((expected, c) => {
      const actual = actualNumbers[r][c]
      if (!(Math.abs(actual - expected) <= golden.tolerance * Math.max(1, Math.abs(expected)))) {
        problems.push(what(r) + ', column ' + (c + 1) + ': ' + actual + ', expected ' + expected)
      }
    })
  }
}

async function replayExamples(golden, goldenMatrix, problems) {
  const prepare = await loadPrepare()
  const width = features.length
  let prepared
  try {
    prepared = inputKind === 'images'
      ? await prepare.readImages(join(here, 'examples'), manifest.input.image)
      : { features: await prepare.embedTexts(golden.texts, manifest.input.text.embedder), rows: golden.texts.length }
  } catch (error) {
    return preparationFailed(error)
  }
  const what = (r) => (inputKind === 'images' ? manifest.input.image.examples[r] : 'golden text ' + (r + 1))
  if (prepared.rows !== golden.rows) {
    problems.push((inputKind === 'images' ? 'examples/' : 'golden.json texts') + ' give ' + prepared.rows + ' rows, golden.json has ' + golden.rows)
    return
  }
  for (let i = 0; i < goldenMatrix.length; i++) {
    const expected = goldenMatrix[i]
    if (!(Math.abs(prepared.features[i] - expected) <= 1e-6 * Math.max(1, Math.abs(expected)))) {
      problems.push(what(Math.floor(i / width)) + ' is prepared differently: column ' + ((i % width) + 1) + ' is ' + prepared.features[i] + ', golden.json has ' + expected)
      return
    }
  }
  compareWithGolden(await predict(prepared.features, prepared.rows), golden, what, problems)
}

async function check() {
  const golden = JSON.parse(readFileSync(join(here, manifest.golden.file), 'utf8'))
  const number = (v) => (v === null ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)
  const matrix = Float32Array.from(golden.features.flat(), number)
  const problems = []
  compareWithGolden(await predict(matrix, golden.rows), golden, (r) => 'row ' + (r + 1), problems)
  if (inputKind !== 'table') await replayExamples(golden, matrix, problems)
  if (problems.length > 0) {
    process.stderr.write('golden check FAILED on ' + problems.length + ' value(s):\n  ' + problems.slice(0, 10).join('\n  ') + '\n')
    process.exit(1)
  }
  const raw = inputKind === 'images' ? '; the ' + golden.rows + ' example images in examples/ give the same rows and outputs' : inputKind === 'texts' ? '; the ' + golden.rows + ' golden texts give the same rows and outputs' : ''
  process.stdout.write('golden check passed: ' + golden.rows + ' rows reproduce the expected outputs' + raw + '\n')
}

// ---- the command line ----

const USAGE = {
  table: 'usage: node predict.mjs data.csv [--out predictions.csv] [--json]\n       node predict.mjs --check\n',
  images: 'usage: node predict.mjs --images FOLDER|image.png|file-idx3-ubyte.gz [--out predictions.csv] [--json]\n       node predict.mjs --check\n',
  texts: 'usage: node predict.mjs --texts data.csv [--column ' + (manifest.input.text ? manifest.input.text.column : 'C') + '] [--out predictions.csv] [--json]\n       node predict.mjs --check\n'
}
const VALUE_OPTIONS = ['--out', '--images', '--texts', '--column']

async function main() {
  const args = process.argv.slice(2)
  if (args.includes('--check')) return check()
  const value = (option) => (args.indexOf(option) >= 0 ? args[args.indexOf(option) + 1] : undefined)
  const positional = args.find((a, i) => !a.startsWith('--') && !VALUE_OPTIONS.includes(args[i - 1]))
  if (args.includes('--help') || (!positional && !value('--images') && !value('--texts'))) {
    process.stdout.write(USAGE[inputKind])
    return
  }
  if (inputKind === 'table' && (value('--images') || value('--texts'))) fail('this bundle takes a table (a CSV of its columns), not images or texts. ' + USAGE.table)
  if (inputKind === 'images' && value('--texts')) fail('this bundle takes images, not texts. ' + USAGE.images)
  if (inputKind === 'texts' && value('--images')) fail('this bundle takes texts, not images. ' + USAGE.texts)
  let matrix, rows, names, nameHeader, skipped
  if (inputKind === 'table') {
    ;({ matrix, rows } = encodeCsv(positional))
    nameHeader = 'row'
  } else {
    const prepared = await readRaw(inputKind, value('--images') || value('--texts') || positional, value('--column') || (manifest.input.text && manifest.input.text.column))
    matrix = prepared.features
    rows = prepared.rows
    names = inputKind === 'texts' ? prepared.names.map((n) => n.replace(/^row /, '')) : prepared.names
    nameHeader = inputKind === 'images' ? 'file' : 'row'
    skipped = prepared.skipped
  }
  const result = await predict(matrix, rows)
  const text = args.includes('--json') ? JSON.stringify({ ...(names ? { names } : {}), ...result, ...(skipped ? { skipped } : {}) }) + '\n' : toCsv(result, names, nameHeader)
  const out = value('--out')
  if (out) {
    writeFileSync(out, text)
    process.stderr.write('wrote ' + rows + ' predictions to ' + out + '\n')
  } else process.stdout.write(text)
}

main().catch((error) => fail(error && error.message ? error.message : String(error)))
`
