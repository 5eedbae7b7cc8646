/**
 * Beimingwu's conversion of MMD² distances into the 0–1 "matching" scores users see (`_convert_dist_to_score`,
 * reference §5.2): relative to the current candidate list, the best item gets ~1 (or ≥ 0.92), weak ones
 * are compressed by a square root below 0.7. Kept exactly, so scores here read like Beimingwu's; the UI
 * also shows the raw MMD², which is absolute.
 *
 * Example:
 *   distancesToScores([0.15, 0.16, 0.3])   // → [0.7, 0.7, …] relative scores
 */

const DIST_RATIO = 0.1
const MIN_SCORE = 0.92
const IMPROVE_SCORE = 0.7

export function distancesToScores(distances: readonly number[]): number[] {
  if (distances.length === 0) return []
  const min = Math.min(...distances)
  const max = Math.max(...distances)
  if (max === min) return distances.map(() => 1)
  const mean = distances.reduce((a, b) => a + b, 0) / distances.length
  let epsilon = DIST_RATIO * mean
  const spread = (max - min) / (max - epsilon)
  if (min < epsilon) epsilon = min
  else if (spread < MIN_SCORE) epsilon = max - (max - min) / MIN_SCORE
  return distances.map((d) => {
    const score = (max - d) / (max - epsilon)
    return score < IMPROVE_SCORE ? Math.min(Math.sqrt(score), IMPROVE_SCORE) : score
  })
}
