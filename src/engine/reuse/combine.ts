/**
 * Combining members' outputs the way the plan's combiners say (export/plan.ts), so in-app predictions and
 * the exported graph agree: mean of mapped probabilities then argmax (`mean-probabilities`), majority vote
 * of the members' labels with ties to the smallest user class (`vote-labels`), mean of values
 * (`mean-values`). A member's label is the argmax of its *mapped* probabilities.
 *
 * Example:
 *   const probabilities = meanOf(mappedPerMember)                  // rows × classes
 *   const labels = argmaxRows(probabilities, rows, classes)        // first maximum wins
 *   const votes = voteShares(mappedPerMember.map((p) => argmaxRows(p, rows, classes)), rows, classes)
 */

/** Index of the first largest value of each row. */
export function argmaxRows(values: ArrayLike<number>, rows: number, width: number): Int32Array {
  const out = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    const base = r * width
    let best = 0
    for (let c = 1; c < width; c++) if (values[base + c] > values[base + best]) best = c
    out[r] = best
  }
  return out
}

/** Element-wise mean of same-length arrays. */
export function meanOf(arrays: readonly ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(arrays[0]?.length ?? 0)
  const sums = new Float64Array(out.length)
  for (const array of arrays) for (let i = 0; i < out.length; i++) sums[i] += array[i]
  for (let i = 0; i < out.length; i++) out[i] = sums[i] / arrays.length
  return out
}

/** Share of the members voting for each class, rows × classes (argmax = majority, ties → smallest class). */
export function voteShares(labelsPerMember: readonly Int32Array[], rows: number, classCount: number): Float32Array {
  const shares = new Float32Array(rows * classCount)
  const weight = 1 / labelsPerMember.length
  for (const labels of labelsPerMember) {
    for (let r = 0; r < rows; r++) {
      const label = labels[r]
      if (label >= 0 && label < classCount) shares[r * classCount + label] += weight
    }
  }
  return shares
}
