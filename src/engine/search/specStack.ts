/**
 * The learnwares' reduced sets stacked into one matrix, so that the cross terms ⟨Φ_lw, Φ_user⟩ of a search
 * are one pass over contiguous memory instead of thousands of small loops: for every stacked row z_n it
 * forms t_n = Σ_i β_user,i k(u_i, z_n), then ⟨Φ_c, Φ_user⟩ = Σ_{n ∈ c} β_c,n t_n. The rows live in the WASM
 * SIMD kernel's memory (math/rbfKernel.ts), laid out once per stack. A large stack (≥ ~1,000 learnwares of
 * K = 100, d = 10) is shared out over the kernel pool's threads (math/kernelPool.ts) and uses the float32
 * kernel: its cross terms are then good to ~1e-6 relative, and statistical.ts recomputes the best candidates'
 * exactly. Build a stack once per dock state (the dock caches parsed specs) and reuse it for every search.
 *
 * Example:
 *   const stack = stackSpecs(candidates)             // all with the same featuresPerRow and γ
 *   const cross = await crossInnerProducts(stack, userSpec) // Float64Array, one per candidate
 */

import { shareRows, type SharedKernelRows } from '../math/kernelPool'
import type { RkmeTableSpec } from '../spec/rkmeTable'

export interface SpecStack {
  ids: string[]
  featuresPerRow: number
  gamma: number
  /** The stacked reduced sets, in the kernels' memory. */
  rows: SharedKernelRows
  /** True when the cross terms come from the float32 kernel (large stacks). */
  approximate: boolean
  beta: Float64Array
  /** Candidate c owns rows offsets[c] … offsets[c + 1] − 1. */
  offsets: Int32Array
}

export function stackSpecs(candidates: readonly { id: string; spec: RkmeTableSpec }[]): SpecStack {
  const d = candidates[0]?.spec.featuresPerRow ?? 0
  const gamma = candidates[0]?.spec.gamma ?? 0.1
  const offsets = new Int32Array(candidates.length + 1)
  candidates.forEach((c, i) => {
    if (c.spec.featuresPerRow !== d || c.spec.gamma !== gamma) throw new Error('stackSpecs: candidates must share featuresPerRow and gamma')
    offsets[i + 1] = offsets[i] + c.spec.k
  })
  const total = offsets[candidates.length]
  const z = new Float64Array(total * d)
  const beta = new Float64Array(total)
  candidates.forEach((c, i) => {
    z.set(c.spec.z, offsets[i] * d)
    beta.set(c.spec.beta, offsets[i])
  })
  const large = total * d >= LARGE_STACK_VALUES
  const rows = shareRows(z, total, d, large ? { alignRows: 8, precision: 'f32' } : { threads: 1, alignRows: 8 })
  return { ids: candidates.map((c) => c.id), featuresPerRow: d, gamma, rows, approximate: large, beta, offsets }
}

/** Stacks with at least this many stacked values (rows·d) are large: ~1,000 learnwares of K = 100, d = 10. */
const LARGE_STACK_VALUES = 1_000_000

/** ⟨Φ_c, Φ_user⟩ for every stacked candidate c, with the candidates' γ (Beimingwu: the first operand's); float32-accurate when `stack.approximate`. */
export async function crossInnerProducts(stack: SpecStack, user: RkmeTableSpec): Promise<Float64Array> {
  const perRow = new Float64Array(stack.rows.rows)
  await stack.rows.weightedRows(user.z, user.k, user.beta, stack.gamma, perRow)
  const cross = new Float64Array(stack.ids.length)
  for (let c = 0; c < cross.length; c++) {
    let sum = 0
    for (let n = stack.offsets[c]; n < stack.offsets[c + 1]; n++) sum += stack.beta[n] * perRow[n]
    cross[c] = sum
  }
  return cross
}
const recentStacks: { specs: RkmeTableSpec[]; stack: SpecStack }[] = []
const RECENT_STACKS = 4

/**
 * stackSpecs, remembering the last few stacks: a dock hands out the same parsed spec objects until it
 * changes, so repeated searches reuse the stacked copy (10,000 learnwares: ~100 ms to build, ~160 MB with
 * the kernels' copies). A stack that falls out of the list releases the workers' copies.
 */
export function stackSpecsCached(candidates: readonly { id: string; spec: RkmeTableSpec }[]): SpecStack {
  const hit = recentStacks.find((entry) =>
    entry.specs.length === candidates.length && entry.specs.every((spec, i) => spec === candidates[i].spec) &&
    entry.stack.ids.every((id, i) => id === candidates[i].id))
  if (hit) return hit.stack
  const stack = stackSpecs(candidates)
  recentStacks.unshift({ specs: candidates.map((c) => c.spec), stack })
  for (const evicted of recentStacks.splice(RECENT_STACKS)) evicted.stack.rows.release()
  return stack
}
