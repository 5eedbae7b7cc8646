/**
 * The RKME image specification (Beimingwu's `RKMEImageSpecification`): a reduced set Z of K images
 * (C × 32 × 32, stored as float32 like the reference loads them) with weights β, compared through the
 * analytic NNGP kernel of an infinitely wide 3-block ConvNet (nngpImages.ts, nngpPair.ts). This module
 * holds the value type and its kernel algebra; JSON is rkmeImageJson.ts, fitting rkmeImageFit.ts.
 *
 * Kernel work is cached, because search compares one user spec with many learnwares: each Z's
 * per-image maps are prepared once (weakly keyed by the z array), each spec's ⟨Φ, Φ⟩ once, and Gram
 * entries between two Zs are kept by content — every spec the reference makes with the same K and C
 * shares its Z (§10.1), so one Gram serves all of them.
 *
 * Example:
 *   const user = parseRkmeImageSpec(JSON.parse(text), 'user.json')
 *   imageMmd2(user, learnwareSpec)                          // = Beimingwu's RKMEImageSpecification.dist
 *   imageMmd2(user, learnwareSpec, { arithmetic: 'exact' })  // float64 kernel, ~2× faster, differs ≲ 1e-6
 *   await imageMmd2Many(user, learnwareSpecs, { threads: 2 })  // one distance per learnware, on both cores
 */

import { availableParallelism } from 'node:os'
import { LearnwareError } from '../../errors'
import { createPartialGram, nngpWeightedSum, nngpWeightedSumOnPool, type PartialGram } from './nngpGram'
import { prepareNngpImages, type NngpArithmetic, type NngpImageSet } from './nngpImages'
import { sharedNngpPool, type NngpPool } from './nngpPool'

export const RKME_IMAGE_TYPE = 'RKMEImageSpecification'
/** `RKME_IMAGE_VERSION` the reference writes ("please maintain backward compatibility"). */
export const RKME_IMAGE_VERSION = 1
export const RKME_IMAGE_SIDE = 32

/** The random-ConvNet settings the reference stores (only net_depth matters to the search kernel). */
export interface RkmeImageModelConfig {
  k: number
  mu: number
  sigma: number | null
  net_width: number
  net_depth: number
}

export const DEFAULT_IMAGE_MODEL_CONFIG: Readonly<RkmeImageModelConfig> = { k: 2, mu: 0, sigma: null, net_width: 128, net_depth: 3 }

export interface RkmeImageSpec {
  type: typeof RKME_IMAGE_TYPE
  /** `RKME_IMAGE_VERSION` as read or written. */
  version: number
  msg: string | null
  /** Reduced set, k × channels × 32 × 32, row-major, float32 values (the reference loads z as float32). */
  z: Float32Array
  beta: Float64Array
  k: number
  channels: number
  /** The reference's random-feature settings, kept for the JSON round trip. */
  nModels: number
  modelConfig: RkmeImageModelConfig
}

export interface ImageKernelOptions {
  /**
   * 'reference' (default): the reference's float32 PyTorch arithmetic, reproducing Beimingwu's numbers
   * to ~1e-9. 'exact': the kernel in float64 — faster; differs from the reference by its float32 noise.
   */
  arithmetic?: NngpArithmetic
}

/**
 * ⟨Φ_a, Φ_b⟩ = Σ_i Σ_j β_a,i β_b,j k(z_a,i, z_b,j). Like the reference, a spec with itself (the same
 * object) uses the Gram of Z with itself (diagonal from the variance path); two spec objects always use
 * the cross kernel, even when their Z coincide.
 */
export function imageInnerProduct(a: RkmeImageSpec, b: RkmeImageSpec, options: ImageKernelOptions = {}): number {
  const arithmetic = options.arithmetic ?? 'reference'
  if (a === b) return selfInnerProduct(a, arithmetic)
  assertComparable(a, b)
  return nngpWeightedSum(preparedImages(a.z, a.k, a.channels, arithmetic), a.beta, preparedImages(b.z, b.k, b.channels, arithmetic), b.beta, false, {
    gram: cachedGram(a.z, b.z, false, arithmetic, a.k, b.k)
  })
}

