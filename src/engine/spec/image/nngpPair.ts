/**
 * Per-pair half of the NNGP kernel: k(a_i, b_j) from the two images and their precomputed variance maps
 * (nngpImages.ts). Only the cross map xy travels through the network, block by block as three short
 * passes (conv, ReLU, pool) over small zero-padded buffers, so a pair touches ~30 KB of memory and each
 * pass is a loop without carried dependencies that the CPU can overlap.
 *
 * The ReLU of the CNN-GP (arc-cosine kernel of degree 1, divided by 2 as the reference does) is, with
 * s = xx·yy, c = xy/√s and θ = arccos c:
 *     relu(xy) = (√(s − xy²) + (π − θ)·xy) / 2π  = √s · J(c) / 2π,   J(c) = sin θ + (π − θ) c.
 *
 * 'exact' evaluates J in float64 with one square root at most: J(c) = πc/2 + E(c²) for |c| < ½,
 * J(c) = πc + √z·z·H(z) for c ≥ ½ and J(c) = √z·z·H(z) for c ≤ −½, with z = (1 − |c|)/2 and E, H
 * degree-11 polynomials (Chebyshev fits made with mpmath, scripts/fit-arc-cosine.py; their error is below
 * the float64 evaluation's own, ~4e-16 for E and ~9e-16 for H). √xx·√yy comes from the per-image maps.
 *
 * 'reference' reproduces the reference's float32 PyTorch arithmetic operation by operation (see
 * docs/adr/0006-image-rkme.md): s = fl(xx·yy); cos = fl(xy · fl(1/fl(√s))) clamped; sin =
 * fl(√fl(s − fl(xy²))); θ = fl(acos cos); relu = fl(fl(sin + fl(fl(π₃₂ − θ)·xy)) / 2π₃₂). fl(√s) and
 * fl(1/fl(√s)) are derived from the per-image roots and ÷2π₃₂ is a multiplication; each agrees with the
 * directly rounded value except within ~3e-16 of a float32 rounding tie (p ≈ 5e-9 per pixel).
 *
 * Both functions are self-contained apart from the polynomial helpers below, so worker threads can run
 * their source text.
 */

export interface NngpScratch {
  pad32: Float64Array
  pad16: Float64Array
  pad8: Float64Array
  /** One block's conv outputs, then its ReLU outputs (side²). */
  act: Float64Array
  /** Vertical 3-sums of a padded map (exact mode's separable box filter). */
  columns: Float64Array
}

export function createNngpScratch(): NngpScratch {
  return {
    pad32: new Float64Array(34 * 34), pad16: new Float64Array(18 * 18), pad8: new Float64Array(10 * 10),
    act: new Float64Array(32 * 32), columns: new Float64Array(34 * 32)
  }
}

/** Maps of one image set as the pair functions read them (a subset of NngpImageSet). */
export interface NngpPairInput {
  pixels: Float64Array
  conv: Float64Array[]
  root: Float64Array[]
  inverseRoot: Float64Array[]
}

/** k(a_i, b_j) in float64. Each block: box sums → ReLU → pool, as three simple passes. */
export function nngpPairExact(a: NngpPairInput, i: number, b: NngpPairInput, j: number, channels: number, scratch: NngpScratch): number {
  const weight = Math.SQRT2 / 9
  const invTwoPi = 1 / (2 * Math.PI)
  const act = scratch.act
  const columns = scratch.columns
  crossInput(a.pixels, i, b.pixels, j, channels, scratch.pad32, false)
  let src = scratch.pad32
  let side = 32
  let final = 0
  for (let layer = 0; layer < 3; layer++) {
    const m = side + 2
    for (let y = 0; y < side; y++) {
      const r0 = y * m
      for (let x = 0; x < m; x++) columns[r0 + x] = src[r0 + x] + src[r0 + m + x] + src[r0 + 2 * m + x]
    }
    const area = side * side
    const offA = i * area
    const offB = j * area
    const rootA = a.root[layer]
    const rootB = b.root[layer]
    const invA = a.inverseRoot[layer]
    const invB = b.inverseRoot[layer]
    for (let y = 0; y < side; y++) {
      const r0 = y * m
      for (let x = 0; x < side; x++) {
        const t = y * side + x
        const xy = (columns[r0 + x] + columns[r0 + x + 1] + columns[r0 + x + 2]) * weight + 0.1
        const c = xy * invA[offA + t] * invB[offB + t]
        let j2: number
        if (c >= 0.5) {
          if (c >= 1) { act[t] = 0.5 * xy; continue }
          const z = (1 - c) * 0.5
          j2 = Math.PI * c + Math.sqrt(z) * z * arcCosineH(z)
        } else if (c <= -0.5) {
          if (c <= -1) { act[t] = 0; continue }
          const z = (1 + c) * 0.5
          j2 = Math.sqrt(z) * z * arcCosineH(z)
        } else {
          j2 = 0.5 * Math.PI * c + arcCosineE(c * c)
        }
        act[t] = rootA[offA + t] * rootB[offB + t] * j2 * invTwoPi
      }
    }
    const half = side >> 1
    if (layer < 2) {
      const dst = layer === 0 ? scratch.pad16 : scratch.pad8
      const dm = half + 2
      for (let oy = 0; oy < half; oy++) {
        const r0 = 2 * oy * side
        const o = (oy + 1) * dm + 1
        for (let ox = 0; ox < half; ox++) {
          const t = r0 + 2 * ox
          dst[o + ox] = 0.25 * (act[t] + act[t + 1] + act[t + side] + act[t + side + 1])
        }
      }
      src = dst
    } else {
      for (let t = 0; t < 64; t++) final += act[t]
    }
    side = half
  }
  return final * (0.25 * 0.0625)
}

