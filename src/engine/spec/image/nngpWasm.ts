/**
 * The 'exact' NNGP pair kernel in WebAssembly SIMD (nngpKernel.wat): bit-identical to nngpPairExact, about
 * three times faster. Image sets are copied once into the kernel's memory (an arena of image records, see
 * the .wat header) and remembered by set; when the arena passes its budget it starts over, so a long-lived
 * process keeps at most ~256 MB here.
 *
 * `createNngpWasmKernel` is self-contained (no imports, no module state): worker threads run its source text
 * with the compiled module posted to them (nngpPool.ts).
 *
 * Example:
 *   exactNngpKernel().pair(setA, i, setB, j)     // === nngpPairExact(setA, i, setB, j, channels, scratch)
 */

import { NNGP_KERNEL_WASM_BASE64 } from './nngpKernelWasm'

/** What the kernel reads of an image set (a subset of NngpImageSet). */
export interface NngpWasmSet {
  count: number
  channels: number
  pixels: Float64Array
  root: Float64Array[]
  inverseRoot: Float64Array[]
}

export interface NngpWasmKernel {
  /** k(a_i, b_j) in 'exact' arithmetic. */
  pair(a: NngpWasmSet, i: number, b: NngpWasmSet, j: number): number
}

let compiled: WebAssembly.Module | undefined

export function nngpKernelModule(): WebAssembly.Module {
  if (!compiled) compiled = new WebAssembly.Module(Buffer.from(NNGP_KERNEL_WASM_BASE64, 'base64'))
  return compiled
}

let threadKernel: NngpWasmKernel | undefined

/** This thread's kernel (one arena per thread). */
export function exactNngpKernel(): NngpWasmKernel {
  if (!threadKernel) threadKernel = createNngpWasmKernel(nngpKernelModule())
  return threadKernel
}

export function createNngpWasmKernel(module: WebAssembly.Module): NngpWasmKernel {
  const SCRATCH = 65536
  const PAGE = 65536
  const BUDGET = 256 * 1024 * 1024
  const sides = [32, 16, 8]
  const memory = new WebAssembly.Memory({ initial: 2 })
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as {
    nngp_pair_exact(a: number, b: number, channels: number): number
  }
  let placed = new WeakMap<NngpWasmSet, number>()
  let next = SCRATCH

  /** Byte address of the set's first image record, copying the set in on first use. */
  const addressOf = (set: NngpWasmSet): number => {
    const known = placed.get(set)
    if (known !== undefined) return known
    const recordValues = set.channels * 1024 + 2 * (1024 + 256 + 64)
    const bytes = set.count * recordValues * 8
    if (next + bytes > BUDGET && next > SCRATCH) {
      placed = new WeakMap()
      next = SCRATCH
    }
    const at = next
    next += bytes
    const missing = next - memory.buffer.byteLength
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE))
    const heap = new Float64Array(memory.buffer)
    for (let i = 0; i < set.count; i++) {
      let o = at / 8 + i * recordValues
      heap.set(set.pixels.subarray(i * set.channels * 1024, (i + 1) * set.channels * 1024), o)
      o += set.channels * 1024
      for (const maps of [set.root, set.inverseRoot]) {
        for (let layer = 0; layer < 3; layer++) {
          const area = sides[layer] * sides[layer]
          heap.set(maps[layer].subarray(i * area, (i + 1) * area), o)
          o += area
        }
      }
    }
    placed.set(set, at)
    return at
  }

  return {
    pair(a, i, b, j) {
      const recordA = (a.channels * 1024 + 2688) * 8
      const recordB = (b.channels * 1024 + 2688) * 8
      const baseA = addressOf(a)
      const baseB = addressOf(b)
      // Placing b may have started the arena over: a must still be there.
      const startA = placed.get(a) === baseA ? baseA : addressOf(a)
      return kernel.nngp_pair_exact(startA + i * recordA, baseB + j * recordB, a.channels)
    }
  }
}
