/**
 * The five public data sets the starter dock is built from, as the builder needs them: what each is, where
 * it comes from and under which licence (said in every learnware's description), the names of its classes,
 * and its rows read from `resources/datasets/<key>.csv` (copied there so a build never depends on the
 * shared folder, which the app and CI do not have). Cells are kept as text too, so user tasks repeat the
 * source values exactly instead of re-printing floats.
 *
 * Example:
 *   const wine = readSourceData(join(repoRoot, 'resources/datasets'), 'wine')
 *   wine.rows; wine.featureNames.length          // 178, 13
 *   wine.labels![0]; wine.dataset.classNames![0] // 0, 'cultivar 1'
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LearnwareError } from '../../src/engine/errors'
import type { License, Scenario } from '../../src/engine/spec/semantic'

export type DatasetKey = 'iris' | 'wine' | 'breast_cancer' | 'digits' | 'diabetes'

export interface DatasetInfo {
  key: DatasetKey
  /** How descriptions call it, e.g. "Wine recognition". */
  title: string
  /** How learnware names start, e.g. "Wine cultivar classifier". */
  nameStem: string
  /** What a model of this data predicts, for "Predicts …" in descriptions. */
  predicts: string
  /** One sentence on origin and licence, repeated in every learnware description. */
  origin: string
  task: 'Classification' | 'Regression'
  /** Class name per integer class value (classification only). */
  classNames?: readonly string[]
  scenarios: readonly Scenario[]
  license: License
}

export const DATASETS: Readonly<Record<DatasetKey, DatasetInfo>> = {
  iris: {
    key: 'iris',
    title: 'Iris',
    nameStem: 'Iris species classifier',
    predicts: 'the species of an iris flower from four sepal and petal measurements (cm)',
    origin: 'Data: the UCI Iris data set (Fisher, 1936) as distributed with scikit-learn, licence CC BY 4.0.',
    task: 'Classification',
    classNames: ['setosa', 'versicolor', 'virginica'],
    scenarios: ['Nature'],
    license: 'CC-BY-4.0'
  },
  wine: {
    key: 'wine',
    title: 'Wine recognition',
    nameStem: 'Wine cultivar classifier',
    predicts: 'the cultivar of a wine from 13 results of its chemical analysis',
    origin: 'Data: the UCI Wine recognition data set (chemical analysis of wines from three cultivars in one region of Italy) as distributed with scikit-learn, licence CC BY 4.0.',
    task: 'Classification',
    classNames: ['cultivar 1', 'cultivar 2', 'cultivar 3'],
    scenarios: ['Agriculture'],
    license: 'CC-BY-4.0'
  },
  breast_cancer: {
    key: 'breast_cancer',
    title: 'Breast cancer (Wisconsin diagnostic)',
    nameStem: 'Breast cancer diagnosis',
    predicts: 'whether a breast mass is malignant or benign from 30 measurements of the cell nuclei in a digitised fine-needle aspirate',
    origin: 'Data: the UCI Breast Cancer Wisconsin (Diagnostic) data set (cell-nucleus measurements from digitised fine-needle aspirates) as distributed with scikit-learn, licence CC BY 4.0.',
    task: 'Classification',
    classNames: ['malignant', 'benign'],
    scenarios: ['Health'],
    license: 'CC-BY-4.0'
  },
  digits: {
    key: 'digits',
    title: 'Handwritten digits',
    nameStem: 'Digits classifier',
    predicts: 'which digit an 8×8 image of a handwritten digit shows, from its 64 pixel counts',
    origin: 'Data: the UCI Optical Recognition of Handwritten Digits data set (8×8 images, pixel counts 0–16) as distributed with scikit-learn, licence CC BY 4.0.',
    task: 'Classification',
    classNames: Array.from({ length: 10 }, (_, d) => `digit ${d}`),
    scenarios: ['Education', 'Computer'],
    license: 'CC-BY-4.0'
  },
  diabetes: {
    key: 'diabetes',
    title: 'Diabetes (Efron et al., 2004)',
    nameStem: 'Diabetes progression',
    predicts: 'disease progression one year after baseline (column target) from ten baseline variables',
    origin:
      'Data: the diabetes data set of Efron, Hastie, Johnstone and Tibshirani (2004, "Least Angle Regression"; 442 patients, age, sex, BMI, blood pressure and six blood serum measurements) in the unscaled version shipped with scikit-learn. The authors state no licence, hence licence "Others".',
    task: 'Regression',
    scenarios: ['Health'],
    license: 'Others'
  }
}

export interface SourceData {
  dataset: DatasetInfo
  featureNames: string[]
  rows: number
  /** Row-major rows × featureNames.length. */
  features: Float64Array
  /** The feature cells as written in the file, per row. */
  featureCells: string[][]
  /** Integer class value per row (classification). */
  labels?: Int32Array
  /** Target value per row (regression). */
  targets?: Float64Array
  /** The target cell as written in the file, per row. */
  targetCells: string[]
}

/** Reads `<dir>/<key>.csv`: plain comma-separated numbers, header row, last column `target`. */
export function readSourceData(dir: string, key: DatasetKey): SourceData {
  const path = join(dir, `${key}.csv`)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new LearnwareError('IO_NOT_FOUND', `Cannot read the starter-dock source ${path}`, { cause, hint: 'Copy the data set into resources/datasets/.' })
  }
  const [headerLine, ...lines] = text.trim().split(/\r?\n/)
  const header = headerLine.split(',')
  if (header[header.length - 1] !== 'target') {
    throw new LearnwareError('DATA_MISSING_COLUMN', `${path}: the last column is "${header[header.length - 1]}", not "target"`)
  }
  const dataset = DATASETS[key]
  const cols = header.length - 1
  const features = new Float64Array(lines.length * cols)
  const featureCells: string[][] = []
  const targetCells: string[] = []
  lines.forEach((line, r) => {
    const cells = line.split(',')
    if (cells.length !== header.length) {
      throw new LearnwareError('DATA_RAGGED_ROW', `${path}, row ${r + 2}: ${cells.length} cells, the header has ${header.length}`)
    }
    for (let j = 0; j < cols; j++) {
      const value = Number(cells[j])
      if (!Number.isFinite(value)) throw new LearnwareError('DATA_BAD_VALUE', `${path}, row ${r + 2}, column ${header[j]}: "${cells[j]}" is not a number`)
      features[r * cols + j] = value
    }
    featureCells.push(cells.slice(0, cols))
    targetCells.push(cells[cols])
  })
  const targetNumbers = Float64Array.from(targetCells, Number)
  const source: SourceData = { dataset, featureNames: header.slice(0, cols), rows: lines.length, features, featureCells, targetCells }
  if (dataset.task === 'Regression') source.targets = targetNumbers
  else source.labels = Int32Array.from(targetNumbers, (value, r) => classValue(value, dataset, path, r))
  return source
}

function classValue(value: number, dataset: DatasetInfo, path: string, row: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= dataset.classNames!.length) {
    throw new LearnwareError('DATA_BAD_VALUE', `${path}, row ${row + 2}: target ${value} is not one of the ${dataset.classNames!.length} classes`)
  }
  return value
}

/** Feature value of `row` in the column named `name`. */
export function featureValue(source: SourceData, row: number, name: string): number {
  const column = source.featureNames.indexOf(name)
  if (column < 0) throw new LearnwareError('DATA_UNKNOWN_COLUMN', `${source.dataset.key}: no column named "${name}"`)
  return source.features[row * source.featureNames.length + column]
}
