/**
 * Turns package bytes into what the catalog stores about a learnware: the semantic spec that applies
 * (given explicitly, else the package's own, else the one already in the catalog), the statistical spec
 * used for search (the table RKME when there is one) parsed and checked, and ⟨Φ,Φ⟩ cached so a search
 * only computes cross terms. Everything that can be wrong with a package is found here, before a byte is
 * written: the reader's zip and format checks, non-finite or malformed RKME values, and a spec whose
 * feature count disagrees with the semantic spec's `Input.Dimension`.
 *
 * Example:
 *   const { pkg, facts } = await readLearnwareFacts(bytes, { label: 'wine.zip' })
 *   facts.featuresPerRow   // 13
 *   facts.selfInner        // ⟨Φ,Φ⟩ of the table spec
 */

import { LearnwareError } from '../errors'
import { readLearnwarePackage, type LearnwarePackage, type StatSpecType } from '../learnware'
import { innerProduct, parseRkmeTableSpec, RKME_TABLE_TYPE, serializeRkmeTableSpec, type RkmeTableSpec } from '../spec'
import { normalizeSemanticSpec, type SemanticSpec } from '../spec/semantic'

export interface LearnwareFacts {
  originId: string | null
  semanticSpec: SemanticSpec
  statSpecType: StatSpecType
  /** The search spec as JSON text (table specs re-serialised in Beimingwu's format). */
  statSpecJson: string
  tableSpec: RkmeTableSpec | null
  featuresPerRow: number | null
  selfInner: number | null
}

export interface ReadFactsOptions {
  /** How messages name the package, e.g. its file name. */
  label: string
  /** A semantic spec given by the user; wins over the package's own. */
  semanticSpec?: unknown
  /** Used when neither the user nor the package gives one (the spec already in the catalog). */
  fallbackSemanticSpec?: SemanticSpec | null
  /** Used when the package names no Beimingwu id. */
  fallbackOriginId?: string | null
}

/** Reads and validates the package; `pkg.semanticSpec` is replaced by the spec that will be stored. */
export async function readLearnwareFacts(bytes: Uint8Array, options: ReadFactsOptions): Promise<{ pkg: LearnwarePackage; facts: LearnwareFacts }> {
  const tableSpecs = new Map<string, RkmeTableSpec>()
  const read = await readLearnwarePackage(bytes, {
    label: options.label,
    validateStatSpec: (type, json, fileName) => {
      if (type === 'RKMETableSpecification') tableSpecs.set(fileName, parseTableSpec(json, `${options.label}: ${fileName}`))
    }
  })
  const semanticSpec = chooseSemanticSpec(read, options)
  const pkg: LearnwarePackage = { ...read, semanticSpec }
  const primary = read.statSpecs.find((spec) => spec.type === 'RKMETableSpecification') ?? read.statSpecs[0]
  const tableSpec = tableSpecs.get(primary.fileName) ?? null
  if (tableSpec) assertDimensionAgrees(tableSpec, semanticSpec, `${options.label}: ${primary.fileName}`)
  const facts: LearnwareFacts = {
    originId: read.originId ?? options.fallbackOriginId ?? null,
    semanticSpec,
    statSpecType: primary.type,
    statSpecJson: tableSpec ? serializeRkmeTableSpec(tableSpec) : JSON.stringify(primary.json),
    tableSpec,
    featuresPerRow: tableSpec?.featuresPerRow ?? null,
    selfInner: tableSpec ? innerProduct(tableSpec, tableSpec) : null
  }
  return { pkg, facts }
}

/** Parses stored or packaged table-spec JSON; Beimingwu's loader supplies the type when it is missing. */
export function parseTableSpec(json: unknown, source: string): RkmeTableSpec {
  const typed = typeof json === 'object' && json !== null && !Array.isArray(json) && !('type' in json)
    ? { ...json, type: RKME_TABLE_TYPE }
    : json
  return parseRkmeTableSpec(typed, source)
}

function chooseSemanticSpec(pkg: LearnwarePackage, options: ReadFactsOptions): SemanticSpec {
  if (options.semanticSpec !== undefined) return normalizeSemanticSpec(options.semanticSpec)
  return pkg.semanticSpec ?? options.fallbackSemanticSpec ?? normalizeSemanticSpec({})
}

function assertDimensionAgrees(spec: RkmeTableSpec, semanticSpec: SemanticSpec, source: string): void {
  const dimension = semanticSpec.Input?.Dimension
  if (typeof dimension !== 'number' || dimension === spec.featuresPerRow) return
  throw new LearnwareError(
    'SPEC_DIMENSION_MISMATCH',
    `${source} describes ${spec.featuresPerRow} features per row but the semantic specification says Input.Dimension is ${dimension}`,
    { hint: 'Regenerate the statistical specification from the data the model takes, or fix Input.Dimension.' }
  )
}
