/**
 * Step 2 of the checker: the statistical specification, as Beimingwu's `EasyStatChecker` does before it
 * runs anything (reference §6.3, steps 2–3): the spec must parse, `dist(spec, spec)` must be finite (a spec
 * with huge or degenerate values would poison every search it takes part in), and its width must equal
 * `Input.Dimension` — a table's features, or for text the embedding width, since a text learnware made here
 * is a model over the embedding. Data = Table needs a table RKME, Data = Text a text RKME, Data = Image an
 * image RKME. An image spec is parsed but its NNGP self-distance is not computed (seconds per spec).
 *
 * Example:
 *   const { checks, tableSpec, textSpec } = checkStatSpecs(pkg)
 *   tableSpec?.featuresPerRow   // 13 — the usability probe herds its rows from this spec (for text: textSpec.rkme)
 */

import type { LearnwarePackage, PackageStatSpec } from '../learnware'
import { mmd2, parseRkmeTableSpec, RKME_TABLE_TYPE, type RkmeTableSpec } from '../spec'
import { parseRkmeImageSpec, RKME_IMAGE_TYPE, type RkmeImageSpec } from '../spec/image'
import { parseRkmeTextSpec, RKME_TEXT_TYPE, type RkmeTextSpec } from '../text'
import { failed, ok, type CheckOutcome } from './checkReport'

export interface StatSpecCheck {
  checks: CheckOutcome[]
  /** The parsed table spec when it passed, else null. */
  tableSpec: RkmeTableSpec | null
  /** The parsed text spec when it passed (and no table spec is present), else null. */
  textSpec: RkmeTextSpec | null
  /** The parsed image spec when it parsed, else null. */
  imageSpec: RkmeImageSpec | null
}

const REQUIRED_TYPE: Record<string, string> = { Table: RKME_TABLE_TYPE, Text: RKME_TEXT_TYPE, Image: RKME_IMAGE_TYPE }

export function checkStatSpecs(pkg: LearnwarePackage): StatSpecCheck {
  const dataType = Array.isArray(pkg.semanticSpec?.Data?.Values) ? pkg.semanticSpec.Data.Values[0] : undefined
  const result: StatSpecCheck = { checks: [], tableSpec: null, textSpec: null, imageSpec: null }
  const required = typeof dataType === 'string' ? REQUIRED_TYPE[dataType] : undefined
  if (required && !pkg.statSpecs.some((spec) => spec.type === required)) {
    result.checks.push(failed('stat-spec', `Data is ${dataType} but the package has no ${required}`))
  }
  const inputDimension = pkg.semanticSpec?.Input?.Dimension
  for (const entry of pkg.statSpecs) {
    // Like Beimingwu, only the spec the data type searches with is checked; others just ride along.
    if (required && entry.type !== required) {
      result.checks.push(ok('stat-spec', `${entry.fileName}: ${entry.type} present (not used for Data = ${dataType})`))
      continue
    }
    if (entry.type === RKME_TABLE_TYPE) {
      const spec = checkRkme(entry, (json) => parseRkmeTableSpec(json, entry.fileName), result.checks)
      if (!spec) continue
      if (dataType === 'Table' && typeof inputDimension === 'number' && inputDimension !== spec.featuresPerRow) {
        result.checks.push(failed('stat-spec', `${entry.fileName} describes ${spec.featuresPerRow} features per row but Input.Dimension is ${inputDimension}`))
        continue
      }
      result.checks.push(ok('stat-spec', `${entry.fileName}: table RKME with ${spec.k} points of ${spec.featuresPerRow} features; dist(spec, spec) is finite`))
      result.tableSpec = spec
    } else if (entry.type === RKME_TEXT_TYPE) {
      const text = parseOrFail(entry, () => parseRkmeTextSpec(withType(entry.json, RKME_TEXT_TYPE), entry.fileName), result.checks)
      const spec = text && checkRkme(entry, () => text.rkme, result.checks)
      if (!text || !spec) continue
      if (dataType === 'Text' && typeof inputDimension === 'number' && inputDimension !== spec.featuresPerRow) {
        result.checks.push(failed('stat-spec', `${entry.fileName} holds embeddings of ${spec.featuresPerRow} values but Input.Dimension is ${inputDimension}`))
        continue
      }
      const languages = text.language.length > 0 ? text.language.join(', ') : 'no language detected'
      result.checks.push(ok('stat-spec', `${entry.fileName}: text RKME with ${spec.k} points of ${spec.featuresPerRow}-wide embeddings (${text.embedder}; ${languages}); dist(spec, spec) is finite`))
      result.textSpec = text
    } else {
      const image = parseOrFail(entry, () => parseRkmeImageSpec(withType(entry.json, RKME_IMAGE_TYPE), entry.fileName), result.checks)
      if (!image) continue
      if (!image.z.every(Number.isFinite) || !image.beta.every(Number.isFinite)) {
        result.checks.push(failed('stat-spec', `${entry.fileName}: the image RKME holds non-finite values (NaN or ±∞), so it cannot be compared with any other`))
        continue
      }
      result.checks.push(ok('stat-spec', `${entry.fileName}: image RKME with ${image.k} images of ${image.channels} channel(s) parsed; its values are finite`))
      result.imageSpec = image
    }
  }
  return result
}

/** Beimingwu's loader keeps the class's own type when the JSON has none. */
function withType(json: unknown, type: string): unknown {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !('type' in json) ? { ...json, type } : json
}

function parseOrFail<T>(entry: PackageStatSpec, parse: () => T, checks: CheckOutcome[]): T | null {
  try {
    return parse()
  } catch (error) {
    checks.push(failed('stat-spec', `Statistical specification ${entry.fileName}: ${messageOf(error)}`))
    return null
  }
}

/** Parses a table RKME (or takes a text spec's) and requires a finite dist(spec, spec). */
function checkRkme(entry: PackageStatSpec, parse: (json: unknown) => RkmeTableSpec, checks: CheckOutcome[]): RkmeTableSpec | null {
  let spec: RkmeTableSpec
  try {
    spec = parse(entry.json)
  } catch (error) {
    checks.push(failed('stat-spec', `Statistical specification ${messageOf(error)}`))
    return null
  }
  const selfDistance = mmd2(spec, spec)
  if (!Number.isFinite(selfDistance)) {
    checks.push(failed('stat-spec', `${entry.fileName}: dist(spec, spec) is ${selfDistance}, so the specification cannot be compared with any other`))
    return null
  }
  return spec
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
