/**
 * The `predict.mjs` every bundle carries: a dependency-free Node script (only onnxruntime-node) that encodes
 * a CSV with the manifest's rules — the ones `data/` applies: missing markers, numbers as `readNumber`
 * reads them, category codes by text then by numeric value, unseen categories as missing — runs
 * `model.onnx` and prints the predictions; `--check` replays golden.json. Kept as a string, not a file next
 * to this module, so the bundled CLI and the Electron app carry it without any file lookup. The script has
 * no backticks and no template placeholders, so it sits in a raw template literal unchanged.
 *
 * Example:
 *   files['predict.mjs'] = strToU8(PREDICT_SCRIPT)
 *   // then, in the unzipped bundle:  node predict.mjs example.csv --json
 */

export const PREDICT_SCRIPT = String.raw`#!/usr/bin/env node
// predict.mjs: runs this bundle's model.onnx on a CSV file, with nothing but Node (18 or newer) and
// onnxruntime-node (run "npm install onnxruntime-node" in this folder once). Written by Learnware Dock;
// how CSV cells become numbers is read from manifest.json, the same rules the app used.
//
//   node predict.mjs example.csv                    predictions as CSV on the screen
//   node predict.mjs data.csv --out predictions.csv  ... into a file
//   node predict.mjs data.csv --json                 ... as JSON
//   node predict.mjs --check                         run golden.json and compare with the app's answers
//
// The CSV needs a header row with the column names listed in manifest.json ("input.columns"); other
// columns are ignored. Empty cells and NA, N/A, NaN, null, ? count as missing; the model fills them.
// Text must be UTF-8.

import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'))
const features = manifest.input.encoding.features
const missingMarkers = new Set(manifest.input.missingMarkers)

function fail(message) {
  process.stderr.write('predict.mjs: ' + message + '\n')
  process.exit(2)
}

function loadOnnxRuntime() {
  const require = createRequire(import.meta.url)
  try {
    return require('onnxruntime-node')
  } catch {
    return fail('onnxruntime-node is not installed; run "npm install onnxruntime-node" in ' + here)
  }
}

// ---- reading cells: the same rules as Learnware Dock's table loader ----

function isMissing(cell) {
  return cell === undefined || missingMarkers.has(cell.trim().toLowerCase())
}

function readNumber(cell) {
  if (cell === undefined || cell.length === 0) return NaN
  const value = +cell
  if (value === value) {
    if (value === 0 && cell.trim() === '') return NaN
    if (/^\s*0[xXbBoO]/.test(cell)) return NaN
    return value
  }
  const word = cell.trim().toLowerCase()
  if (word === 'inf' || word === '+inf') return Infinity
  if (word === '-inf') return -Infinity
  return NaN
}

function categoryLookup(categories) {
  const byText = new Map()
  const byNumber = new Map()
  categories.forEach((category, code) => {
    byText.set(category, code)
    const value = readNumber(category)
    if (value === value && !byNumber.has(value)) byNumber.set(value, code)
  })
  return (text) => {
    if (byText.has(text)) return byText.get(text)
    const value = readNumber(text)
    return value === value && byNumber.has(value) ? byNumber.get(value) : NaN
  }
}

// ---- CSV: quoted fields, "" escapes, comma / semicolon / tab / pipe ----

function sniffDelimiter(text) {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  let best = ','
  let bestCount = 0
  for (const candidate of [',', ';', '\t', '|']) {
    const count = firstLine.split(candidate).length - 1
    if (count > bestCount) {
      best = candidate
      bestCount = count
    }
  }
  return best
}

function parseCsv(text, delimiter) {
  const records = []
  let record = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field.trim() === '') {
      quoted = true
      field = ''
    } else if (ch === delimiter) {
      record.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += ch
  }
  if (field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  return records.filter((r) => !(r.length === 1 && r[0].trim() === ''))
}

function encodeCsv(path) {
  let text = readFileSync(path, 'utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const [header, ...rows] = parseCsv(text, sniffDelimiter(text))
  if (!header || rows.length === 0) fail(path + ' has no data rows')
  const names = header.map((name) => name.trim())
  const absent = features.filter((f) => !names.includes(f.name)).map((f) => '"' + f.name + '"')
  if (absent.length > 0) fail(path + ': missing column(s) ' + absent.join(', ') + '. The model needs: ' + features.map((f) => f.name).join(', '))
  const width = features.length
  const matrix = new Float32Array(rows.length * width)
  const unreadable = {}
  features.forEach((feature, j) => {
    const column = names.indexOf(feature.name)
    const lookup = feature.kind === 'categorical' ? categoryLookup(feature.categories || []) : null
    rows.forEach((row, r) => {
      const cell = row[column]
      let value = NaN
      if (lookup) value = isMissing(cell) ? NaN : lookup(cell.trim())
      else value = readNumber(cell)
      if (value !== value && !isMissing(cell)) unreadable[feature.name] = (unreadable[feature.name] || 0) + 1
      matrix[r * width + j] = value
    })
  })
  for (const [name, count] of Object.entries(unreadable)) {
    process.stderr.write('note: column "' + name + '": ' + count + ' value(s) could not be read and count as missing\n')
  }
  return { matrix, rows: rows.length }
}

// ---- running the model ----

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

function toCsv(result) {
  const quote = (text) => (/[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text)
  if (result.label) {
    const header = ['row', 'prediction', ...manifest.output.classNames.map((name) => 'p(' + name + ')')]
    const lines = result.label.map((_, r) => [String(r + 1), result.labelNames[r], ...result.probabilities[r].map(String)])
    return [header, ...lines].map((cells) => cells.map(quote).join(',')).join('\n') + '\n'
  }
  const target = manifest.output.targetName || 'prediction'
  const width = result.prediction[0] ? result.prediction[0].length : 1
  const header = ['row', ...(width === 1 ? [target] : Array.from({ length: width }, (_, k) => target + '_' + (k + 1)))]
  const lines = result.prediction.map((values, r) => [String(r + 1), ...values.map(String)])
  return [header, ...lines].map((cells) => cells.map(quote).join(',')).join('\n') + '\n'
}

async function check() {
  const golden = JSON.parse(readFileSync(join(here, manifest.golden.file), 'utf8'))
  const number = (v) => (v === null ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)
  const matrix = Float32Array.from(golden.features.flat(), number)
  const result = await predict(matrix, golden.rows)
  const ties = new Set(golden.nearTies)
  const expectedNumbers = golden.expected.probabilities || golden.expected.prediction
  const actualNumbers = result.probabilities || result.prediction
  const problems = []
  for (let r = 0; r < golden.rows; r++) {
    if (ties.has(r)) continue
    if (golden.expected.label && golden.expected.label[r] !== result.label[r]) {
      problems.push('row ' + (r + 1) + ': label ' + result.labelNames[r] + ', expected ' + golden.expected.labelNames[r])
    }
    expectedNumbers[r].forEach((expected, c) => {
      const actual = actualNumbers[r][c]
      if (!(Math.abs(actual - expected) <= golden.tolerance * Math.max(1, Math.abs(expected)))) {
        problems.push('row ' + (r + 1) + ', column ' + (c + 1) + ': ' + actual + ', expected ' + expected)
      }
    })
  }
  if (problems.length > 0) {
    process.stderr.write('golden check FAILED on ' + problems.length + ' value(s):\n  ' + problems.slice(0, 10).join('\n  ') + '\n')
    process.exit(1)
  }
  process.stdout.write('golden check passed: ' + golden.rows + ' rows reproduce the expected outputs\n')
}

async function main() {
  const args = process.argv.slice(2)
  if (args.includes('--check')) return check()
  const csvPath = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--out')
  if (!csvPath || args.includes('--help')) {
    process.stdout.write('usage: node predict.mjs data.csv [--out predictions.csv] [--json]\n       node predict.mjs --check\n')
    return
  }
  const { matrix, rows } = encodeCsv(csvPath)
  const result = await predict(matrix, rows)
  const text = args.includes('--json') ? JSON.stringify(result) + '\n' : toCsv(result)
  const outIndex = args.indexOf('--out')
  if (outIndex >= 0 && args[outIndex + 1]) {
    writeFileSync(args[outIndex + 1], text)
    process.stderr.write('wrote ' + rows + ' predictions to ' + args[outIndex + 1] + '\n')
  } else process.stdout.write(text)
}

main().catch((error) => fail(error && error.message ? error.message : String(error)))
`
