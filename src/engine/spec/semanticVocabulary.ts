/**
 * The semantic-specification vocabulary of Beimingwu (`learnware/config.py:semantic_config`), as typed
 * constants. The upload wizard lists these values, the validator checks against them and search filters
 * on them, so they must match Beimingwu's strings exactly (spelling, case and the space in
 * "Feature Extraction") or our packages would be rejected by a Beimingwu dock.
 *
 * Example:
 *   for (const task of TASK_TYPES) addOption(task)                  // 'Classification', 'Regression', …
 *   SEMANTIC_VOCABULARY.Scenario                                      // { type: 'Tag', values: [...] }
 *   isOneOf(DATA_TYPES, 'Table')                                      // true
 */

export const DATA_TYPES = ['Table', 'Image', 'Text'] as const

export const TASK_TYPES = [
  'Classification',
  'Regression',
  'Feature Extraction',
  'Segmentation',
  'Object Detection',
  'Others'
] as const

export const LIBRARY_TYPES = ['Scikit-learn', 'PyTorch', 'TensorFlow', 'Others'] as const

export const SCENARIOS = [
  'Business',
  'Financial',
  'Health',
  'Politics',
  'Computer',
  'Internet',
  'Traffic',
  'Nature',
  'Fashion',
  'Industry',
  'Agriculture',
  'Education',
  'Entertainment',
  'Architecture',
  'Others'
] as const

export const LICENSES = [
  'MIT',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'GPL-2.0',
  'GPL-3.0',
  'LGPL-2.1',
  'LGPL-3.0',
  'AGPL-3.0',
  'ECL-2.0',
  'AFL-3.0',
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'Others'
] as const

export type DataType = (typeof DATA_TYPES)[number]
export type TaskType = (typeof TASK_TYPES)[number]
export type LibraryType = (typeof LIBRARY_TYPES)[number]
export type Scenario = (typeof SCENARIOS)[number]
export type License = (typeof LICENSES)[number]

/** How a field is stored: Class = exactly one value, Tag = one or more, String = free non-empty text. */
export type SemanticFieldType = 'Class' | 'Tag' | 'String'

export interface SemanticFieldVocabulary {
  readonly type: SemanticFieldType
  /** Allowed values; `null` for free-text String fields. */
  readonly values: readonly string[] | null
}

/**
 * Every field Beimingwu's checker requires, in the checker's order (`semantic_config` key order), so that
 * problems are reported in the same order a Beimingwu user would see them.
 */
export const SEMANTIC_VOCABULARY = {
  Data: { type: 'Class', values: DATA_TYPES },
  Task: { type: 'Class', values: TASK_TYPES },
  Library: { type: 'Class', values: LIBRARY_TYPES },
  Scenario: { type: 'Tag', values: SCENARIOS },
  Description: { type: 'String', values: null },
  Name: { type: 'String', values: null },
  License: { type: 'Class', values: LICENSES }
} as const satisfies Record<string, SemanticFieldVocabulary>

export type SemanticFieldName = keyof typeof SEMANTIC_VOCABULARY

export const SEMANTIC_FIELD_NAMES = Object.keys(SEMANTIC_VOCABULARY) as SemanticFieldName[]

/** Given to stored specs that predate the License field (`market/easy/database_ops.py:181`). */
export const LEGACY_DEFAULT_LICENSE: License = 'Apache-2.0'

/** Tasks whose specs must carry an `Output` block (checker.py: "Lack of output semantics"). */
export const TASKS_REQUIRING_OUTPUT: readonly TaskType[] = ['Classification', 'Regression']

export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
}
