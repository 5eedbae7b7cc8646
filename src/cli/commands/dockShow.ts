/**
 * `learnware-dock dock show <id> [--dock DIR] [--json]` — everything the dock knows about one learnware:
 * its semantic spec, what each input and output means, a summary of its statistical spec (K points of d
 * features, kernel width γ), its status and the reason, and the files in its package.
 *
 * Example:
 *   learnware-dock dock show lwd-00000001 --json
 *   // {"id":"lwd-00000001","name":"Iris species",…,"spec":{"type":"RKMETableSpecification","k":100,…},"files":[…]}
 */

import type { DockEntry, DockStatus } from '../../engine/dock'
import { readLearnwarePackage, type PackageFile, type StatSpecType } from '../../engine/learnware'
import type { FeatureDescription, SemanticSpec } from '../../engine/spec/semantic'
import { positionals, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { formatBytes, formatNumber, shortList, textTable } from '../textTable'

export interface SpecSummary {
  type: StatSpecType
  /** Table specs only: reduced-set size, features per row, kernel width, rows the spec was made from. */
  k?: number
  featuresPerRow?: number
  gamma?: number
  numPoints?: number
}

export interface DockShowResult {
  id: string
  originId: string | null
  name: string
  description: string
  dataType: string | null
  task: string | null
  library: string | null
  license: string | null
  scenarios: string[]
  status: DockStatus
  statusReason: string
  semanticSpec: SemanticSpec
  input: FeatureDescription | null
  output: FeatureDescription | null
  spec: SpecSummary
  files: PackageFile[]
  packageSha256: string
  packageSize: number
  createdAt: string
  updatedAt: string
}

export async function dockShowCommand(command: ParsedCommand): Promise<DockShowResult> {
  const [id] = positionals(command, 1, 'learnware-dock dock show <id> [--dock DIR]')
  return withDock(command, async (dock) => {
    const entry = dock.get(id)
    const pkg = await readLearnwarePackage(await dock.packageBytes(entry.id), { label: entry.id })
    return toShowResult(entry, pkg.files)
  })
}

function toShowResult(entry: DockEntry, files: PackageFile[]): DockShowResult {
  const spec: SpecSummary = entry.statSpec
    ? { type: entry.statSpecType, k: entry.statSpec.k, featuresPerRow: entry.statSpec.featuresPerRow, gamma: entry.statSpec.gamma, numPoints: entry.statSpec.numPoints }
    : { type: entry.statSpecType }
  return {
    id: entry.id,
    originId: entry.originId,
    name: entry.name,
    description: entry.description,
    dataType: entry.dataType,
    task: entry.task,
    library: entry.library,
    license: entry.license,
    scenarios: entry.scenarios,
    status: entry.status,
    statusReason: entry.statusReason,
    semanticSpec: entry.semanticSpec,
    input: entry.inputDescription,
    output: entry.outputDescription,
    spec,
    files,
    packageSha256: entry.packageSha256,
    packageSize: entry.packageSize,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt
  }
}

export function describeDockShow(result: DockShowResult): string {
  const origin = result.originId ? ` (Beimingwu ${result.originId})` : ''
  const lines = [
    `${result.id}${origin}  ${result.name}`,
    `  ${result.description}`,
    `  Data ${result.dataType ?? '—'} · Task ${result.task ?? '—'} · Library ${result.library ?? '—'} · License ${result.license ?? '—'} · Scenarios ${result.scenarios.join(', ') || '—'}`,
    `  Status: ${result.status}${result.statusReason ? ` — ${result.statusReason}` : ''}`,
    `  Inputs: ${describeBlock(result.input)}`,
    `  Outputs: ${describeBlock(result.output)}`,
    `  Specification: ${describeSpec(result.spec)}`,
    `  Package: ${formatBytes(result.packageSize)}, sha256 ${result.packageSha256.slice(0, 16)}…`,
    '',
    textTable(['FILE', 'SIZE'], result.files.map((f) => [f.name, formatBytes(f.size)])).replace(/^/gm, '  ')
  ]
  return lines.join('\n')
}

function describeBlock(block: FeatureDescription | null): string {
  if (!block) return 'not described'
  const names = Array.from({ length: block.Dimension }, (_, i) => block.Description[String(i)] ?? `(${i} not described)`)
  return `${block.Dimension} — ${shortList(names)}`
}

function describeSpec(spec: SpecSummary): string {
  if (spec.k === undefined) return spec.type
  return `${spec.type}, K = ${spec.k} points of d = ${spec.featuresPerRow} features, γ = ${formatNumber(spec.gamma ?? null)}, made from ${spec.numPoints} rows`
}
