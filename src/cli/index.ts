/**
 * The `learnware-dock` command line. It parses arguments, calls the engine and prints — nothing else.
 * Results go to stdout (one JSON line with --json), progress and errors to stderr; exit code 0 on success,
 * 1 on a problem with the input, 2 on a usage error, 3 on an unexpected internal error.
 *
 * Example:
 *   learnware-dock spec table wine.csv --target target --out wine.json --json
 *   learnware-dock spec dist a.json b.json
 */

import { resolve } from 'node:path'
import { describeError, isLearnwareError, LearnwareError } from '../engine/errors'
import { parseCommand, type ParsedCommand } from './args'
import { demoCommand, describeDemo } from './commands/demo'
import { specDistCommand } from './commands/specDist'
import { describeSpecTable, specTableCommand } from './commands/specTable'

const HELP = `learnware-dock — find and reuse learnwares on your own data, privately.

Usage:
  learnware-dock spec table <data.csv> --out <spec.json> [--target COL] [--ignore a,b]
                 [--k 100] [--gamma 0.1] [--seed 0] [--max-rows 200000] [--json]
  learnware-dock spec dist <a.json> <b.json> [--json]
  learnware-dock demo
  learnware-dock --help | --version`

type Runner = (command: ParsedCommand) => Promise<{ text: string; json: unknown }>

const COMMANDS: Record<string, Runner> = {
  'spec table': async (command) => {
    const summary = await specTableCommand(command)
    return { text: describeSpecTable(summary), json: summary }
  },
  'spec dist': async (command) => {
    const result = await specDistCommand(command)
    return { text: String(result.mmd2), json: result }
  },
  demo: async () => {
    const summary = await demoCommand(resolve(__dirname, '../../resources'))
    return { text: describeDemo(summary), json: summary }
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCommand(argv)
    if (command.values.version) return print(process.env.npm_package_version ?? '0.1.0')
    if (command.values.help || command.path.length === 0) return print(HELP)
    const runner = COMMANDS[command.path.join(' ')]
    if (!runner) throw new LearnwareError('USAGE', `Unknown command "${command.path.join(' ')}"`, { hint: 'Run learnware-dock --help' })
    const result = await runner(command)
    return print(command.values.json ? JSON.stringify(result.json) : result.text)
  } catch (error) {
    process.stderr.write(`\nlearnware-dock: ${describeError(error)}\n`)
    if (process.env.LEARNWARE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`)
    if (!isLearnwareError(error)) return 3
    return error.code === 'USAGE' ? 2 : 1
  }
}

function print(text: string): number {
  process.stdout.write(`${text}\n`)
  return 0
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code })
}
