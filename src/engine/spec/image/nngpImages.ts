/**
 * Per-image half of the NNGP kernel (nngpPair.ts has the per-pair half). The CNN-GP kernel of images a, b
 * propagates a cross map xy and two variance maps xx, yy through the network; xx depends on a alone, so
 * its conv outputs (and their square roots, which every ReLU of every pair needs) are computed once per
 * image here and shared by all the pairs the image takes part in.
 *
 * Network (learnware-engine.md §4.1.5, `_build_ConvNet_NNGP` with net_depth 3 at 32×32): three blocks of
 * conv 3×3 "same" (weight √2/9 per tap, bias 0.1) → ReLU (arc-cosine) → 2×2 mean pool, then the mean of
 * the final 4×4 map. On a variance map the ReLU just halves it.
 *
 * Example:
 *   const set = prepareNngpImages(spec.z, spec.k, spec.channels, 'reference')
 *   set.selfKernel[i]            // k(z_i, z_i) as the reference's Gram of a set with itself has it
 */

export type NngpArithmetic = 'exact' | 'reference'

export const NNGP_SIDE = 32
export const NNGP_PIXELS = NNGP_SIDE * NNGP_SIDE
/** Map sides of the three blocks. */
export const NNGP_LAYER_SIDES = [32, 16, 8] as const

/** Per-tap conv weight var_weight / 3² with var_weight = √2, and var_bias, as float64 and as float32. */
export const CONV_WEIGHT = Math.SQRT2 / 9
export const CONV_BIAS = 0.1
export const CONV_WEIGHT_32 = Math.fround(CONV_WEIGHT)
export const CONV_BIAS_32 = Math.fround(CONV_BIAS)

/** Per-image maps of one set of images (a spec's reduced set Z). */
export interface NngpImageSet {
  count: number
  channels: number
  arithmetic: NngpArithmetic
  /** The images, count × channels × 32 × 32 (float32 values in 'reference' mode, as the reference loads z). */
  pixels: Float64Array
  /** Per block: xx after conv + bias (count × side²), its square root and the reciprocal of that. */
  conv: Float64Array[]
  root: Float64Array[]
  inverseRoot: Float64Array[]
  /** k(z_i, z_i) under the reference's diagonal rule for a Gram of a set with itself (xy ← xx after each ReLU). */
  selfKernel: Float64Array
}

/** `images`: count × channels × 32 × 32, row-major. */
export function prepareNngpImages(images: ArrayLike<number>, count: number, channels: number, arithmetic: NngpArithmetic): NngpImageSet {
  const float32 = arithmetic === 'reference'
  const pixels = new Float64Array(count * channels * NNGP_PIXELS)
  for (let i = 0; i < pixels.length; i++) pixels[i] = float32 ? Math.fround(images[i]) : images[i]
  const conv = NNGP_LAYER_SIDES.map((side) => new Float64Array(count * side * side))
  const selfKernel = new Float64Array(count)
  for (let i = 0; i < count; i++) selfKernel[i] = varianceMaps(pixels, i, channels, conv, float32)
  const root = conv.map((maps) => maps.map(Math.sqrt))
  const inverseRoot = root.map((maps) => maps.map((v) => 1 / v))
  return { count, channels, arithmetic, pixels, conv, root, inverseRoot, selfKernel }
}

/**
 * The variance path of image i: xx = mean_c a_c², then per block conv (stored) → halve → pool; returns
 * the mean of the last map. In float32 mode every operation rounds like the reference's PyTorch code:
 * taps accumulated by fused multiply-add in row-major order, zero-padding taps contributing nothing.
 */
function varianceMaps(pixels: Float64Array, i: number, channels: number, conv: Float64Array[], float32: boolean): number {
  const round = float32 ? Math.fround : (v: number): number => v
  const weight = float32 ? CONV_WEIGHT_32 : CONV_WEIGHT
  const bias = float32 ? CONV_BIAS_32 : CONV_BIAS
  const offset = i * channels * NNGP_PIXELS
  let map = new Float64Array(NNGP_PIXELS)
  for (let p = 0; p < NNGP_PIXELS; p++) {
    let sum = 0
    for (let c = 0; c < channels; c++) {
      const v = pixels[offset + c * NNGP_PIXELS + p]
      sum = round(sum + round(v * v))
    }
    map[p] = round(sum / channels)
  }
  let side: number = NNGP_SIDE
  for (let layer = 0; layer < NNGP_LAYER_SIDES.length; layer++) {
    const out = conv[layer].subarray(i * side * side, (i + 1) * side * side)
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        let acc = 0
        for (let ty = y - 1; ty <= y + 1; ty++) {
          if (ty < 0 || ty >= side) continue
          for (let tx = x - 1; tx <= x + 1; tx++) if (tx >= 0 && tx < side) acc = round(acc + map[ty * side + tx] * weight)
        }
        out[y * side + x] = round(acc + bias)
      }
    }
    const half = side / 2
    map = new Float64Array(half * half)
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        const top = 2 * y * side + 2 * x
        // ReLU halves a variance; the pool is a 2×2 conv with weights ¼ (exact scalings, so no rounding).
        let acc = out[top] * 0.125
        acc = round(acc + out[top + 1] * 0.125)
        acc = round(acc + out[top + side] * 0.125)
        map[y * half + x] = round(acc + out[top + side + 1] * 0.125)
      }
    }
    side = half
  }
  let total = 0
  for (let p = 0; p < 16; p++) total = round(total + map[p] * 0.0625)
  return total
}
