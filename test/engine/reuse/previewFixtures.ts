/**
 * Real learnwares and user tables for the preview and learning-curve tests: a model trained by engine/train on
 * part of a fixture CSV (test/fixtures/tabular), packed by `packLearnware` (the path `learnware-dock pack`
 * takes: class names, table encoding, RKME spec) and read back; the user's table is rows the learnware never
 * saw, parsed by the real table loader. Seeded throughout.
 *
 * Example:
 *   const { learnwareRows, userRows } = splitCsv(readCsvFixture('breast_cancer'), 0.4, 5)
 *   const learnware = await trainedLearnware(learnwareRows, { id: 'bc', task: 'Classification' })
 *   const table = userTable(userRows, 'classification')
 */

import { expect } from 'vitest'
import { readLearnwarePackage } from '../../../src/engine/learnware'
import type { LoadedTable } from '../../../src/engine/data'
import { packLearnware } from '../../../src/engine/pack'
import type { ProgressEvent } from '../../../src/engine/progress'
import type { ReuseLearnware } from '../../../src/engine/reuse/types'
import { sha256Hex } from '../../../src/engine/runtime'
import { trainLogisticRegression, trainRidgeRegression } from '../../../src/engine/train'
import { tableOf, type CsvFixture } from '../predict/trainedLearnware'

export { readCsvFixture, splitCsv, type CsvFixture } from '../predict/trainedLearnware'

export interface LearnwareRecipe {
  id: string
  task: 'Classification' | 'Regression'
  name?: string
  /** Feature columns to keep (default all). */
  columns?: readonly string[]
}

/** Logistic regression / ridge trained on `csv`, packed with its RKME (k = 30) and read back as a dock would hand it out. */
export async function trainedLearnware(csv: CsvFixture, recipe: LearnwareRecipe): Promise<ReuseLearnware> {
  const columns = recipe.columns ? [...recipe.columns, 'target'] : undefined
  const table = tableOf(csv, { target: 'target', targetTask: recipe.task === 'Classification' ? 'classification' : 'regression', columns })
  const data = { features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow }
  const onnxModel =
    recipe.task === 'Classification'
      ? trainLogisticRegression({ ...data, labels: table.target!.codes! }).toOnnx()
      : trainRidgeRegression({ ...data, targets: table.target!.values! }).toOnnx()
  const name = recipe.name ?? `${recipe.id} model`
  const { zip, spec } = await packLearnware({
    onnxModel,
    table,
    semantic: { name, description: `Trained on ${table.rowsKept} rows in the reuse tests`, task: recipe.task, scenarios: ['Health'], license: 'MIT' },
    k: 30,
    check: false
  })
  const pkg = await readLearnwarePackage(zip, { label: `${recipe.id}.zip` })
  return { id: recipe.id, name, license: 'MIT', packageSha256: sha256Hex(zip), pkg, spec }
}

export function userTable(csv: CsvFixture, task: 'classification' | 'regression'): LoadedTable {
  return tableOf(csv, { target: 'target', targetTask: task })
}

/** One start, progress fractions in (0, 1] that never go back and end at 1, one done. */
export function expectMonotoneProgress(events: readonly ProgressEvent[], task: string): void {
  expect(events[0]).toEqual({ status: 'start', task })
  expect(events[events.length - 1]).toEqual({ status: 'done', task })
  const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
  expect(fractions.length).toBeGreaterThan(3)
  fractions.forEach((f, i) => {
    expect(f).toBeGreaterThan(0)
    expect(f).toBeLessThanOrEqual(1)
    if (i > 0) expect(f).toBeGreaterThanOrEqual(fractions[i - 1])
  })
  expect(fractions[fractions.length - 1]).toBe(1)
  expect(events.filter((e) => e.status === 'start' || e.status === 'done')).toHaveLength(2)
}