/** Squared MMD ⟨a,a⟩ − 2⟨a,b⟩ + ⟨b,b⟩ (the reference's `dist`, not square-rooted). */
export function imageMmd2(a: RkmeImageSpec, b: RkmeImageSpec, options: ImageKernelOptions = {}): number {
  return imageInnerProduct(a, a, options) - 2 * imageInnerProduct(a, b, options) + imageInnerProduct(b, b, options)
}

export interface ImageDistancesOptions extends ImageKernelOptions {
  /** Threads for the kernel (default: the machine's cores, at most 4; 1 = this thread only). */
  threads?: number
}

/**
 * MMD² from one spec to each of many — a search's single ranking — with the kernel on a worker pool.
 * Same values as `imageMmd2(query, spec)` one by one, and the same caches.
 */
export async function imageMmd2Many(query: RkmeImageSpec, specs: readonly RkmeImageSpec[], options: ImageDistancesOptions = {}): Promise<Float64Array> {
  const arithmetic = options.arithmetic ?? 'reference'
  const threads = options.threads ?? Math.min(4, availableParallelism())
  for (const spec of specs) if (spec !== query) assertComparable(query, spec)
  // The process's pool, asked for on first use: when every Gram entry is cached (specs sharing a Z) no
  // thread is needed.
  const getPool = (): NngpPool => sharedNngpPool(threads)
  // All sums start at once, so this thread works through its share of every Gram while the workers
  // work through theirs; sums over the same cached Gram wait for each other instead of repeating work.
  const inFlight = new Map<PartialGram, Promise<number>>()
  const sum = async (a: RkmeImageSpec, b: RkmeImageSpec, same: boolean): Promise<number> => {
    const setA = preparedImages(a.z, a.k, a.channels, arithmetic)
    const setB = preparedImages(b.z, b.k, b.channels, arithmetic)
    const gram = cachedGram(a.z, b.z, same, arithmetic, a.k, b.k)
    const earlier = inFlight.get(gram)
    if (earlier) await earlier
    const run = threads > 1
      ? nngpWeightedSumOnPool(getPool, setA, a.beta, setB, b.beta, same, { gram })
      : Promise.resolve(nngpWeightedSum(setA, a.beta, setB, b.beta, same, { gram }))
    inFlight.set(gram, run)
    try { return await run } finally { if (inFlight.get(gram) === run) inFlight.delete(gram) }
  }
  const self = async (spec: RkmeImageSpec): Promise<number> => {
    const known = cachedSelfProduct(spec, arithmetic)
    if (known !== undefined) return known
    const value = await sum(spec, spec, true)
    storeSelfProduct(spec, arithmetic, value)
    return value
  }
  const queryTerm = self(query)
  const distances = specs.map(async (spec) => (spec === query ? 0 : (await queryTerm) - 2 * (await sum(query, spec, false)) + (await self(spec))))
  return Float64Array.from(await Promise.all(distances))
}

/**
 * Beimingwu's image search distance: d ← 1 − exp(−d / 5e-5) (EasyStatSearcher step 6), applied to every
 * image MMD² (single and mixture) before distances become scores. It maps [0, ∞) onto [0, 1) and
 * saturates above ~5e-4.
 */
export function imageSearchDistance(mmd2: number): number {
  return 1 - Math.exp(-mmd2 / IMAGE_DISTANCE_SCALE)
}

export const IMAGE_DISTANCE_SCALE = 5e-5