/** k(a_i, b_j) in the reference's float32 arithmetic. Each block: conv → ReLU → pool passes. */
export function nngpPairReference(a: NngpPairInput, i: number, b: NngpPairInput, j: number, channels: number, scratch: NngpScratch): number {
  const fr = Math.fround
  const weight = fr(Math.SQRT2 / 9)
  const bias = fr(0.1)
  const pi = fr(Math.PI)
  const invTwoPi = 1 / fr(2 * Math.PI)
  const act = scratch.act
  crossInput(a.pixels, i, b.pixels, j, channels, scratch.pad32, true)
  let src = scratch.pad32
  let side = 32
  let final = 0
  for (let layer = 0; layer < 3; layer++) {
    const m = side + 2
    // PyTorch (oneDNN) accumulates the 3×3 taps by fused multiply-add, row-major; bias is a separate add.
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const u = y * m + x
        let xy = fr(src[u] * weight)
        xy = fr(xy + src[u + 1] * weight)
        xy = fr(xy + src[u + 2] * weight)
        xy = fr(xy + src[u + m] * weight)
        xy = fr(xy + src[u + m + 1] * weight)
        xy = fr(xy + src[u + m + 2] * weight)
        xy = fr(xy + src[u + 2 * m] * weight)
        xy = fr(xy + src[u + 2 * m + 1] * weight)
        xy = fr(xy + src[u + 2 * m + 2] * weight)
        act[y * side + x] = fr(xy + bias)
      }
    }
    const area = side * side
    const offA = i * area
    const offB = j * area
    const xxMap = a.conv[layer]
    const yyMap = b.conv[layer]
    const rootA = a.root[layer]
    const rootB = b.root[layer]
    const invA = a.inverseRoot[layer]
    const invB = b.inverseRoot[layer]
    for (let t = 0; t < area; t++) {
      const xy = act[t]
      const product = xxMap[offA + t] * yyMap[offB + t] // exact: two float32 values
      const s = fr(product) // + float32 tiny, which cannot change s ≥ 0.01
      // fl(√s) and fl(1/fl(√s)) from √xx·√yy: √s = √product·(1 + δ/2), δ = (s − product)/product.
      const rootP = rootA[offA + t] * rootB[offB + t]
      const invP = invA[offA + t] * invB[offB + t]
      const root = fr(rootP + 0.5 * rootP * (s - product) * invP * invP)
      const e = (root - rootP) * invP
      let cos = fr(xy * fr(invP * (1 - e + e * e)))
      if (cos > 1) cos = 1
      else if (cos < -1) cos = -1
      const gap = fr(s - fr(xy * xy))
      const sin = gap > 0 ? fr(Math.sqrt(gap)) : 0
      const theta = fr(arcCosine(cos))
      act[t] = fr(fr(sin + fr(fr(pi - theta) * xy)) * invTwoPi)
    }
    const half = side >> 1
    const dm = half + 2
    const dst = layer === 0 ? scratch.pad16 : scratch.pad8
    for (let oy = 0; oy < half; oy++) {
      for (let ox = 0; ox < half; ox++) {
        const t = 2 * oy * side + 2 * ox
        let pool = act[t] * 0.25
        pool = fr(pool + act[t + 1] * 0.25)
        pool = fr(pool + act[t + side] * 0.25)
        pool = fr(pool + act[t + side + 1] * 0.25)
        if (layer < 2) dst[(oy + 1) * dm + ox + 1] = pool
        else final = fr(final + pool * 0.0625)
      }
    }
    src = dst
    side = half
  }
  return final
}

