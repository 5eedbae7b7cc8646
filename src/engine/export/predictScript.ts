/**
 * The `predict.mjs` every bundle carries: a dependency-free Node script (only onnxruntime-node) that encodes
 * a CSV with the manifest's rules — the ones `data/` applies: missing markers, numbers as `readNumber`
 * reads them, category codes by text then by numeric value, unseen categories as missing — runs
 * `model.onnx` and prints the predictions; `--check` replays golden.json. Image and text bundles take
 * `--images DIR` / `--texts file.csv` instead, through the bundle's prepare.mjs (predictScriptRun.ts).
 * Kept as a string, not a file next to this module, so the bundled CLI and the Electron app carry it
 * without any file lookup. The script has no backticks and no template placeholders, so it sits in a raw
 * template literal unchanged.
 *
 * Example:
 *   files['predict.mjs'] = strToU8(PREDICT_SCRIPT)
 *   // then, in the unzipped bundle:  node predict.mjs example.csv --json   |   node predict.mjs --images photos/
 */

import { PREDICT_SCRIPT_RUN } from './predictScriptRun'

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
// Bundles made from images or texts (manifest.json "input.kind") take those instead, through prepare.mjs
// (Learnware Dock's own image and text code):
//   node predict.mjs --images photos/ [--out predictions.csv] [--json]   a folder of PNG/JPEG (sub-folders too),
//                                                                        one image, or an IDX images file
//   node predict.mjs --texts reviews.csv [--column body] [--out …] [--json]
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

` + PREDICT_SCRIPT_RUN
