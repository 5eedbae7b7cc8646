/**
 * JobSelector's first step (reference §7.2.3): how much of the user's data each learnware accounts for —
 * the weights w on the simplex that make Σ wᵢΦᵢ closest to the user's RKME (the mixture-search QP on
 * ⟨Φᵢ,Φⱼ⟩ and ⟨Φ_user,Φᵢ⟩, solved by `MixtureProblem`).
 *
 * Learnwares live in their own column spaces, so everything is compared on the **user columns every member
 * reads** (`routingColumns`). Restricting an RKME to some of its coordinates is exact: with the Gaussian
 * kernel, Σ βⱼ k_S(zⱼ,S, ·) is the embedding of the marginal on those columns, so a learnware's spec is
 * projected by keeping those columns of Z and the same β. All specs are compared at one kernel width: the
 * learnwares' γ when they share it, else the median heuristic on the user's rows (specs of different γ
 * cannot be compared; search never does).
 *
 * The user's RKME is the reference's `reduce=False` spec: every user row a point with β = 1/N (at most
 * `maxUserRows`, a seeded sample above that), so no k-means and no randomness for ordinary tables.
 *
 * Example:
 *   const space = routingColumns(members)                      // { userColumns: [0, 2, 5], memberInputs: [[0, 2, 4], …] }
 *   const { weights, gamma } = mixtureWeights(members, space, userRows, rows, { seed: 0 })
 */

import { LearnwareError } from '../errors'
import { createRng } from '../math/rng'
import { MixtureProblem } from '../search'
import { suggestGamma, type RkmeTableSpec } from '../spec'
import type { ReuseMember } from './members'
import { pickColumns, pickRows } from './userRows'

export interface RoutingColumns {
  /** User columns every member reads, ascending. */
  userColumns: number[]
  /** Per member: its input index for each of those columns. */
  memberInputs: number[][]
}

export function routingColumns(members: readonly ReuseMember[]): RoutingColumns {
  const userWidth = Math.max(0, ...members.flatMap((m) => m.alignment.sourceColumns)) + 1
  const userColumns: number[] = []
  for (let c = 0; c < userWidth; c++) {
    if (members.every((m) => m.alignment.sourceColumns.includes(c))) userColumns.push(c)
  }
  if (userColumns.length === 0) {
    throw new LearnwareError('USAGE', `JobSelector needs user columns that every learnware reads; ${members.map((m) => `"${m.learnware.name}"`).join(', ')} share none`, {
      hint: 'Reuse learnwares of the same feature space together, or use Averaging or FeatureAugment.'
    })
  }
  return { userColumns, memberInputs: members.map((m) => userColumns.map((c) => m.alignment.sourceColumns.indexOf(c))) }
}

/** The learnware's spec restricted to some of its inputs (Z columns), at kernel width `gamma`. */
export function projectSpec(spec: RkmeTableSpec, inputs: readonly number[], gamma: number): RkmeTableSpec {
  const z = pickColumns(spec.z, spec.k, spec.featuresPerRow, inputs)
  return { ...spec, z, beta: spec.beta.slice(), featuresPerRow: inputs.length, pointShape: [inputs.length], gamma }
}

/** The reference's unreduced spec of rows (already NaN-free): Z = the rows, β = 1/N. */
export function unreducedSpec(rows: Float64Array, rowCount: number, width: number, gamma: number): RkmeTableSpec {
  return {
    type: 'RKMETableSpecification',
    z: rows,
    beta: new Float64Array(rowCount).fill(1 / rowCount),
    k: rowCount,
    featuresPerRow: width,
    pointShape: [width],
    gamma,
    numPoints: rowCount
  }
}

export interface MixtureWeightsOptions {
  seed?: number
  maxUserRows?: number
}

/**
 * Simplex weights of the members' specs for the user's rows (`userRows`: NaN-free, user column order,
 * all user columns). REUSE needs every member to carry an RKME spec of its own input width.
 */
export function mixtureWeights(
  members: readonly ReuseMember[],
  space: RoutingColumns,
  userRows: Float64Array,
  rowCount: number,
  options: MixtureWeightsOptions = {}
): { weights: Float64Array; gamma: number; mmd2: number } {
  const specs = members.map(requireSpec)
  const width = space.userColumns.length
  const userWidth = userRows.length / rowCount
  const sample = sampleRows(rowCount, options.maxUserRows ?? 2000, options.seed ?? 0)
  const user = pickColumns(sample.length === rowCount ? userRows : pickRows(userRows, userWidth, sample), sample.length, userWidth, space.userColumns)
  const gammas = new Set(specs.map((s) => s.gamma))
  const gamma = gammas.size === 1 ? specs[0].gamma : suggestGamma(user, sample.length, width, options.seed ?? 0)
  const candidates = specs.map((spec, i) => ({ id: members[i].learnware.id, spec: projectSpec(spec, space.memberInputs[i], gamma) }))
  const problem = new MixtureProblem(unreducedSpec(user, sample.length, width, gamma), candidates)
  const { weights, mmd2 } = problem.solve(candidates.map((_, i) => i))
  return { weights, gamma, mmd2 }
}

function requireSpec(member: ReuseMember): RkmeTableSpec {
  const spec = member.learnware.spec
  if (!spec) {
    throw new LearnwareError('USAGE', `${member.shape.label} has no RKME table specification; JobSelector routes rows by the learnwares' specs`, {
      hint: 'Use Averaging or FeatureAugment with this learnware.'
    })
  }
  if (spec.featuresPerRow !== member.featureCount) {
    throw new LearnwareError('SPEC_DIMENSION_MISMATCH', `${member.shape.label}: its RKME spec has ${spec.featuresPerRow} features per point but its model takes ${member.featureCount}`, {
      hint: 'The package is inconsistent; run the checker on it.'
    })
  }
  return spec
}

/** All row indices, or a seeded sample of `limit` of them in ascending order. */
function sampleRows(rowCount: number, limit: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: rowCount }, (_, i) => i)
  if (rowCount <= limit) return all
  return createRng(seed).shuffle(all).slice(0, limit).sort()
}

