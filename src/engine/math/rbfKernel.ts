/**
 * Gaussian-kernel passes over many rows in WebAssembly SIMD (rbfKernel.wat): the RKME fit's
 *   s_i = Σ_n k(z_i, x_n),  w_i = Σ_n k(z_i, x_n) x_n
 * and search's out[n] = Σ_i v_i k(u_i, x_n), with k(a, b) = exp(−γ‖a − b‖²). About three times the speed of
 * the scalar JavaScript loops they replace (spec/rbfPass.ts keeps those as the readable reference).
 *
 * The rows are copied once into the kernel's own memory, two rows interleaved per 16 bytes; padding rows and
 * points have a norm of +Infinity and so a kernel value of exactly 0. Sums are formed in fixed pairs of lanes
 * and chunks, so a result never depends on how callers split the rows between threads.
 *
 * `createRbfKernelRows` is self-contained (no imports, no module state): worker threads run its source text,
 * with the compiled module posted to them (kernelPool.ts).
 *
 * Example:
 *   const rows = createRbfKernelRows(rbfKernelModule(), x, n, d)
 *   rows.sums(z, k, 0.1, 0, n, true, s, w)            // s, w += (like rbfPass)
 *   rows.weightedRows(u, k, beta, 0.1, out)           // out[n] = Σ β_i k(u_i, x_n)
 */

import { RBF_KERNEL_WASM_BASE64 } from './rbfKernelWasm'

export interface RbfKernelRows {
  rows: number
  d: number
  /** s[i] += Σ_n k(z_i, x_n) and, when withWeightedSum, w[i·d + f] += Σ_n k(z_i, x_n) x_n[f], over rows rowStart … rowEnd − 1 (rowStart a multiple of 4; rowEnd too, or the last row). */
  sums(z: Float64Array, k: number, gamma: number, rowStart: number, rowEnd: number, withWeightedSum: boolean, s: Float64Array, w: Float64Array): void
  /**
   * Per-chunk partial sums for chunks chunkFrom … chunkTo − 1 of chunkRows rows (a multiple of 4): k values of
   * s then, when withWeightedSum, k·d of w per chunk — the layout of spec/rbfPass.ts's rbfChunkPartials.
   */
  chunkPartials(z: Float64Array, k: number, gamma: number, chunkRows: number, chunkFrom: number, chunkTo: number, withWeightedSum: boolean): Float64Array
  /** out[n] = ‖x_n − point‖² for every row (formed from differences). */
  distancesTo(point: Float64Array, out: Float64Array): void
  /** For every row, the index of its nearest point (ties: the lower index) and the squared distance to it. */
  nearest(points: Float64Array, k: number, index: Int32Array, distance: Float64Array): void
  /** out[n] = Σ_i weights[i] k(u_i, x_n) for every row. */
  weightedRows(u: Float64Array, k: number, weights: Float64Array, gamma: number, out: Float64Array): void
}

let compiled: WebAssembly.Module | undefined

/** The compiled kernel module (compiled once per thread; a Module can be posted to workers). */
export function rbfKernelModule(): WebAssembly.Module {
  if (!compiled) compiled = new WebAssembly.Module(Buffer.from(RBF_KERNEL_WASM_BASE64, 'base64'))
  return compiled
}

/**
 * A kernel instance and its memory, to be reused by short-lived RbfKernelRows (each new one lays its rows
 * over the previous one's, which must no longer be used): saves ~0.1 ms of instantiation per small call.
 */
export interface RbfKernelHost {
  memory: WebAssembly.Memory
  instance: WebAssembly.Instance
}

export function createRbfKernelHost(module: WebAssembly.Module): RbfKernelHost {
  const memory = new WebAssembly.Memory({ initial: 1 })
  return { memory, instance: new WebAssembly.Instance(module, { env: { memory } }) }
}