/** xy = mean_c a_c·b_c into the interior of the zero-padded 34×34 buffer. */
export function crossInput(pixelsA: Float64Array, i: number, pixelsB: Float64Array, j: number, channels: number, pad: Float64Array, float32: boolean): void {
  const offA = i * channels * 1024
  const offB = j * channels * 1024
  if (channels === 1) {
    for (let y = 0; y < 32; y++) {
      const o = (y + 1) * 34 + 1
      const p = y * 32
      if (float32) for (let x = 0; x < 32; x++) pad[o + x] = Math.fround(pixelsA[offA + p + x] * pixelsB[offB + p + x])
      else for (let x = 0; x < 32; x++) pad[o + x] = pixelsA[offA + p + x] * pixelsB[offB + p + x]
    }
    return
  }
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const p = y * 32 + x
      let sum = 0
      for (let c = 0; c < channels; c++) {
        const product = pixelsA[offA + c * 1024 + p] * pixelsB[offB + c * 1024 + p]
        sum = float32 ? Math.fround(sum + Math.fround(product)) : sum + product
      }
      pad[(y + 1) * 34 + x + 1] = float32 ? Math.fround(sum / channels) : sum / channels
    }
  }
}

/**
 * arccos to ~1 ulp of float64 (fdlibm's reduction, a degree-12 minimax polynomial for asin instead of its
 * rational function): rounded to float32 it is the correctly rounded float32 arccos.
 */
export function arcCosine(x: number): number {
  const pio2Hi = 1.5707963267948966
  const pio2Lo = 6.123233995736766e-17
  if (x > -0.5 && x < 0.5) {
    const u = x * x
    return pio2Hi - (x - (pio2Lo - x * u * arcSineP(u)))
  }
  const z = (1 - (x < 0 ? -x : x)) * 0.5
  const s = Math.sqrt(z)
  const w = s * z * arcSineP(z)
  return x < 0 ? 2 * pio2Hi - 2 * (s + (w - pio2Lo)) : 2 * (s + w)
}

/** P(u) with asin(x) = x + x·u·P(u), u = x² ∈ [0, ¼]. Estrin's scheme keeps the dependency chain short. */
export function arcSineP(u: number): number {
  const u2 = u * u
  const u4 = u2 * u2
  return (0.16666666666666669 + 0.07499999999998433 * u) + u2 * (0.04464285714635543 + 0.030381944138531247 * u) +
    u4 * ((0.02237217294214989 + 0.017352392720869973 * u) + u2 * (0.013971212973552933 + 0.011479177415184906 * u)) +
    u4 * u4 * ((0.01032281435018578 + 0.005457506718640358 * u) + u2 * (0.01740087944269402 - 0.014851887071247204 * u) + u4 * 0.028757851367421566)
}

/** E(u) = √(1 − u) + c·asin c with u = c² ∈ [0, ¼]: J(c) = πc/2 + E(c²). Estrin's scheme, as in the WASM kernel. */
export function arcCosineE(u: number): number {
  const u2 = u * u
  const u4 = u2 * u2
  return ((1 + 0.5000000000000095 * u) + u2 * (0.041666666664851706 + 0.012500000134601534 * u)) +
    u4 * ((0.005580352004755694 + 0.0030383096409810147 * u) + u2 * (0.001862719083762993 + 0.0012544925132657696 * u)) +
    u4 * u4 * ((0.0007816435696105663 + 0.0009995711979321447 * u) + u2 * (-0.0003650433875102905 + 0.0014270730562764029 * u))
}

/** H(z) = G(z)/z, G(z) = 2√(1 − z) − 2(1 − 2z)·asin(√z)/√z, z ∈ [0, ¼]: J(1 − 2z) = π(1 − 2z) + √z·z·H(z). */
export function arcCosineH(z: number): number {
  const z2 = z * z
  const z4 = z2 * z2
  return ((2.6666666666666665 + 0.26666666666672806 * z) + z2 * (0.08571428570262438 + 0.03968254054727986 * z)) +
    z4 * ((0.022095926591805978 + 0.013768222303426255 * z) + z2 * (0.009244359247478703 + 0.006668007159892375 * z)) +
    z4 * z4 * ((0.004279310461599025 + 0.006011138119383866 * z) + z2 * (-0.0025388925418723626 + 0.00900713069799123 * z))
}
