/**
 * The `learnware-dock` command line. It parses arguments, calls the engine and prints — nothing else.
 * Results go to stdout (one JSON line with --json), progress and errors to stderr; exit code 0 on success,
 * 1 on a problem with the input (or a package the checker finds invalid), 2 on a usage error, 3 on an
 * unexpected internal error.
 *
 * Example:
 *   learnware-dock spec table wine.csv --target target --out wine.json --json
 *   learnware-dock pack --model m.onnx --data train.csv --target y --name "My model" --task Classification --out m.zip
 *   learnware-dock dock add m.zip && learnware-dock search --data mine.csv --target y
 *   learnware-dock reuse preview --data mine.csv --target y --from-search --curve
 *   learnware-dock export --data mine.csv --target y --method averaging --ids lwd-00000001,lwd-00000002 --out b.zip
 *   learnware-dock run-bundle b.zip new.csv --out predictions.csv
 */

import { resolve } from 'node:path'
import { defaultDockDir } from '../engine/dock'
import { describeError, isLearnwareError, LearnwareError } from '../engine/errors'
import { parseCommand, type ParsedCommand } from './args'
import { checkCommand, checkExitCode, describeCheck } from './commands/check'
import { demoCommand, describeDemo } from './commands/demo'
import { describeDockAdd, dockAddCommand } from './commands/dockAdd'
import { describeDockList, dockListCommand } from './commands/dockList'
import { describeDockRemove, dockRemoveCommand } from './commands/dockRemove'
import { describeDockShow, dockShowCommand } from './commands/dockShow'
import { describeExport, exportCommand } from './commands/export'
import { describePack, packCommand } from './commands/pack'
import { describePackMedia, isMediaPack, packMediaCommand } from './commands/packMedia'
import { describePredict, predictCommand } from './commands/predict'
import { reusePreviewCommand } from './commands/reusePreview'
import { describeReusePreview } from './commands/reuseReport'
import { describeRunBundle, runBundleCommand } from './commands/runBundle'
import { describeSearch, searchCommand } from './commands/search'
import { specDistCommand } from './commands/specDist'
import { describeSpecTable, specTableCommand } from './commands/specTable'
import { describeSpecText, specTextCommand } from './commands/specText'
import { describeSpecImage, specImageCommand } from './commands/specImage'
import { describeMediaSearch, isMediaSearch, searchMediaCommand } from './commands/searchMedia'
import { describePredictText, predictTextCommand } from './commands/predictText'
import { describePredictImage, predictImageCommand } from './commands/predictImage'

const help = (): string => `learnware-dock — find and reuse learnwares on your own data, privately.

Usage:
  learnware-dock pack --model <model.onnx> --data <train.csv> --target COL --name NAME
                 --task Classification|Regression --out <pkg.zip> [--scenario a,b] [--license L]
                 [--library L] [--description TEXT] [--gamma 0.1|auto] [--k 100] [--seed 0]
                 [--ignore a,b] [--max-rows 200000] [--json]
  learnware-dock pack --model <model.onnx> --images <folder> --name NAME --out <pkg.zip> [--classes a,b] [--k 50]
                 (an image classifier over [N, C, H, W] pixels; one sub-folder of training images per class)
  learnware-dock pack --model <model.onnx> --data <texts.csv> --text-column C --target LABEL --name NAME
                 --out <pkg.zip> [--embedder-model DIR] [--gamma 0.1] (a classifier over the texts' embedding)
  learnware-dock check <pkg.zip> [--json]                      exit code 1 when invalid
  learnware-dock dock add <pkg.zip> [--dock DIR] [--json]
  learnware-dock dock list [--status S] [--task T] [--data-type T] [--name TEXT] [--dock DIR] [--json]
  learnware-dock dock show <id> [--dock DIR] [--json]
  learnware-dock dock rm <id> [--dock DIR] [--json]
  learnware-dock search [--data <data.csv> [--target COL] | --spec <spec.json>] [--name TEXT]
                 [--task T] [--data-type T] [--scenario S] [--library L] [--license L]
                 [--limit N] [--mixture greedy|auto|none] [--dock DIR] [--json]
  learnware-dock predict <id> <data.csv> [--out preds.csv] [--target COL] [--ignore a,b]
                 [--dock DIR] [--json]
  learnware-dock reuse preview --data <data.csv> --target COL (--ids a,b | --from-search [--limit 3])
                 [--labelled 100] [--repeats 5] [--methods single,averaging,job-selector,
                 ensemble-pruning,feature-augment] [--seed 0] [--curve] [--dock DIR] [--json]
  learnware-dock export --data <data.csv> --target COL --method single|averaging|job-selector|
                 ensemble-pruning|feature-augment (--ids a,b | --from-search) --out <bundle.zip>
                 [--labelled N] [--repeats 5] [--seed 0] [--name TEXT] [--dock DIR] [--json]
  learnware-dock run-bundle <bundle.zip> <data.csv> [--out preds.csv] [--json]
  learnware-dock spec table <data.csv> --out <spec.json> [--target COL] [--ignore a,b]
                 [--k 100] [--gamma 0.1] [--seed 0] [--max-rows 200000] [--json]
  learnware-dock spec text <texts.csv | folder> --out <spec.json> [--column C] [--embedder-model DIR]
                 [--k 100] [--seed 0] [--json]
  learnware-dock spec image <folder> --out <spec.json> [--k 50] [--seed 0] [--json]
  learnware-dock search --data <texts.csv> --text-column C [--embedder-model DIR] | --images DIR  (text / image learnwares)
  learnware-dock predict <id> <texts.csv> --text-column C [--out preds.csv]   (text learnwares: raw strings)
  learnware-dock predict <id> --images DIR [--out preds.csv]   (image learnwares: a folder, or an IDX file)
  learnware-dock reuse preview --images DIR|IDX [--classes a,b] (--ids a,b | --from-search) [...]
  learnware-dock reuse preview --data <texts.csv> --text-column C --target L (--ids a,b | --from-search) [...]
                 (image / text learnwares)
  learnware-dock export --images DIR|IDX [--classes a,b] | --data <texts.csv> --text-column C --target L
                 [--embedder-model DIR] --method M (--ids a,b | --from-search) --out <bundle.zip> [...]
                 (a bundle that runs on raw images / texts: node predict.mjs --images DIR | --texts f.csv)
  learnware-dock spec dist <a.json> <b.json> [--json]
  learnware-dock demo
  learnware-dock --help | --version

  --dock DIR   the dock folder (default ${defaultDockDir()})
  --json       print the result as one line of JSON
  Lists (--scenario, --task … in search) are comma-separated; vocabulary values ignore case.`

