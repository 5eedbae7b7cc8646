/**
 * Semantic specifications in Beimingwu's exact JSON shape: what a learnware is (data, task, library,
 * scenarios, licence, name, description, and the meaning of each input feature and output). Specs we
 * write must be accepted by a Beimingwu dock, and specs we read from Beimingwu (including old ones) must
 * load, so this module only produces the wire shape and leaves judging it to `validateSemanticSpec`.
 *
 * Example:
 *   const spec = generateSemanticSpec({
 *     name: 'Wine cultivar', description: 'Predicts the cultivar of a wine from 13 measurements',
 *     data: 'Table', task: 'Classification', library: 'Scikit-learn',
 *     scenarios: ['Agriculture'], license: 'MIT',
 *     input: { dimension: 13, descriptions: ['alcohol', 'malic acid'] },
 *     output: { dimension: 3, descriptions: ['cultivar 1', 'cultivar 2', 'cultivar 3'] }
 *   })
 *   assertValidSemanticSpec(spec)                       // throws SEMANTIC_INVALID listing every problem
 *   const stored = normalizeSemanticSpec(jsonFromDisk)  // legacy specs gain License: Apache-2.0
 */

import { LearnwareError } from '../errors'
import {
  LEGACY_DEFAULT_LICENSE,
  SEMANTIC_FIELD_NAMES,
  SEMANTIC_VOCABULARY,
  type DataType,
  type LibraryType,
  type License,
  type Scenario,
  type TaskType
} from './semanticVocabulary'

export * from './semanticVocabulary'
export {
  assertValidSemanticSpec,
  SemanticSpecInvalidError,
  validateSemanticSpec,
  type SemanticProblem
} from './semanticValidation'

export interface ClassField {
  Type: 'Class'
  Values: string[]
}

export interface TagField {
  Type: 'Tag'
  Values: string[]
}

export interface StringField {
  Type: 'String'
  Values: string
}

/** `Input`/`Output` block: keys of `Description` are stringified indices in [0, Dimension). */
export interface FeatureDescription {
  Dimension: number
  Description: Record<string, string>
}

/** Beimingwu's wire shape. Unknown keys (e.g. search-only `learnware_id`, newer `Model`) are kept. */
export interface SemanticSpec {
  Data: ClassField
  Task: ClassField
  Library: ClassField
  License: ClassField
  Scenario: TagField
  Name: StringField
  Description: StringField
  Input?: FeatureDescription
  Output?: FeatureDescription
  [extraKey: string]: unknown
}

export interface FeatureDescriptionInput {
  dimension: number
  /** Per-index text: a list (index = position; holes skipped) or a sparse `{index: text}` map. */
  descriptions?: readonly (string | undefined)[] | Readonly<Record<number, string>>
}

export interface SemanticSpecInput {
  name: string
  description: string
  data: DataType
  task: TaskType
  library: LibraryType
  /** One scenario or several; Beimingwu's generator accepts both. */
  scenarios: Scenario | readonly Scenario[]
  /** One licence (Beimingwu's checker requires exactly one); a list is accepted like the generator does. */
  license: License | readonly License[]
  input?: FeatureDescriptionInput
  output?: FeatureDescriptionInput
}

/**
 * Builds a spec exactly like `learnware.specification.generate_semantic_spec`: Class/Tag values are lists,
 * String values plain strings, key order Data, Task, Library, License, Scenario, Name, Description,
 * then Input/Output only when given. It does not validate; call `validateSemanticSpec` for that.
 */
export function generateSemanticSpec(input: SemanticSpecInput): SemanticSpec {
  const spec: SemanticSpec = {
    Data: { Type: 'Class', Values: [input.data] },
    Task: { Type: 'Class', Values: [input.task] },
    Library: { Type: 'Class', Values: [input.library] },
    License: { Type: 'Class', Values: toList(input.license) },
    Scenario: { Type: 'Tag', Values: toList(input.scenarios) },
    Name: { Type: 'String', Values: input.name },
    Description: { Type: 'String', Values: input.description }
  }
  if (input.input) spec.Input = toFeatureDescription(input.input)
  if (input.output) spec.Output = toFeatureDescription(input.output)
  return spec
}

function toList<T extends string>(value: T | readonly T[]): string[] {
  return typeof value === 'string' ? [value] : [...value]
}

function toFeatureDescription(input: FeatureDescriptionInput): FeatureDescription {
  const description: Record<string, string> = {}
  const entries = Array.isArray(input.descriptions)
    ? input.descriptions.map((text, index) => [index, text] as const)
    : Object.entries(input.descriptions ?? {})
  for (const [index, text] of entries) {
    if (typeof text === 'string') description[String(index)] = text
  }
  return { Dimension: input.dimension, Description: description }
}

/**
 * Reads a stored spec (a parsed object or its JSON text) into the wire shape without judging it:
 * specs older than the License field get `{"Type":"Class","Values":["Apache-2.0"]}` as Beimingwu's
 * market does on reload; a bare string where a list belongs becomes a one-element list; missing fields
 * become empty (`[]`/`""`), as the Python generator writes them, so the validator reports them; `Input`
 * or `Output` stored as JSON text (as Beimingwu's backend accepts) is parsed, and an empty `{}` block
 * (what Beimingwu stores for non-table data) is dropped. Throws SEMANTIC_INVALID only if `raw` is not
 * an object at all.
 */
export function normalizeSemanticSpec(raw: unknown): SemanticSpec {
  const source = parseIfJsonText(raw, 'Semantic specification')
  if (!isPlainObject(source)) {
    throw new LearnwareError('SEMANTIC_INVALID', 'Semantic specification must be a JSON object', {
      hint: 'Expected {"Data": {"Type": "Class", "Values": [...]}, "Task": …, "Name": …}'
    })
  }
  const spec: Record<string, unknown> = { ...source }
  for (const key of SEMANTIC_FIELD_NAMES) {
    const type = SEMANTIC_VOCABULARY[key].type
    const field = source[key]
    if (field === undefined && key === 'License') {
      spec.License = { Type: 'Class', Values: [LEGACY_DEFAULT_LICENSE] }
    } else if (field === undefined || field === null) {
      spec[key] = { Type: type, Values: type === 'String' ? '' : [] }
    } else if (isPlainObject(field)) {
      spec[key] = { ...field, Type: field.Type ?? type, Values: normalizeValues(type, field.Values) }
    }
  }
  for (const key of ['Input', 'Output'] as const) {
    const block = normalizeFeatureBlock(source[key], key)
    if (block === undefined) delete spec[key]
    else spec[key] = block
  }
  return spec as SemanticSpec
}

function normalizeValues(type: 'Class' | 'Tag' | 'String', values: unknown): unknown {
  if (type !== 'String' && typeof values === 'string') return [values]
  if (values === undefined || values === null) return type === 'String' ? '' : []
  return values
}

function normalizeFeatureBlock(raw: unknown, key: 'Input' | 'Output'): unknown {
  if (raw === undefined || raw === null) return undefined
  const block = parseIfJsonText(raw, `${key} block`)
  if (!isPlainObject(block)) return block
  if (Object.keys(block).length === 0) return undefined
  const dimension = block.Dimension
  const numericText = typeof dimension === 'string' && /^\s*\d+\s*$/.test(dimension)
  return { ...block, Dimension: numericText ? Number(dimension) : dimension }
}

function parseIfJsonText(raw: unknown, what: string): unknown {
  if (typeof raw !== 'string') return raw
  try {
    return JSON.parse(raw)
  } catch (cause) {
    throw new LearnwareError('SEMANTIC_INVALID', `${what} is text but not valid JSON`, { cause })
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
