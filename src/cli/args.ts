/**
 * Argument parsing for the CLI on top of node:util's parseArgs: one option table for every command, so
 * `--dock`, `--json` and friends mean the same everywhere, and clear errors for unknown options.
 *
 * Example:
 *   const command = parseCommand(['spec', 'table', 'x.csv', '--out', 'y.json'])
 *   // { path: ['spec', 'table'], positionals: ['x.csv'], values: { out: 'y.json' } }
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
const COMMAND_DEPTH: Record<string, number> = { spec: 2, demo: 1 }

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