function selfInnerProduct(spec: RkmeImageSpec, arithmetic: NngpArithmetic): number {
  const known = cachedSelfProduct(spec, arithmetic)
  if (known !== undefined) return known
  const set = preparedImages(spec.z, spec.k, spec.channels, arithmetic)
  const value = nngpWeightedSum(set, spec.beta, set, spec.beta, true, { gram: cachedGram(spec.z, spec.z, true, arithmetic, spec.k, spec.k) })
  storeSelfProduct(spec, arithmetic, value)
  return value
}

/** ⟨Φ, Φ⟩ per spec object and arithmetic, valid while the spec keeps the same β array. */
function cachedSelfProduct(spec: RkmeImageSpec, arithmetic: NngpArithmetic): number | undefined {
  const cached = selfProducts.get(spec)
  return cached && cached.beta === spec.beta ? cached[arithmetic] : undefined
}

function storeSelfProduct(spec: RkmeImageSpec, arithmetic: NngpArithmetic, value: number): void {
  let cached = selfProducts.get(spec)
  if (!cached || cached.beta !== spec.beta) { cached = { beta: spec.beta }; selfProducts.set(spec, cached) }
  cached[arithmetic] = value
}

/**
 * Forgets cached Gram entries (the per-Z maps and ⟨Φ, Φ⟩ live as long as their arrays and specs do).
 * For tests, and to release memory after a large search.
 */
export function clearImageKernelCaches(): void {
  gramCache.clear()
}

/** Per-image maps of a Z, prepared once per array and arithmetic. */
export function preparedImages(z: Float32Array, k: number, channels: number, arithmetic: NngpArithmetic): NngpImageSet {
  let entry = preparedSets.get(z)
  if (!entry) { entry = {}; preparedSets.set(z, entry) }
  return (entry[arithmetic] ??= prepareNngpImages(z, k, channels, arithmetic))
}

const preparedSets = new WeakMap<Float32Array, Partial<Record<NngpArithmetic, NngpImageSet>>>()
const selfProducts = new WeakMap<RkmeImageSpec, Partial<Record<NngpArithmetic, number>> & { beta?: Float64Array }>()

/** Gram entries by the content of both Zs: small LRU (each entry ≤ K² doubles). */
const GRAM_CACHE_ENTRIES = 64
const gramCache = new Map<string, PartialGram>()
const fingerprints = new WeakMap<Float32Array, string>()

function cachedGram(za: Float32Array, zb: Float32Array, same: boolean, arithmetic: NngpArithmetic, ka: number, kb: number): PartialGram {
  const key = `${fingerprint(za)}|${fingerprint(zb)}|${same ? 'same' : 'cross'}|${arithmetic}`
  let gram = gramCache.get(key)
  if (gram) {
    gramCache.delete(key) // re-insert: most recently used last
  } else {
    gram = createPartialGram(ka, kb)
    if (gramCache.size >= GRAM_CACHE_ENTRIES) gramCache.delete(gramCache.keys().next().value as string)
  }
  gramCache.set(key, gram)
  return gram
}

/** Content hash of a Z (two independent 32-bit FNV-1a streams over its float32 bits, plus its length). */
function fingerprint(z: Float32Array): string {
  const known = fingerprints.get(z)
  if (known) return known
  const bits = new Uint32Array(z.buffer, z.byteOffset, z.length)
  let h1 = 0x811c9dc5
  let h2 = 0x01000193 ^ z.length
  for (let i = 0; i < bits.length; i++) {
    h1 = Math.imul(h1 ^ bits[i], 0x01000193)
    h2 = Math.imul(h2 ^ (bits[i] >>> 7 | bits[i] << 25), 0x5bd1e995)
  }
  const value = `${z.length}:${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`
  fingerprints.set(z, value)
  return value
}

function assertComparable(a: RkmeImageSpec, b: RkmeImageSpec): void {
  if (a.channels !== b.channels) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `Image specifications describe images with different channel counts (${a.channels} vs ${b.channels})`, {
      hint: 'Only specs of grey images can be compared with grey ones, and colour with colour'
    })
  }
}
