/**
 * Gradients of the (exact, float64) NNGP kernel with respect to the images — what fitting the reduced
 * set Z against the search kernel needs, and what the reference never computes (its Z has no gradient).
 *
 * k(a, b) depends on a through two paths: the pair's cross map xy (conv of a∘b, then ReLU/pool per
 * block) and a's own variance maps xx (which every ReLU of every pair with a reads). The pair pass below
 * returns ∂k/∂(input cross map) and adds ∂k/∂xx_l to a per-image accumulator; once all pairs of a step
 * are done, `backpropagateVariance` pushes each image's accumulated ∂/∂xx_l down its variance path.
 *
 * ReLU derivatives, with s = xx·yy, c = xy/√s, θ = arccos c:
 *   ∂relu/∂xy = (π − θ)/2π,    ∂relu/∂xx = sin θ · √yy / (4π √xx)   (and symmetrically for yy).
 * conv 3×3 "same" with a constant weight is self-adjoint (the transposed box filter is the box filter).
 *
 * Example:
 *   const grads = createImageGradients(k, channels)
 *   const value = nngpPairGradient(z, i, data, n, weight, grads, i, null, 0, work)  // adds weight·∂k/∂z_i
 *   backpropagateVariance(z, i, grads, work)                                        // after all pairs
 */

import { CONV_WEIGHT, NNGP_PIXELS, type NngpImageSet } from './nngpImages'
import { arcCosine } from './nngpPair'

const SIDES = [32, 16, 8]
const OFFSETS = [0, 1024, 1280] // per-layer offsets inside one image's 1344-entry map block

/** Per-image gradient accumulators: ∂L/∂pixels and ∂L/∂xx_l (layers packed 1024 + 256 + 64). */
export interface ImageGradients {
  pixels: Float64Array
  variance: Float64Array
  channels: number
}

export function createImageGradients(count: number, channels: number): ImageGradients {
  return { pixels: new Float64Array(count * channels * NNGP_PIXELS), variance: new Float64Array(count * 1344), channels }
}

/** Scratch for one thread: padded maps, per-layer derivative maps, gradient buffers. */
export interface GradientWork {
  pad: Float64Array[]
  columns: Float64Array
  dRelu: Float64Array
  dVariance: Float64Array
  grad: Float64Array
  gradIn: Float64Array
}

export function createGradientWork(): GradientWork {
  return {
    pad: [new Float64Array(34 * 34), new Float64Array(18 * 18), new Float64Array(10 * 10)],
    columns: new Float64Array(34 * 34),
    dRelu: new Float64Array(1344),
    dVariance: new Float64Array(1344),
    grad: new Float64Array(34 * 34),
    gradIn: new Float64Array(34 * 34)
  }
}

/**
 * k(a_i, b_j), and adds weight·∂k/∂a_i into gradA (slot slotA) and, when gradB is given,
 * weight·∂k/∂b_j into gradB (slot slotB).
 */
export function nngpPairGradient(
  a: NngpImageSet, i: number, b: NngpImageSet, j: number, weight: number,
  gradA: ImageGradients, slotA: number, gradB: ImageGradients | null, slotB: number, work: GradientWork
): number {
  const channels = a.channels
  const value = forward(a, i, b, j, channels, work)
  // ∂k/∂(ReLU output of the last block): the pool takes ¼ of each pixel, the final mean 1/16 of each pool.
  const grad = work.grad
  grad.fill(weight / 64, 0, 64)
  for (let layer = 2; layer >= 0; layer--) {
    const side = SIDES[layer]
    const area = side * side
    const base = OFFSETS[layer]
    const rootA = a.root[layer]
    const rootB = b.root[layer]
    const invA = a.inverseRoot[layer]
    const invB = b.inverseRoot[layer]
    const offA = i * area
    const offB = j * area
    const varA = gradA.variance
    const slotVarA = slotA * 1344 + base
    for (let t = 0; t < area; t++) {
      const g = grad[t]
      const dv = g * work.dVariance[base + t]
      varA[slotVarA + t] += dv * rootB[offB + t] * invA[offA + t]
      if (gradB) gradB.variance[slotB * 1344 + base + t] += dv * rootA[offA + t] * invB[offB + t]
      grad[t] = g * work.dRelu[base + t]
    }
    boxFilter(grad, side, work.gradIn, work.columns)
    if (layer > 0) {
      // Average-pool adjoint: each input pixel of the 2×2 window receives ¼ of the pooled gradient.
      const wide = side * 2
      for (let y = 0; y < wide; y++) for (let x = 0; x < wide; x++) grad[y * wide + x] = 0.25 * work.gradIn[(y >> 1) * side + (x >> 1)]
    }
  }
  // gradIn is now ∂/∂(xy input map) = mean_c a_c·b_c.
  addCrossInputGradient(work.gradIn, a.pixels, i, b.pixels, j, channels, gradA.pixels, slotA, gradB?.pixels ?? null, slotB)
  return value
}

/** Adds weight·∂k(a_i, a_i)/∂xx_l for the same-set diagonal k = Σ_p xx_2[p] / 128 (the reference's rule). */
export function addDiagonalGradient(weight: number, grads: ImageGradients, slot: number): void {
  const base = slot * 1344 + OFFSETS[2]
  for (let t = 0; t < 64; t++) grads.variance[base + t] += weight / 128
}

/**
 * Pushes image `i`'s accumulated ∂L/∂xx_l (slot `slot`) down its variance path into ∂L/∂pixels:
 * xx_l = conv(pool(xx_{l−1} / 2)) + bias, xx_0 = conv(mean_c a_c²) + bias.
 */
