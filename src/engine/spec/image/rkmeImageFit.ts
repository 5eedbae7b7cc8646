/**
 * Fitting an image RKME: reduced set Z (K images) and weights β on the simplex such that Σ β_j k(z_j, ·)
 * is close to the data's mean embedding under the search kernel itself (the exact NNGP kernel).
 *
 * The reference starts Z as N(0, 1) noise and means to move it by AdaBelief on a random-feature
 * approximation of the kernel, but Z never receives a gradient (docs/adr/0006-image-rkme.md), so only β
 * is fitted. Here Z starts the same way — noise, never copies of training images, which would put
 * users' pictures into a file they share — and is then optimised against the exact kernel:
 *
 *   repeat `steps` times:  draw a minibatch of B images; with β fixed take the exact gradient of
 *     MMD²(Z) = βᵀK_ZZβ − 2βᵀc,   c_i ≈ (1/B) Σ_n k(z_i, x_n)
 *   and an Adam step on Z; then β = argmin over the simplex of ½βᵀK_ZZβ − ĉᵀβ with ĉ a running mean of c;
 *   finally β once more with c over all the data.
 *
 * Adam scales each pixel's step by its gradient's running magnitude, so images whose β is still ~0 move
 * as fast as the others and can become useful anchors.
 *
 * Example:
 *   const { z, beta } = await fitRkmeImage(preprocessed, { k: 50, steps: 100, seed: 0 })
 */

import type { ImageBatch } from '../../data/images/types'
import { LearnwareError } from '../../errors'
import { solveSimplexQp } from '../../math/simplexQp'
import { createRng, type Rng } from '../../math/rng'
import type { ProgressListener } from '../../progress'
import { addDiagonalGradient, backpropagateVariance, createGradientWork, createImageGradients, nngpPairGradient } from './nngpGradient'
import { exactNngpKernel } from './nngpWasm'
import { NNGP_PIXELS, prepareNngpImages, type NngpImageSet } from './nngpImages'

export interface RkmeImageFitOptions {
  /** Reduced-set size K (reference: 50). */
  k?: number
  /** Optimisation steps on Z (0 = the reference's behaviour: noise Z, fitted β). */
  steps?: number
  /** Adam learning rate, in standardised pixel units per step. */
  stepSize?: number
  /** Images per step. */
  batchSize?: number
  seed?: number
  onProgress?: ProgressListener
  signal?: AbortSignal
}

export interface FittedImageRkme {
  z: Float32Array
  beta: Float64Array
  k: number
  /** Steps actually taken. */
  steps: number
}

export const DEFAULT_IMAGE_FIT = { k: 50, steps: 100, stepSize: 0.05, batchSize: 16 } as const

/** `images`: preprocessed (32 × 32, standardised, whitened) batch. */
export async function fitRkmeImage(images: ImageBatch, options: RkmeImageFitOptions = {}): Promise<FittedImageRkme> {
  const k = options.k ?? DEFAULT_IMAGE_FIT.k
  const steps = options.steps ?? DEFAULT_IMAGE_FIT.steps
  const batchSize = Math.min(options.batchSize ?? DEFAULT_IMAGE_FIT.batchSize, images.count)
  const channels = images.channels
  const rng = createRng(options.seed ?? 0)
  const report = (fraction: number, detail: string): void => {
    if (options.signal?.aborted) throw new LearnwareError('CANCELLED', 'Image specification cancelled')
    options.onProgress?.({ status: 'progress', task: 'rkme-image', fraction, detail })
  }
  const data = prepareNngpImages(images.data, images.count, channels, 'exact')
  const z = Float64Array.from({ length: k * channels * NNGP_PIXELS }, () => rng.normal())
  const adam = createAdam(z.length)
  let beta: Float64Array = new Float64Array(k).fill(1 / k)
  const runningC = new Float64Array(k)
  report(0, 'reduced set')
  for (let step = 0; step < steps; step++) {
    const zSet = prepareNngpImages(z, k, channels, 'exact')
    const { gram, c, gradient } = stepGradient(zSet, beta, data, sampleBatch(rng, images.count, batchSize))
    adamStep(adam, z, gradient, options.stepSize ?? DEFAULT_IMAGE_FIT.stepSize)
    const decay = 0.7
    for (let i = 0; i < k; i++) runningC[i] = decay * runningC[i] + (1 - decay) * c[i]
    const correction = 1 / (1 - decay ** (step + 1))
    beta = solveSimplexQp(gram, runningC.map((v) => v * correction), k).x
    report((0.9 * (step + 1)) / Math.max(1, steps), `step ${step + 1} of ${steps}`)
    await yieldToEventLoop()
  }
  const zSet = prepareNngpImages(z, k, channels, 'exact')
  beta = finalBeta(zSet, data, (done) => report(0.9 + 0.1 * done, 'weights'))
  options.onProgress?.({ status: 'progress', task: 'rkme-image', fraction: 1, detail: 'done' })
  return { z: Float32Array.from(z), beta, k, steps }
}

