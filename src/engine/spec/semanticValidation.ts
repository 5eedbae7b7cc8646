/**
 * Beimingwu's semantic checker (`EasySemanticChecker.check_semantic_spec`) re-implemented so a spec we
 * accept is one a Beimingwu dock accepts. Unlike the original, which stops at the first failed assert
 * and returns a traceback, it reports every problem at once, each naming its field and, for vocabulary
 * fields, the allowed values — the wizard shows them next to the field.
 *
 * One deliberate tightening: `Dimension` must be a whole number ≥ 1 (Beimingwu would accept 0 or 2.5).
 *
 * Example:
 *   validateSemanticSpec(spec)
 *   // [{ field: 'Task', message: 'Task: "Clasification" is not one of Classification, Regression, …' }]
 *   assertValidSemanticSpec(spec)   // throws SemanticSpecInvalidError (code SEMANTIC_INVALID)
 */

import { LearnwareError } from '../errors'
import type { SemanticSpec } from './semantic'
import {
  SEMANTIC_FIELD_NAMES,
  SEMANTIC_VOCABULARY,
  TASKS_REQUIRING_OUTPUT,
  type SemanticFieldName
} from './semanticVocabulary'

export interface SemanticProblem {
  /** Dotted path of the offending field, e.g. `Task`, `Input.Dimension`, `Output.Description.7`. */
  field: string
  /** A sentence that starts with the field and, for vocabulary fields, lists the allowed values. */
  message: string
}

/** Thrown by `assertValidSemanticSpec`; `problems` lets a form highlight each field. */
export class SemanticSpecInvalidError extends LearnwareError {
  readonly problems: readonly SemanticProblem[]

  constructor(problems: readonly SemanticProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
    super('SEMANTIC_INVALID', `Semantic specification has ${count}: ${problems.map((p) => p.message).join('; ')}`, {
      hint: 'Fix the fields named above; Beimingwu rejects specs that fail any of these checks.'
    })
    this.problems = problems
  }
}

/** Every problem with `spec` (an empty list means Beimingwu's checker would accept it). */
export function validateSemanticSpec(spec: unknown): SemanticProblem[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return [{ field: '(root)', message: 'Semantic specification must be a JSON object' }]
  }
  const record = spec as Record<string, unknown>
  const problems = SEMANTIC_FIELD_NAMES.flatMap((name) => checkVocabularyField(name, record[name]))
  const data = firstValue(record.Data)
  const task = firstValue(record.Task)
  if (data === 'Table') {
    problems.push(...checkFeatureBlock('Input', record.Input, `Data is Table`, 1))
  }
  if (typeof task === 'string' && (TASKS_REQUIRING_OUTPUT as readonly string[]).includes(task)) {
    const minDimension = task === 'Classification' ? 2 : 1
    problems.push(...checkFeatureBlock('Output', record.Output, `Task is ${task}`, minDimension))
  }
  return problems
}

export function assertValidSemanticSpec(spec: unknown): asserts spec is SemanticSpec {
  const problems = validateSemanticSpec(spec)
  if (problems.length > 0) throw new SemanticSpecInvalidError(problems)
}

function checkVocabularyField(name: SemanticFieldName, raw: unknown): SemanticProblem[] {
  const { type, values: allowed } = SEMANTIC_VOCABULARY[name]
  const choices = allowed ? `; choose ${type === 'Tag' ? 'one or more' : 'one'} of ${allowed.join(', ')}` : ''
  if (raw === undefined) return [{ field: name, message: `${name} is missing${choices}` }]
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ field: name, message: `${name} must be an object like {"Type": "${type}", "Values": …}${choices}` }]
  }
  const { Type: actualType, Values: values } = raw as { Type?: unknown; Values?: unknown }
  const problems: SemanticProblem[] = []
  if (actualType !== type) {
    problems.push({ field: `${name}.Type`, message: `${name}.Type must be "${type}" (got ${describe(actualType)})` })
  }
  if (values === undefined) {
    problems.push({ field: `${name}.Values`, message: `${name}.Values is missing${choices}` })
  } else if (allowed === null) {
    problems.push(...checkStringValue(name, values))
  } else {
    problems.push(...checkListValues(name, type, values, allowed))
  }
  return problems
}