interface RunResult {
  text: string
  json: unknown
  /** Non-zero when the command succeeded but its answer is a failure (an invalid package). */
  exitCode?: number
}

type Runner = (command: ParsedCommand) => Promise<RunResult>

const COMMANDS: Record<string, Runner> = {
  'spec table': async (command) => {
    const summary = await specTableCommand(command)
    return { text: describeSpecTable(summary), json: summary }
  },
  'spec text': async (command) => {
    const summary = await specTextCommand(command)
    return { text: describeSpecText(summary), json: summary }
  },
  'spec image': async (command) => {
    const summary = await specImageCommand(command)
    return { text: describeSpecImage(summary), json: summary }
  },
  'spec dist': async (command) => {
    const result = await specDistCommand(command)
    return { text: String(result.mmd2), json: result }
  },
  pack: async (command) => {
    if (isMediaPack(command)) {
      const media = await packMediaCommand(command)
      return { text: describePackMedia(media), json: media, exitCode: checkExitCode(media.status) }
    }
    const result = await packCommand(command)
    return { text: describePack(result), json: result, exitCode: checkExitCode(result.status) }
  },
  check: async (command) => {
    const result = await checkCommand(command)
    return { text: describeCheck(result), json: result, exitCode: checkExitCode(result.status) }
  },
  'dock add': async (command) => {
    const result = await dockAddCommand(command)
    return { text: describeDockAdd(result), json: result }
  },
  'dock list': async (command) => {
    const result = await dockListCommand(command)
    return { text: describeDockList(result), json: result }
  },
  'dock show': async (command) => {
    const result = await dockShowCommand(command)
    return { text: describeDockShow(result), json: result }
  },
  'dock rm': async (command) => {
    const result = await dockRemoveCommand(command)
    return { text: describeDockRemove(result), json: result }
  },
  search: async (command) => {
    if (isMediaSearch(command)) {
      const media = await searchMediaCommand(command)
      return { text: describeMediaSearch(media), json: media }
    }
    const result = await searchCommand(command)
    return { text: describeSearch(result), json: result }
  },
  predict: async (command) => {
    if (command.values.images !== undefined) {
      const images = await predictImageCommand(command)
      return { text: describePredictImage(images), json: images }
    }
    if (command.values['text-column'] !== undefined) {
      const texts = await predictTextCommand(command)
      return { text: describePredictText(texts), json: texts }
    }
    const result = await predictCommand(command)
    return { text: describePredict(result), json: result }
  },
  'reuse preview': async (command) => {
    const result = await reusePreviewCommand(command)
    return { text: describeReusePreview(result), json: result }
  },
  export: async (command) => {
    const result = await exportCommand(command)
    return { text: describeExport(result), json: result }
  },
  'run-bundle': async (command) => {
    const result = await runBundleCommand(command)
    return { text: describeRunBundle(result), json: result }
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
    if (command.values.help || command.path.length === 0) return print(help())
    const runner = COMMANDS[command.path.join(' ')]
    if (!runner) throw new LearnwareError('USAGE', `Unknown command "${command.path.join(' ')}"`, { hint: 'Run learnware-dock --help' })
    const result = await runner(command)
    print(command.values.json ? JSON.stringify(result.json) : result.text)
    return result.exitCode ?? 0
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