export function backpropagateVariance(a: NngpImageSet, i: number, grads: ImageGradients, slot: number, work: GradientWork): void {
  const channels = a.channels
  const varGrad = grads.variance
  const base = slot * 1344
  const grad = work.grad
  for (let layer = 2; layer >= 0; layer--) {
    const side = SIDES[layer]
    for (let t = 0; t < side * side; t++) grad[t] = varGrad[base + OFFSETS[layer] + t]
    boxFilter(grad, side, work.gradIn, work.columns)
    if (layer > 0) {
      // xx_{l-1} → halve → 2×2 mean: each source pixel gets ⅛ of the pooled gradient.
      const wide = side * 2
      const below = base + OFFSETS[layer - 1]
      for (let y = 0; y < wide; y++) for (let x = 0; x < wide; x++) varGrad[below + y * wide + x] += 0.125 * work.gradIn[(y >> 1) * side + (x >> 1)]
    }
  }
  const pixels = a.pixels
  const out = grads.pixels
  const offset = i * channels * NNGP_PIXELS
  const outOffset = slot * channels * NNGP_PIXELS
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < NNGP_PIXELS; p++) out[outOffset + c * NNGP_PIXELS + p] += work.gradIn[p] * 2 * pixels[offset + c * NNGP_PIXELS + p] / channels
  }
}

/** Forward pass storing ∂relu/∂xy and sin θ/4π per pixel of every block; returns k. */
function forward(a: NngpImageSet, i: number, b: NngpImageSet, j: number, channels: number, work: GradientWork): number {
  const invTwoPi = 1 / (2 * Math.PI)
  const input = work.pad[0]
  const offA = i * channels * NNGP_PIXELS
  const offB = j * channels * NNGP_PIXELS
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      let sum = 0
      for (let c = 0; c < channels; c++) sum += a.pixels[offA + c * NNGP_PIXELS + y * 32 + x] * b.pixels[offB + c * NNGP_PIXELS + y * 32 + x]
      input[(y + 1) * 34 + x + 1] = sum / channels
    }
  }
  let final = 0
  for (let layer = 0; layer < 3; layer++) {
    const side = SIDES[layer]
    const area = side * side
    const m = side + 2
    const src = work.pad[layer]
    const columns = work.columns
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < m; x++) columns[y * m + x] = src[y * m + x] + src[(y + 1) * m + x] + src[(y + 2) * m + x]
    }
    const rootA = a.root[layer]
    const rootB = b.root[layer]
    const invA = a.inverseRoot[layer]
    const invB = b.inverseRoot[layer]
    const la = i * area
    const lb = j * area
    const base = OFFSETS[layer]
    const relu = work.gradIn // reused as the block's ReLU output
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const t = y * side + x
        const xy = (columns[y * m + x] + columns[y * m + x + 1] + columns[y * m + x + 2]) * CONV_WEIGHT + 0.1
        let c = xy * invA[la + t] * invB[lb + t]
        if (c > 1) c = 1
        else if (c < -1) c = -1
        const theta = arcCosine(c)
        const sin = Math.sqrt(Math.max(0, 1 - c * c))
        relu[t] = c >= 1 ? 0.5 * xy : rootA[la + t] * rootB[lb + t] * (sin + (Math.PI - theta) * c) * invTwoPi
        work.dRelu[base + t] = (Math.PI - theta) * invTwoPi
        work.dVariance[base + t] = sin * 0.5 * invTwoPi
      }
    }
    const half = side >> 1
    if (layer < 2) {
      const dst = work.pad[layer + 1]
      const dm = half + 2
      for (let oy = 0; oy < half; oy++) {
        for (let ox = 0; ox < half; ox++) {
          const t = 2 * oy * side + 2 * ox
          dst[(oy + 1) * dm + ox + 1] = 0.25 * (relu[t] + relu[t + 1] + relu[t + side] + relu[t + side + 1])
        }
      }
    } else {
      for (let t = 0; t < 64; t++) final += relu[t]
    }
  }
  return final / 64
}

/** out = conv3×3(grad) with the conv weight and zero padding, side × side → side × side. */
function boxFilter(grad: Float64Array, side: number, out: Float64Array, columns: Float64Array): void {
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let sum = grad[y * side + x]
      if (y > 0) sum += grad[(y - 1) * side + x]
      if (y + 1 < side) sum += grad[(y + 1) * side + x]
      columns[y * side + x] = sum
    }
  }
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let sum = columns[y * side + x]
      if (x > 0) sum += columns[y * side + x - 1]
      if (x + 1 < side) sum += columns[y * side + x + 1]
      out[y * side + x] = sum * CONV_WEIGHT
    }
  }
}

function addCrossInputGradient(
  gradIn: Float64Array, pixelsA: Float64Array, i: number, pixelsB: Float64Array, j: number, channels: number,
  outA: Float64Array, slotA: number, outB: Float64Array | null, slotB: number
): void {
  const offA = i * channels * NNGP_PIXELS
  const offB = j * channels * NNGP_PIXELS
  const slotOffA = slotA * channels * NNGP_PIXELS
  const slotOffB = slotB * channels * NNGP_PIXELS
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < NNGP_PIXELS; p++) {
      const g = gradIn[p] / channels
      outA[slotOffA + c * NNGP_PIXELS + p] += g * pixelsB[offB + c * NNGP_PIXELS + p]
      if (outB) outB[slotOffB + c * NNGP_PIXELS + p] += g * pixelsA[offA + c * NNGP_PIXELS + p]
    }
  }
}