export function createRbfKernelRows(module: WebAssembly.Module, x: Float64Array, rows: number, d: number, host?: RbfKernelHost): RbfKernelRows {
  const SCRATCH = 2048
  const PAGE = 65536
  const paddedRows = Math.ceil(rows / 4) * 4
  const xp = SCRATCH
  const xn = xp + paddedRows * d * 8
  const work = xn + paddedRows * 8
  const memory = host?.memory ?? new WebAssembly.Memory({ initial: Math.ceil(work / PAGE) + 1 })
  const instance = host?.instance ?? new WebAssembly.Instance(module, { env: { memory } })
  const kernel = instance.exports as unknown as {
    rbf_sums(xp: number, xn: number, d: number, p0: number, p1: number, z: number, zn: number, k: number, gamma: number, s2: number, w2: number, withW: number): void
    distances_to_point(xp: number, d: number, p0: number, p1: number, c: number, out: number): void
    nearest_points(xp: number, xn: number, d: number, p0: number, p1: number, c: number, cn: number, k: number, idx: number, dist: number): void
    weighted_rows(xp: number, xn: number, d: number, p0: number, p1: number, u: number, un: number, wt: number, k: number, gamma: number, out: number): void
  }
  const ensure = (bytes: number): Float64Array => {
    const missing = bytes - memory.buffer.byteLength
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE))
    return new Float64Array(memory.buffer)
  }
  let heap = ensure(work)
  for (let n = 0; n < paddedRows; n++) {
    const pairBase = xp / 8 + (n >> 1) * 2 * d + (n & 1)
    let norm = Infinity
    if (n < rows) {
      norm = 0
      for (let f = 0; f < d; f++) {
        const value = x[n * d + f]
        heap[pairBase + 2 * f] = value
        norm += value * value
      }
    }
    heap[xn / 8 + n] = norm
  }

  /** Copies k points (padded to a multiple of 4 with norm +Infinity) and their norms to `at`; returns the padded count. */
  const placePoints = (points: Float64Array, k: number, at: number): number => {
    const k4 = Math.ceil(k / 4) * 4
    const base = at / 8
    heap.fill(0, base, base + k4 * d + k4)
    heap.set(points.subarray(0, k * d), base)
    for (let i = 0; i < k4; i++) {
      let norm = Infinity
      if (i < k) {
        norm = 0
        for (let f = 0; f < d; f++) norm += points[i * d + f] * points[i * d + f]
      }
      heap[base + k4 * d + i] = norm
    }
    return k4
  }

  const pairRange = (rowStart: number, rowEnd: number): [number, number] => {
    if (rowStart % 4 !== 0 || (rowEnd % 4 !== 0 && rowEnd !== rows)) throw new Error(`rbf kernel: rows ${rowStart}…${rowEnd} must start and end on a multiple of 4`)
    return [rowStart / 2, Math.ceil(rowEnd / 4) * 2]
  }

  /** Places z and returns a function that adds the sums over rows rowStart … rowEnd − 1 into s (k) and w (k·d). */
  const prepareSums = (z: Float64Array, k: number, gamma: number, withWeightedSum: boolean) => {
    const k4 = Math.ceil(k / 4) * 4
    const zAt = work
    const s2At = zAt + (k4 * d + k4) * 8
    const w2At = s2At + k4 * 16
    heap = ensure(w2At + k4 * d * 16)
    placePoints(z, k, zAt)
    return (rowStart: number, rowEnd: number, s: Float64Array, w: Float64Array): void => {
      heap.fill(0, s2At / 8, s2At / 8 + 2 * k4 + (withWeightedSum ? 2 * k4 * d : 0))
      const [p0, p1] = pairRange(rowStart, rowEnd)
      kernel.rbf_sums(xp, xn, d, p0, p1, zAt, zAt + k4 * d * 8, k4, gamma, s2At, w2At, withWeightedSum ? 1 : 0)
      for (let i = 0; i < k; i++) s[i] += heap[s2At / 8 + 2 * i] + heap[s2At / 8 + 2 * i + 1]
      if (withWeightedSum) {
        const base = w2At / 8
        for (let j = 0; j < k * d; j++) w[j] += heap[base + 2 * j] + heap[base + 2 * j + 1]
      }
    }
  }

  return {
    rows,
    d,
    sums(z, k, gamma, rowStart, rowEnd, withWeightedSum, s, w) {
      prepareSums(z, k, gamma, withWeightedSum)(rowStart, rowEnd, s, w)
    },
    chunkPartials(z, k, gamma, chunkRows, chunkFrom, chunkTo, withWeightedSum) {
      const stride = withWeightedSum ? k + k * d : k
      const partials = new Float64Array((chunkTo - chunkFrom) * stride)
      const addSums = prepareSums(z, k, gamma, withWeightedSum)
      for (let chunk = chunkFrom; chunk < chunkTo; chunk++) {
        const offset = (chunk - chunkFrom) * stride
        addSums(chunk * chunkRows, Math.min(rows, (chunk + 1) * chunkRows), partials.subarray(offset, offset + k),
          withWeightedSum ? partials.subarray(offset + k, offset + stride) : partials.subarray(0, 0))
      }
      return partials
    },
    distancesTo(point, out) {
      const cAt = work
      const outAt = cAt + d * 8
      heap = ensure(outAt + paddedRows * 8)
      heap.set(point.subarray(0, d), cAt / 8)
      kernel.distances_to_point(xp, d, 0, paddedRows / 2, cAt, outAt)
      out.set(heap.subarray(outAt / 8, outAt / 8 + rows))
    },
    nearest(points, k, index, distance) {
      const k4 = Math.ceil(k / 4) * 4
      const cAt = work
      const idxAt = cAt + (k4 * d + k4) * 8
      const distAt = idxAt + paddedRows * 8
      heap = ensure(distAt + paddedRows * 8)
      placePoints(points, k, cAt)
      kernel.nearest_points(xp, xn, d, 0, paddedRows / 2, cAt, cAt + k4 * d * 8, k4, idxAt, distAt)
      for (let n = 0; n < rows; n++) {
        index[n] = heap[idxAt / 8 + n]
        distance[n] = Math.max(0, heap[distAt / 8 + n])
      }
    },
    weightedRows(u, k, weights, gamma, out) {
      const k4 = Math.ceil(k / 4) * 4
      const uAt = work
      const wtAt = uAt + (k4 * d + k4) * 8
      const outAt = wtAt + k4 * 8
      heap = ensure(outAt + paddedRows * 8)
      placePoints(u, k, uAt)
      heap.fill(0, wtAt / 8, wtAt / 8 + k4)
      heap.set(weights.subarray(0, k), wtAt / 8)
      kernel.weighted_rows(xp, xn, d, 0, paddedRows / 2, uAt, uAt + k4 * d * 8, wtAt, k4, gamma, outAt)
      heap = new Float64Array(memory.buffer)
      out.set(heap.subarray(outAt / 8, outAt / 8 + rows))
    }
  }
}
