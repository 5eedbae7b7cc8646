/**
 * Argument parsing for the CLI on top of node:util's parseArgs: one option table for every command, so
 * `--dock`, `--json` and friends mean the same everywhere, and clear errors for unknown options and values
 * (a vocabulary option names the allowed values; case does not matter).
 *
 * Example:
 *   const command = parseCommand(['spec', 'table', 'x.csv', '--out', 'y.json'])
 *   // { path: ['spec', 'table'], positionals: ['x.csv'], values: { out: 'y.json' } }
 *   choiceOption('classification', 'task', TASK_TYPES)   // 'Classification'
 */

import { parseArgs } from 'node:util'
import { LearnwareError } from '../engine/errors'

const OPTIONS = {
  out: { type: 'string' },
  target: { type: 'string' },
  ignore: { type: 'string' },
  k: { type: 'string' },
  gamma: { type: 'string' },
  seed: { type: 'string' },
  'max-rows': { type: 'string' },
  dock: { type: 'string' },
  status: { type: 'string' },
  task: { type: 'string' },
  'data-type': { type: 'string' },
  name: { type: 'string' },
  description: { type: 'string' },
  scenario: { type: 'string' },
  library: { type: 'string' },
  license: { type: 'string' },
  spec: { type: 'string' },
  data: { type: 'string' },
  model: { type: 'string' },
  limit: { type: 'string' },
  mixture: { type: 'string' },
  ids: { type: 'string' },
  'from-search': { type: 'boolean' },
  labelled: { type: 'string' },
  repeats: { type: 'string' },
  methods: { type: 'string' },
  method: { type: 'string' },
  curve: { type: 'boolean' },
  column: { type: 'string' },
  'text-column': { type: 'string' },
  'embedder-model': { type: 'string' },
  images: { type: 'string' },
  classes: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
} as const

export interface ParsedCommand {
  /** Command words, e.g. ['spec', 'table']. */
  path: string[]
  positionals: string[]
  values: Record<string, string | boolean | undefined>
}

/** Words that name a command (and take no value); everything after them is positional. */
const COMMAND_DEPTH: Record<string, number> = { spec: 2, dock: 2, reuse: 2 }

export function parseCommand(argv: string[]): ParsedCommand {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    throw new LearnwareError('USAGE', (error as Error).message.split('\n')[0], { hint: 'Run learnware-dock --help' })
  }
  const depth = COMMAND_DEPTH[parsed.positionals[0] ?? ''] ?? 1
  return {
    path: parsed.positionals.slice(0, depth),
    positionals: parsed.positionals.slice(depth),
    values: parsed.values as ParsedCommand['values']
  }
}

export function numberOption(value: string | boolean | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(number)) {
    throw new LearnwareError('USAGE', `--${name} must be a number, got "${String(value)}"`)
  }
  return number
}

export function listOption(value: string | boolean | undefined): string[] | undefined {
  if (typeof value !== 'string') return undefined
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
}

export function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A string option the command cannot do without. */
export function requiredOption(command: ParsedCommand, name: string, usage: string): string {
  const value = command.values[name]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new LearnwareError('USAGE', `${command.path.join(' ')} needs --${name}`, { hint: usage })
  }
  return value
}

/** Exactly `count` positionals (files, ids), else a usage error showing the usage line. */
export function positionals(command: ParsedCommand, count: number, usage: string): string[] {
  if (command.positionals.length !== count) {
    const got = command.positionals.length === 0 ? 'none' : command.positionals.map((p) => JSON.stringify(p)).join(' ')
    throw new LearnwareError('USAGE', `${command.path.join(' ')} takes ${count === 1 ? 'one argument' : `${count} arguments`} (got ${got})`, { hint: usage })
  }
  return command.positionals
}

/** One value of a fixed vocabulary, matched without regard to case; the error lists the choices. */
export function choiceOption<T extends string>(value: string | boolean | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  const text = String(value).trim()
  const match = allowed.find((choice) => choice.toLowerCase() === text.toLowerCase())
  if (!match) throw new LearnwareError('USAGE', `--${name} must be one of ${allowed.join(', ')} (got "${text}")`)
  return match
}

/** A comma-separated list of vocabulary values (`--scenario Nature,Health`). */
export function choiceListOption<T extends string>(value: string | boolean | undefined, name: string, allowed: readonly T[]): T[] | undefined {
  const list = listOption(value)
  if (list === undefined) return undefined
  if (list.length === 0) throw new LearnwareError('USAGE', `--${name} needs at least one of ${allowed.join(', ')}`)
  return list.map((item) => choiceOption(item, name, allowed)!)
}

export function positiveIntegerOption(value: string | boolean | undefined, name: string): number | undefined {
  const number = numberOption(value, name)
  if (number !== undefined && !(Number.isInteger(number) && number >= 1)) {
    throw new LearnwareError('USAGE', `--${name} must be a whole number ≥ 1, got "${String(value)}"`)
  }
  return number
}
