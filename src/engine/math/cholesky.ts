/**
 * Dense Cholesky factorisation and solves for small symmetric positive-definite systems (n ≤ a few hundred),
 * row-major in a Float64Array. Used by the simplex QP (β of an RKME, mixture weights) and ridge fits.
 *
 * Example:
 *   const L = choleskyFactor(A, n)            // null when A is not positive definite
 *   if (L) choleskySolve(L, n, b, x)          // x = A⁻¹ b
 */

/** Lower-triangular L with A = L Lᵀ (row-major, n×n), or null when a pivot is not positive. */
export function choleskyFactor(a: Float64Array, n: number, jitter = 0): Float64Array | null {
  const l = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    const rowI = i * n
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n
      let sum = a[rowI + j] + (i === j ? jitter : 0)
      for (let k = 0; k < j; k++) sum -= l[rowI + k] * l[rowJ + k]
      if (i === j) {
        if (!(sum > 0)) return null
        l[rowI + i] = Math.sqrt(sum)
      } else {
        l[rowI + j] = sum / l[rowJ + j]
      }
    }
  }
  return l
}

/** Solves L Lᵀ x = b into `out` (which may alias b). */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let sum = b[i]
    const row = i * n
    for (let k = 0; k < i; k++) sum -= l[row + k] * out[k]
    out[i] = sum / l[row + i]
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = out[i]
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * out[k]
    out[i] = sum / l[i * n + i]
  }
  return out
}
