/**
 * Step 2 of the checker: the statistical specification, as Beimingwu's `EasyStatChecker` does before it
 * runs anything (reference §6.3, steps 2–3): a table RKME must parse, `dist(spec, spec)` must be finite (a
 * spec with huge or degenerate values would poison every search it takes part in), and when Data is Table
 * its feature count must equal `Input.Dimension`. Image and text specs are only required to be present;
 * this app cannot parse them yet.
 *
 * Example:
 *   const { checks, tableSpec } = checkStatSpecs(pkg)
 *   tableSpec?.featuresPerRow   // 13 — the usability probe herds its rows from this spec
 */

import type { LearnwarePackage } from '../learnware'
import { mmd2, parseRkmeTableSpec, RKME_TABLE_TYPE, type RkmeTableSpec } from '../spec'
import { failed, ok, type CheckOutcome } from './checkReport'

export interface StatSpecCheck {
  checks: CheckOutcome[]
  /** The parsed table spec when it passed, else null. */
  tableSpec: RkmeTableSpec | null
}

export function checkStatSpecs(pkg: LearnwarePackage): StatSpecCheck {
  const dataType = Array.isArray(pkg.semanticSpec?.Data?.Values) ? pkg.semanticSpec.Data.Values[0] : undefined
  const tableEntry = pkg.statSpecs.find((spec) => spec.type === RKME_TABLE_TYPE)
  const others = pkg.statSpecs.filter((spec) => spec.type !== RKME_TABLE_TYPE)
  const checks: CheckOutcome[] = others.map((spec) => ok('stat-spec', `${spec.fileName}: ${spec.type} present (not parsed by this app)`))
  if (!tableEntry) {
    if (dataType === 'Table') checks.push(failed('stat-spec', `Data is Table but the package has no ${RKME_TABLE_TYPE}`))
    return { checks, tableSpec: null }
  }
  let spec: RkmeTableSpec
  try {
    spec = parseRkmeTableSpec(tableEntry.json, tableEntry.fileName)
  } catch (error) {
    checks.push(failed('stat-spec', `Statistical specification ${messageOf(error)}`))
    return { checks, tableSpec: null }
  }
  const selfDistance = mmd2(spec, spec)
  if (!Number.isFinite(selfDistance)) {
    checks.push(failed('stat-spec', `${tableEntry.fileName}: dist(spec, spec) is ${selfDistance}, so the specification cannot be compared with any other`))
    return { checks, tableSpec: null }
  }
  const inputDimension = pkg.semanticSpec?.Input?.Dimension
  if (dataType === 'Table' && typeof inputDimension === 'number' && inputDimension !== spec.featuresPerRow) {
    checks.push(failed('stat-spec', `${tableEntry.fileName} describes ${spec.featuresPerRow} features per row but Input.Dimension is ${inputDimension}`))
    return { checks, tableSpec: null }
  }
  checks.push(ok('stat-spec', `${tableEntry.fileName}: table RKME with ${spec.k} points of ${spec.featuresPerRow} features; dist(spec, spec) is finite`))
  return { checks, tableSpec: spec }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
