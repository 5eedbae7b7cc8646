/**
 * Real learnware packages for the dock tests: RKME table specs fitted on rows of the tabular fixtures
 * (iris, wine, breast_cancer, diabetes), a semantic spec describing the data, and a real ONNX model trained
 * on the same rows (logistic regression, or ridge for diabetes). Fitted specs and models are cached per
 * slice, so a test can cheaply make many distinct packages (different names → different bytes).
 *
 * Example:
 *   const dir = await tempDockDir()
 *   const zip = await tablePackage({ dataset: 'wine', name: 'Wine A' })
 *   const beimingwu = await tablePackage({ dataset: 'iris', originId: '00000042' })
 */

import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { writeLearnwarePackage, type WriteLearnwarePackageInput } from '../../../src/engine/learnware'
import { generateRkmeTableSpec, serializeRkmeTableSpec, toRkmeTableSpecJson, type RkmeTableSpec } from '../../../src/engine/spec'
import { generateSemanticSpec, type SemanticSpec } from '../../../src/engine/spec/semantic'
import { trainLogisticRegression, trainRidgeRegression } from '../../../src/engine/train'

export type TabularName = 'iris' | 'wine' | 'breast_cancer' | 'diabetes'

export interface CsvTable {
  names: string[]
  /** Row-major rows × cols, without the target. */
  features: Float64Array
  targets: Float64Array
  rows: number
  cols: number
}

const fixturesDir = join(import.meta.dirname, '../../fixtures/tabular')

export function readCsvTable(name: TabularName, firstRow = 0, rowCount = Infinity): CsvTable {
  const [header, ...lines] = readFileSync(join(fixturesDir, `${name}.csv`), 'utf8').trim().split(/\r?\n/)
  const names = header.split(',').slice(0, -1)
  const body = lines.slice(firstRow, firstRow + rowCount)
  const cols = names.length
  const features = new Float64Array(body.length * cols)
  const targets = new Float64Array(body.length)
  body.forEach((line, r) => {
    const cells = line.split(',').map(Number)
    features.set(cells.slice(0, cols), r * cols)
    targets[r] = cells[cols]
  })
  return { names, features, targets, rows: body.length, cols }
}

export interface SliceOptions {
  dataset: TabularName
  /** Rows of the CSV to fit on (default: all). */
  firstRow?: number
  rowCount?: number
}

interface FittedSlice {
  table: CsvTable
  spec: RkmeTableSpec
  /** A model trained on the slice (logistic regression, ridge for diabetes), trained on first use. */
  onnx(): Uint8Array
}

const fitted = new Map<string, Promise<FittedSlice>>()

/** The RKME spec and trained ONNX model of a slice, fitted once per test file. */
export function fitSlice(options: SliceOptions): Promise<FittedSlice> {
  const key = `${options.dataset}:${options.firstRow ?? 0}:${options.rowCount ?? 'all'}`
  let slice = fitted.get(key)
  if (!slice) {
    slice = fit(options)
    fitted.set(key, slice)
  }
  return slice
}

async function fit(options: SliceOptions): Promise<FittedSlice> {
  const table = readCsvTable(options.dataset, options.firstRow, options.rowCount)
  const spec = await generateRkmeTableSpec(table.features, table.rows, table.cols, { seed: 0, k: 20, threads: 1 })
  let onnx: Uint8Array | undefined
  return {
    table,
    spec,
    onnx: () => (onnx ??= trainOnnx(options.dataset, table))
  }
}

function trainOnnx(dataset: TabularName, table: CsvTable): Uint8Array {
  const data = { features: table.features, rows: table.rows, cols: table.cols }
  return dataset === 'diabetes'
    ? trainRidgeRegression({ ...data, targets: table.targets }).toOnnx()
    : trainLogisticRegression({ ...data, labels: Int32Array.from(table.targets) }).toOnnx()
}

