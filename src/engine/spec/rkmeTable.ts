/**
 * The RKME table specification: a reduced set Z (K points of d features) with weights β that together
 * sketch the distribution of a data set, Φ = Σ_j β_j k(z_j, ·) with the Gaussian kernel
 * k(a, b) = exp(−γ‖a − b‖²). This module holds the value type, its kernel algebra (inner product, MMD²)
 * and Beimingwu-compatible JSON; fitting lives in rkmeFit.ts, herding in rkmeHerding.ts.
 *
 * Example:
 *   const spec = parseRkmeTableSpec(JSON.parse(text), 'user.json')
 *   mmd2(spec, other)                  // = Beimingwu's RKMETableSpecification.dist
 *   const json = serializeRkmeTableSpec(spec)   // {"z":[[…]],"beta":[…],"gamma":0.1,"num_points":N,"type":"RKMETableSpecification"}
 */

import { LearnwareError } from '../errors'
import { createRbfKernelHost, createRbfKernelRows, rbfKernelModule, type RbfKernelHost } from '../math/rbfKernel'

export const RKME_TABLE_TYPE = 'RKMETableSpecification'
/** Old name still found in Beimingwu's database; read as a table spec, always written with the new name. */
export const RKME_TABLE_LEGACY_TYPE = 'RKMEStatSpecification'

export interface RkmeTableSpec {
  type: typeof RKME_TABLE_TYPE
  /** Reduced set, row-major K × featuresPerRow. */
  z: Float64Array
  beta: Float64Array
  k: number
  featuresPerRow: number
  /** Trailing shape of one point as written in JSON (for tables `[featuresPerRow]`). */
  pointShape: number[]
  gamma: number
  /** Rows of the data the spec was fitted on (Beimingwu's `num_points`). */
  numPoints: number
}

/** ⟨Φ_a, Φ_b⟩ = Σ_i Σ_j β_a,i β_b,j k_γ(z_a,i, z_b,j), with the first operand's γ (as the reference). */
export function innerProduct(a: RkmeTableSpec, b: RkmeTableSpec): number {
  assertSameDimension(a, b)
  return weightedKernelSum(a.z, a.beta, a.k, b.z, b.beta, b.k, a.featuresPerRow, a.gamma)
}

/** Squared MMD between two specs: ⟨a,a⟩ − 2⟨a,b⟩ + ⟨b,b⟩ (Beimingwu's `dist`; not square-rooted). */
export function mmd2(a: RkmeTableSpec, b: RkmeTableSpec): number {
  return innerProduct(a, a) - 2 * innerProduct(a, b) + innerProduct(b, b)
}

/** One kernel instance for all weightedKernelSum calls (each is synchronous and done before the next). */
let smallKernelHost: RbfKernelHost | undefined

/** Σ_i Σ_j βa_i βb_j exp(−γ‖za_i − zb_j‖²), distances as ‖a‖² − 2a·b + ‖b‖² like the reference (WASM SIMD kernel). */
export function weightedKernelSum(
  za: Float64Array, betaA: Float64Array, ka: number,
  zb: Float64Array, betaB: Float64Array, kb: number,
  d: number, gamma: number
): number {
  const perPointOfB = new Float64Array(kb)
  smallKernelHost ??= createRbfKernelHost(rbfKernelModule())
  createRbfKernelRows(rbfKernelModule(), zb, kb, d, smallKernelHost).weightedRows(za, ka, betaA, gamma, perPointOfB)
  let total = 0
  for (let j = 0; j < kb; j++) total += betaB[j] * perPointOfB[j]
  return total
}

function assertSameDimension(a: RkmeTableSpec, b: RkmeTableSpec): void {
  if (a.featuresPerRow !== b.featuresPerRow) {
    throw new LearnwareError(
      'SPEC_DIMENSION_MISMATCH',
      `Specifications describe different feature counts (${a.featuresPerRow} vs ${b.featuresPerRow})`,
      { hint: 'Only specs made from data with the same columns can be compared' }
    )
  }
}

/** The JSON object Beimingwu's `RKMETableSpecification.save` writes, in its key order. */
export interface RkmeTableSpecJson {
  z: unknown
  beta: number[]
  gamma: number
  num_points: number
  type: string
}