function checkStringValue(name: string, values: unknown): SemanticProblem[] {
  if (typeof values !== 'string') {
    return [{ field: name, message: `${name} must be text (got ${describe(values)})` }]
  }
  if (values.length === 0) return [{ field: name, message: `${name} must not be empty` }]
  return []
}

function checkListValues(
  name: string,
  type: 'Class' | 'Tag' | 'String',
  values: unknown,
  allowed: readonly string[]
): SemanticProblem[] {
  const allowedText = allowed.join(', ')
  if (!Array.isArray(values)) {
    return [{ field: name, message: `${name}.Values must be a list drawn from ${allowedText} (got ${describe(values)})` }]
  }
  if (type === 'Class' && values.length !== 1) {
    const got = values.length === 0 ? 'none' : `${values.length}: ${values.map(describe).join(', ')}`
    return [{ field: name, message: `${name}: choose exactly one of ${allowedText} (got ${got})` }]
  }
  if (type === 'Tag' && values.length === 0) {
    return [{ field: name, message: `${name}: choose at least one of ${allowedText}` }]
  }
  return values
    .filter((value) => typeof value !== 'string' || !allowed.includes(value))
    .map((value) => ({ field: name, message: `${name}: ${describe(value)} is not one of ${allowedText}` }))
}

function checkFeatureBlock(
  key: 'Input' | 'Output',
  raw: unknown,
  reason: string,
  minDimension: number
): SemanticProblem[] {
  const example = `{"Dimension": <count>, "Description": {"0": "…"}}`
  if (raw === undefined || raw === null) {
    return [{ field: key, message: `${key} is required when ${reason}; give ${example}` }]
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return [{ field: key, message: `${key} must be an object like ${example} (got ${describe(raw)})` }]
  }
  const block = raw as Record<string, unknown>
  const dimension = block.Dimension
  const problems: SemanticProblem[] = []
  const dimensionOk = typeof dimension === 'number' && Number.isInteger(dimension) && dimension >= minDimension
  if (!dimensionOk) {
    const rule =
      key === 'Output' && minDimension === 2
        ? 'a Classification task must have dimension > 1 (the number of classes)'
        : `must be a whole number ≥ ${minDimension}`
    problems.push({ field: `${key}.Dimension`, message: `${key}.Dimension: ${rule} (got ${describe(dimension)})` })
  }
  const description = block.Description
  if (typeof description !== 'object' || description === null || Array.isArray(description)) {
    problems.push({
      field: `${key}.Description`,
      message: `${key}.Description must be an object mapping index to text, like {"0": "…"} (got ${describe(description)})`
    })
    return problems
  }
  const upper = typeof dimension === 'number' ? dimension : Number.NaN
  for (const [indexText, text] of Object.entries(description)) {
    const index = parsePythonInt(indexText)
    if (index === null || !(index >= 0 && index < upper)) {
      problems.push({
        field: `${key}.Description.${indexText}`,
        message: `${key}.Description: key "${indexText}" is not an index in [0, ${describe(dimension)})`
      })
    }
    if (typeof text !== 'string') {
      problems.push({
        field: `${key}.Description.${indexText}`,
        message: `${key}.Description["${indexText}"] must be text (got ${describe(text)})`
      })
    }
  }
  return problems
}

/** What Python's `int(k)` accepts for a key: optional sign and surrounding spaces, `_` between digits. */
function parsePythonInt(text: string): number | null {
  const match = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(text)
  return match ? Number(match[1].replace(/_/g, '')) : null
}

function firstValue(field: unknown): unknown {
  if (typeof field !== 'object' || field === null) return undefined
  const values = (field as { Values?: unknown }).Values
  return Array.isArray(values) ? values[0] : undefined
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) return `a list [${value.map(describe).join(', ')}]`
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value)
}