export interface TablePackageOptions extends SliceOptions {
  name?: string
  description?: string
  originId?: string
  /** Overrides `Input.Dimension` (to make a spec that disagrees with its data). */
  inputDimension?: number
  /** Replaces the RKME JSON written into the package. */
  statSpecJson?: unknown
}

export function semanticSpecFor(table: CsvTable, options: TablePackageOptions): SemanticSpec {
  const regression = options.dataset === 'diabetes'
  const classes = regression ? 1 : new Set(table.targets).size
  return generateSemanticSpec({
    name: options.name ?? `${options.dataset} model`,
    description: options.description ?? `Trained on ${table.rows} rows of ${options.dataset}.csv`,
    data: 'Table',
    task: regression ? 'Regression' : 'Classification',
    library: 'Scikit-learn',
    scenarios: regression ? ['Health'] : ['Nature'],
    license: 'MIT',
    input: { dimension: options.inputDimension ?? table.cols, descriptions: table.names },
    output: { dimension: classes, descriptions: regression ? ['disease progression'] : [...new Set(table.targets)].map((c) => `class ${c}`) }
  })
}

export async function tablePackageInput(options: TablePackageOptions): Promise<WriteLearnwarePackageInput> {
  const { table, spec, onnx } = await fitSlice(options)
  const regression = options.dataset === 'diabetes'
  return {
    semanticSpec: semanticSpecFor(table, options),
    statSpecs: [{ type: 'RKMETableSpecification', json: options.statSpecJson ?? toRkmeTableSpecJson(spec) }],
    onnxModel: onnx(),
    manifest: {
      input: { name: 'X', shape: [null, table.cols], dtype: 'float32' },
      output: regression ? { name: 'prediction', shape: [null, 1], kind: 'values' } : { name: 'probabilities', kind: 'probabilities' }
    },
    originId: options.originId
  }
}

export async function tablePackage(options: TablePackageOptions): Promise<Uint8Array> {
  return writeLearnwarePackage(await tablePackageInput(options))
}

export async function tempDockDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'lwd-dock-'))
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/**
 * A Beimingwu-style package: the model is Python code (never run here), the stat spec is a real RKME of
 * the slice; with `originId` it is shaped like a zip downloaded from a Beimingwu dock (id + semantic spec).
 */
export async function pythonPackage(options: TablePackageOptions): Promise<Uint8Array> {
  const { table, spec } = await fitSlice(options)
  const yaml = [
    'model:',
    '  class_name: MyModel',
    '  module_path: __init__.py',
    '  kwargs: {}',
    'stat_specifications:',
    '  - module_path: learnware.specification',
    '    class_name: RKMETableSpecification',
    '    file_name: stat_spec.json',
    '    kwargs: {}'
  ]
  const files: Record<string, Uint8Array> = {
    '__init__.py': strToU8('from learnware.model import BaseModel\n\nclass MyModel(BaseModel):\n    pass\n'),
    'stat_spec.json': strToU8(serializeRkmeTableSpec(spec)),
    'requirements.txt': strToU8('scikit-learn==1.2.2\n')
  }
  if (options.originId !== undefined) {
    yaml.push(`id: "${options.originId}"`, 'semantic_specification:', '  file_name: semantic_specification.json')
    files['semantic_specification.json'] = strToU8(JSON.stringify(semanticSpecFor(table, options)))
  }
  files['learnware.yaml'] = strToU8(`${yaml.join('\n')}\n`)
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { mtime: FIXED_MTIME }]])))
}

/** Rewrites one file of a zip (to make packages no honest writer would produce). */
export function replaceInZip(zip: Uint8Array, name: string, bytes: Uint8Array): Uint8Array {
  const files: Record<string, Uint8Array> = { ...unzipSync(zip), [name]: bytes }
  return zipSync(Object.fromEntries(Object.entries(files).map(([entry, data]) => [entry, [data, { mtime: FIXED_MTIME }]])))
}

const FIXED_MTIME = new Date(1980, 0, 1)