export function toRkmeTableSpecJson(spec: RkmeTableSpec): RkmeTableSpecJson {
  const z: number[][] = []
  for (let i = 0; i < spec.k; i++) z.push(Array.from(spec.z.subarray(i * spec.featuresPerRow, (i + 1) * spec.featuresPerRow)))
  return { z: nestRows(z, spec.pointShape), beta: Array.from(spec.beta), gamma: spec.gamma, num_points: spec.numPoints, type: RKME_TABLE_TYPE }
}

/**
 * Compact JSON like Python's `json.dump(..., separators=(",", ":"))`, keys in the reference's order.
 * Integral floats keep a `.0` so numpy reads z and β back as floats, as from a file the reference wrote.
 */
export function serializeRkmeTableSpec(spec: RkmeTableSpec): string {
  const json = toRkmeTableSpecJson(spec)
  return `{"z":${floatJson(json.z)},"beta":${floatJson(json.beta)},"gamma":${floatJson(json.gamma)},` +
    `"num_points":${json.num_points},"type":"${RKME_TABLE_TYPE}"}`
}

/** JSON for (nested arrays of) numbers, always written as floats. */
export function floatJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(floatJson).join(',')}]`
  const number = value as number
  return Number.isInteger(number) && Math.abs(number) < 1e21 ? number.toFixed(1) : String(number)
}

export function parseRkmeTableSpec(raw: unknown, source = 'specification'): RkmeTableSpec {
  const fail = (field: string, problem: string): never => {
    throw new LearnwareError('SPEC_BAD_FORMAT', `${source}: field "${field}" ${problem}`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('(root)', 'must be a JSON object')
  const json = raw as Record<string, unknown>
  if (json.type !== RKME_TABLE_TYPE && json.type !== RKME_TABLE_LEGACY_TYPE) {
    fail('type', `is ${JSON.stringify(json.type)}, expected "${RKME_TABLE_TYPE}"`)
  }
  if (!Array.isArray(json.z) || json.z.length === 0) fail('z', 'must be a non-empty array of points')
  const points = json.z as unknown[]
  const pointShape = shapeOf(points[0])
  if (pointShape === null || pointShape.length === 0) fail('z', 'must hold arrays of numbers')
  const featuresPerRow = (pointShape as number[]).reduce((a, b) => a * b, 1)
  const k = points.length
  const z = new Float64Array(k * featuresPerRow)
  points.forEach((point, i) => {
    const flat = (point as unknown[]).flat(Infinity)
    if (flat.length !== featuresPerRow) fail(`z[${i}]`, `has ${flat.length} values, expected ${featuresPerRow}`)
    flat.forEach((v, f) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`z[${i}]`, 'contains a value that is not a finite number')
      z[i * featuresPerRow + f] = v as number
    })
  })
  if (!Array.isArray(json.beta) || json.beta.length !== k) fail('beta', `must be an array of ${k} numbers (one per point of z)`)
  const beta = Float64Array.from(json.beta as unknown[], (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail('beta', 'contains a value that is not a finite number')
    return v as number
  })
  const gamma = json.gamma === undefined ? 0.1 : json.gamma
  if (typeof gamma !== 'number' || !(gamma > 0) || !Number.isFinite(gamma)) fail('gamma', 'must be a positive number')
  const numPoints = json.num_points === undefined ? k : json.num_points
  if (typeof numPoints !== 'number' || !Number.isInteger(numPoints) || numPoints < 1) fail('num_points', 'must be a positive integer')
  return { type: RKME_TABLE_TYPE, z, beta, k, featuresPerRow, pointShape: pointShape as number[], gamma: gamma as number, numPoints: numPoints as number }
}

function shapeOf(value: unknown): number[] | null {
  if (!Array.isArray(value)) return typeof value === 'number' ? [] : null
  if (value.length === 0) return null
  const inner = shapeOf(value[0])
  return inner === null ? null : [value.length, ...inner]
}

function nestRows(rows: number[][], pointShape: number[]): unknown {
  if (pointShape.length <= 1) return rows
  const nest = (flat: number[], shape: number[]): unknown => {
    if (shape.length === 1) return flat
    const size = shape.slice(1).reduce((a, b) => a * b, 1)
    return Array.from({ length: shape[0] }, (_, i) => nest(flat.slice(i * size, (i + 1) * size), shape.slice(1)))
  }
  return rows.map((row) => nest(row, pointShape))
}
