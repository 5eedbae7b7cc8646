/**
 * Turns package bytes into what the catalog stores about a learnware: the semantic spec that applies
 * (given explicitly, else the package's own, else the one already in the catalog), the statistical spec
 * used for search (table RKME first, then text, then image — Beimingwu's priority) parsed and checked, and
 * ⟨Φ,Φ⟩ cached so a search only computes cross terms. Text specs also give the catalog their languages and
 * embedder id, the two facts the text search filters on (docs/adr/0007-text-spec.md). Everything that can be wrong with a package is found here, before a byte is
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
import { parseRkmeImageSpec, serializeRkmeImageSpec, type RkmeImageSpec } from '../spec/image'
import { normalizeSemanticSpec, type SemanticSpec } from '../spec/semantic'
import { parseRkmeTextSpec, serializeRkmeTextSpec, type RkmeTextSpec } from '../text'

export interface LearnwareFacts {
  originId: string | null
  semanticSpec: SemanticSpec
  statSpecType: StatSpecType
  /** The search spec as JSON text (table specs re-serialised in Beimingwu's format). */
  statSpecJson: string
  tableSpec: RkmeTableSpec | null
  /** The text spec when the search spec is an RKMETextSpecification. */
  textSpec: RkmeTextSpec | null
  /** The image spec when the search spec is an RKMEImageSpecification. */
  imageSpec: RkmeImageSpec | null
  /** Table: features per row; text: embedding width; image: null. */
  featuresPerRow: number | null
  /** ⟨Φ,Φ⟩ of a table spec or of a text spec's embedding RKME (image kernels are too slow to run on import). */
  selfInner: number | null
  /** Text specs only: langdetect codes and the embedder id. */
  language: string[] | null
  embedder: string | null
}

/** Beimingwu's order of preference when a package has several specs (reference §5.2 step 1). */
const SEARCH_SPEC_ORDER: readonly StatSpecType[] = ['RKMETableSpecification', 'RKMETextSpecification', 'RKMEImageSpecification']

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
  const parsed = new Map<string, RkmeTableSpec | RkmeTextSpec | RkmeImageSpec>()
  const read = await readLearnwarePackage(bytes, {
    label: options.label,
    validateStatSpec: (type, json, fileName) => {
      const source = `${options.label}: ${fileName}`
      if (type === 'RKMETableSpecification') parsed.set(fileName, parseTableSpec(json, source))
      else if (type === 'RKMETextSpecification') parsed.set(fileName, parseRkmeTextSpec(withType(json, type), source))
      else parsed.set(fileName, parseRkmeImageSpec(withType(json, type), source))
    }
  })
  const semanticSpec = chooseSemanticSpec(read, options)
  const pkg: LearnwarePackage = { ...read, semanticSpec }
  const primary = SEARCH_SPEC_ORDER.map((type) => read.statSpecs.find((spec) => spec.type === type)).find((spec) => spec !== undefined) ?? read.statSpecs[0]
  const spec = parsed.get(primary.fileName) ?? null
  const source = `${options.label}: ${primary.fileName}`
  const tableSpec = primary.type === 'RKMETableSpecification' ? (spec as RkmeTableSpec | null) : null
  const textSpec = primary.type === 'RKMETextSpecification' ? (spec as RkmeTextSpec | null) : null
  const imageSpec = primary.type === 'RKMEImageSpecification' ? (spec as RkmeImageSpec | null) : null
  const rkme = tableSpec ?? textSpec?.rkme ?? null
  // A text learnware's model takes the embedding, so Input.Dimension is the embedding width.
  if (rkme) assertDimensionAgrees(rkme, semanticSpec, source)
  const facts: LearnwareFacts = {
    originId: read.originId ?? options.fallbackOriginId ?? null,
    semanticSpec,
    statSpecType: primary.type,
    statSpecJson: tableSpec ? serializeRkmeTableSpec(tableSpec)
      : textSpec ? serializeRkmeTextSpec(textSpec)
        : imageSpec ? serializeRkmeImageSpec(imageSpec) : JSON.stringify(primary.json),
    tableSpec,
    textSpec,
    imageSpec,
    featuresPerRow: rkme?.featuresPerRow ?? null,
    selfInner: rkme ? innerProduct(rkme, rkme) : null,
    language: textSpec ? [...textSpec.language] : null,
    embedder: textSpec?.embedder ?? null
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

/** Beimingwu's loader keeps the class's own type when the JSON has none. */
export function withType(json: unknown, type: StatSpecType): unknown {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !('type' in json) ? { ...json, type } : json
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
