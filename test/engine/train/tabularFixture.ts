/**
 * Loads the real tabular fixtures (header row, numeric columns, last column `target`) and makes a seeded
 * stratification-free train/test split, for the training and runtime tests.
 *
 * Example:
 *   const { train, test } = splitRows(readTabular('iris'), 0.25, 7)
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRng } from '../../../src/engine/math/rng'

export interface TabularData {
  features: Float32Array
  rows: number
  cols: number
  /** The `target` column. */
  targets: Float64Array
}

export function readTabular(name: 'iris' | 'wine' | 'breast_cancer' | 'diabetes'): TabularData {
  const text = readFileSync(join(__dirname, '../../fixtures/tabular', `${name}.csv`), 'utf8').trim()
  const [header, ...lines] = text.split(/\r?\n/)
  const cols = header.split(',').length - 1
  const features = new Float32Array(lines.length * cols)
  const targets = new Float64Array(lines.length)
  lines.forEach((line, r) => {
    const cells = line.split(',').map(Number)
    if (cells.length !== cols + 1 || cells.some(Number.isNaN)) throw new Error(`${name}.csv row ${r + 2} is malformed`)
    features.set(cells.slice(0, cols), r * cols)
    targets[r] = cells[cols]
  })
  return { features, rows: lines.length, cols, targets }
}

export function splitRows(data: TabularData, testFraction: number, seed: number): { train: TabularData; test: TabularData } {
  const order = createRng(seed).shuffle(Array.from({ length: data.rows }, (_, i) => i))
  const testRows = Math.round(data.rows * testFraction)
  return { test: pickRows(data, order.slice(0, testRows)), train: pickRows(data, order.slice(testRows)) }
}

function pickRows(data: TabularData, rows: number[]): TabularData {
  const features = new Float32Array(rows.length * data.cols)
  const targets = new Float64Array(rows.length)
  rows.forEach((row, i) => {
    features.set(data.features.subarray(row * data.cols, (row + 1) * data.cols), i * data.cols)
    targets[i] = data.targets[row]
  })
  return { features, rows: rows.length, cols: data.cols, targets }
}

export function accuracy(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let correct = 0
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) correct++
  return correct / actual.length
}

/** Coefficient of determination 1 − SS_res / SS_tot. */
export function rSquared(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let mean = 0
  for (let i = 0; i < actual.length; i++) mean += actual[i]
  mean /= actual.length
  let residual = 0
  let total = 0
  for (let i = 0; i < actual.length; i++) {
    residual += (actual[i] - predicted[i]) ** 2
    total += (actual[i] - mean) ** 2
  }
  return 1 - residual / total
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`)
  let max = 0
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]))
  return max
}