/** K_ZZ, the batch's c, and ∂MMD²/∂Z at the current β (data weights −2β_i/B, Z–Z weights 2β_iβ_l). */
function stepGradient(zSet: NngpImageSet, beta: Float64Array, data: NngpImageSet, batch: Int32Array) {
  const k = zSet.count
  const grads = createImageGradients(k, zSet.channels)
  const work = createGradientWork()
  const gram = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    gram[i * k + i] = zSet.selfKernel[i]
    addDiagonalGradient(beta[i] * beta[i], grads, i)
    for (let l = i + 1; l < k; l++) {
      const value = nngpPairGradient(zSet, i, zSet, l, 2 * beta[i] * beta[l], grads, i, grads, l, work)
      gram[i * k + l] = value
      gram[l * k + i] = value
    }
  }
  const c = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    const weight = (-2 * beta[i]) / batch.length
    for (const n of batch) c[i] += nngpPairGradient(zSet, i, data, n, weight, grads, i, null, 0, work)
    c[i] /= batch.length
  }
  for (let i = 0; i < k; i++) backpropagateVariance(zSet, i, grads, i, work)
  return { gram, c, gradient: grads.pixels }
}

/** β on the simplex from K_ZZ and c over every image (the reference's `_update_beta`, exact kernel). */
export function finalBeta(zSet: NngpImageSet, data: NngpImageSet, onRow?: (fraction: number) => void): Float64Array {
  const k = zSet.count
  const kernel = exactNngpKernel()
  const gram = new Float64Array(k * k)
  const c = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    gram[i * k + i] = zSet.selfKernel[i]
    for (let l = i + 1; l < k; l++) gram[i * k + l] = gram[l * k + i] = kernel.pair(zSet, i, zSet, l)
    let sum = 0
    for (let n = 0; n < data.count; n++) sum += kernel.pair(zSet, i, data, n)
    c[i] = sum / data.count
    onRow?.((i + 1) / k)
  }
  return solveSimplexQp(gram, c, k).x
}

function sampleBatch(rng: Rng, count: number, size: number): Int32Array {
  if (size >= count) return Int32Array.from({ length: count }, (_, i) => i)
  const chosen = new Set<number>()
  while (chosen.size < size) chosen.add(rng.int(count))
  return Int32Array.from(chosen)
}

interface Adam { m: Float64Array; v: Float64Array; t: number }

function createAdam(size: number): Adam {
  return { m: new Float64Array(size), v: new Float64Array(size), t: 0 }
}

function adamStep(adam: Adam, x: Float64Array, gradient: Float64Array, rate: number): void {
  const beta1 = 0.9
  const beta2 = 0.999
  adam.t++
  const c1 = 1 / (1 - beta1 ** adam.t)
  const c2 = 1 / (1 - beta2 ** adam.t)
  for (let p = 0; p < x.length; p++) {
    const g = gradient[p]
    adam.m[p] = beta1 * adam.m[p] + (1 - beta1) * g
    adam.v[p] = beta2 * adam.v[p] + (1 - beta2) * g * g
    x[p] -= (rate * adam.m[p] * c1) / (Math.sqrt(adam.v[p] * c2) + 1e-12)
  }
}

/** Lets cancellation and progress reach the caller between steps (each step is ~0.1 s of work). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
