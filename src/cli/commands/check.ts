/**
 * `learnware-dock check <pkg.zip> [--json]` — runs the learnware checker on a package without adding it
 * to a dock: the status (`usable`, `not-runnable`, `invalid`) and every check that ran with its detail.
 * Exits with 1 when the package is invalid, so scripts can gate on it; nothing in the package is executed
 * except an ONNX model, in onnxruntime, on rows herded from its own specification.
 *
 * Example:
 *   learnware-dock check iris.zip
 *   // iris.zip: usable
 *   //   ✓ semantic      The semantic specification passes Beimingwu’s checks
 *   //   …
 */

import { basename } from 'node:path'
import { checkLearnwarePackage, type CheckOutcome, type LearnwareCheckReport, type LearnwareStatus } from '../../engine/check'
import { readLearnwarePackage } from '../../engine/learnware'
import { OnnxModelCache } from '../../engine/runtime'
import { positionals, type ParsedCommand } from '../args'

export interface CheckCommandResult {
  file: string
  name: string | null
  status: LearnwareStatus
  reasons: string[]
  checks: CheckOutcome[]
}

export async function checkCommand(command: ParsedCommand): Promise<CheckCommandResult> {
  const [zipPath] = positionals(command, 1, 'learnware-dock check <pkg.zip>')
  const pkg = await readLearnwarePackage(zipPath, { label: basename(zipPath) })
  const cache = new OnnxModelCache({ maxModels: 1 })
  try {
    const report = await checkLearnwarePackage(pkg, { cache })
    const name = pkg.semanticSpec?.Name?.Values
    return { file: zipPath, name: typeof name === 'string' ? name : null, ...report }
  } finally {
    await cache.dispose()
  }
}

export function describeCheck(result: CheckCommandResult): string {
  return `${basename(result.file)}: ${result.status}\n${describeChecks(result)}`
}

/** One line per check: ✓/✗, its name, what was found. */
export function describeChecks(report: Pick<LearnwareCheckReport, 'checks'>): string {
  const width = Math.max(...report.checks.map((c) => c.name.length))
  return report.checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.name.padEnd(width)}  ${c.detail}`).join('\n')
}

export function checkExitCode(status: LearnwareStatus): number {
  return status === 'invalid' ? 1 : 0
}
