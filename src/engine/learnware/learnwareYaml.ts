/**
 * `learnware.yaml`, the file that tells Beimingwu which class is the model and which JSON files are the
 * statistical specifications (`learnware/learnware/__init__.py:get_learnware_from_dirpath`). Reading
 * applies the reference loader's defaults (model class `Model`, module `__init__.py`, one table spec in
 * `stat_spec.json`); repacked zips from a Beimingwu dock add `id` and `semantic_specification`.
 * YAML is read as YAML 1.1, the dialect PyYAML speaks, with no custom tags (`!!python/…` is refused),
 * and written so PyYAML reads the same values back (`"00000042"` stays a string).
 *
 * Example:
 *   const config = parseLearnwareYaml('model:\n  class_name: MyModel\n')
 *   config.stat_specifications[0]   // { class_name: 'RKMETableSpecification', file_name: 'stat_spec.json', … }
 *   stringifyLearnwareYaml(config)  // 'model:\n  class_name: MyModel\n  module_path: __init__.py\n…'
 */

import { isScalar, parseDocument, stringify } from 'yaml'
import { z } from 'zod'
import { LearnwareError } from '../errors'
import { checkEntryName } from './entryName'

export const LEARNWARE_YAML_FILE = 'learnware.yaml'
export const STAT_SPEC_MODULE = 'learnware.specification'
export const DEFAULT_MODEL_CLASS = 'Model'
export const DEFAULT_MODULE_FILE = '__init__.py'
export const DEFAULT_STAT_SPEC_FILE = 'stat_spec.json'

export const STAT_SPEC_TYPES = ['RKMETableSpecification', 'RKMEImageSpecification', 'RKMETextSpecification'] as const
export type StatSpecType = (typeof STAT_SPEC_TYPES)[number]

/** Old name of the table spec class, still found in Beimingwu's database and older packages. */
export const LEGACY_TABLE_SPEC_CLASS = 'RKMEStatSpecification'

export interface LearnwareModelConfig {
  class_name: string
  module_path: string
  kwargs: Record<string, unknown>
}

export interface StatSpecConfig {
  module_path: string
  class_name: string
  file_name: string
  kwargs: Record<string, unknown>
}

export interface LearnwareYaml {
  model: LearnwareModelConfig
  stat_specifications: StatSpecConfig[]
  /** Beimingwu's learnware id, present in zips downloaded from a dock (8 digits, kept as text). */
  id?: string
  /** Present in repacked zips: the semantic spec JSON inside the package. */
  semantic_specification?: { file_name: string }
  /** Read but unused by Beimingwu. */
  name?: string
}

/** The statistical spec type a yaml `class_name` stands for, or null if we do not know it. */
export function statSpecTypeOf(className: unknown): StatSpecType | null {
  if (className === LEGACY_TABLE_SPEC_CLASS) return 'RKMETableSpecification'
  return STAT_SPEC_TYPES.find((type) => type === className) ?? null
}

const mapping = z.record(z.string(), z.unknown())
const packageFileName = z.string().refine((name) => checkEntryName(name) === null && !name.endsWith('/'), {
  message: 'must be the name of a file inside the package'
})

const yamlSchema = z.object({
  model: z
    .object({
      class_name: z.string().min(1).default(DEFAULT_MODEL_CLASS),
      module_path: z.string().min(1).default(DEFAULT_MODULE_FILE),
      kwargs: mapping.default({})
    })
    .loose()
    .default({ class_name: DEFAULT_MODEL_CLASS, module_path: DEFAULT_MODULE_FILE, kwargs: {} }),
  stat_specifications: z
    .array(
      z.object({
        // The reference loader fails without these two; we default them since we never import the module.
        module_path: z.string().default(STAT_SPEC_MODULE),
        kwargs: mapping.default({}),
        class_name: z.string(),
        file_name: packageFileName
      })
    )
    .default([
      { module_path: STAT_SPEC_MODULE, class_name: 'RKMETableSpecification', file_name: DEFAULT_STAT_SPEC_FILE, kwargs: {} }
    ]),
  id: z.union([z.string(), z.number()]).optional(),
  semantic_specification: z.object({ file_name: packageFileName }).optional(),
  name: z.unknown().optional()
})

/** Parses the text of `learnware.yaml`; PACKAGE_INVALID names the field and the problem. */
export function parseLearnwareYaml(text: string, label = LEARNWARE_YAML_FILE): LearnwareYaml {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true, prettyErrors: false })
  const problem = doc.errors[0] ?? doc.warnings[0]
  if (problem) throw invalidYaml(label, `is not valid YAML: ${problem.message.split('\n')[0]}`, problem)
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: 100 })
  } catch (cause) {
    throw invalidYaml(label, `cannot be read (${cause instanceof Error ? cause.message : String(cause)})`, cause)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidYaml(label, 'must be a mapping with at least model and stat_specifications')
  }
  const parsed = yamlSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.map(String).join('.') || '(root)'
    throw invalidYaml(label, `field ${field}: ${issue.message}`)
  }
  const { model, stat_specifications, semantic_specification, name } = parsed.data
  const config: LearnwareYaml = {
    model: { ...model, class_name: model.class_name, module_path: model.module_path, kwargs: model.kwargs },
    stat_specifications
  }
  const id = idText(doc, parsed.data.id)
  if (id !== undefined) config.id = id
  if (semantic_specification) config.semantic_specification = semantic_specification
  if (name !== undefined && name !== null) config.name = String(name)
  return config
}

/**
 * An 8-digit id written unquoted (`id: 00000042`) is a number to YAML (83 in YAML 1.1's octal!), so
 * the id is taken from the scalar's source text whenever it parsed as a number.
 */
function idText(doc: ReturnType<typeof parseDocument>, id: string | number | undefined): string | undefined {
  if (id === undefined) return undefined
  if (typeof id === 'string') return id
  const node = doc.get('id', true)
  return isScalar(node) && typeof node.source === 'string' ? node.source : String(id)
}

/** YAML that PyYAML's `safe_load` reads back as the same values. */
export function stringifyLearnwareYaml(config: LearnwareYaml): string {
  const document: Record<string, unknown> = {
    model: config.model,
    stat_specifications: config.stat_specifications
  }
  if (config.name !== undefined) document.name = config.name
  if (config.id !== undefined) document.id = config.id
  if (config.semantic_specification) document.semantic_specification = config.semantic_specification
  return stringify(document, { version: '1.1' })
}

function invalidYaml(label: string, rule: string, cause?: unknown): LearnwareError {
  return new LearnwareError('PACKAGE_INVALID', `${label} ${rule}`, {
    hint: 'learnware.yaml needs model: {class_name, kwargs} and stat_specifications: [{class_name, file_name, …}]',
    cause
  })
}
