/**
 * `learnware-dock dock add <pkg.zip> [--dock DIR] [--json]` — imports a learnware package into the dock.
 * The package is read safely (hostile zips are refused before anything is written) and judged by the real
 * checker; a package that fails the check still enters the dock, marked `invalid` with the reason, so the
 * user sees why (as Beimingwu keeps rejected uploads with their status).
 *
 * Example:
 *   learnware-dock dock add iris.zip --dock ./my-dock
 *   // Added lwd-00000001 to ./my-dock: usable
 */

import { basename } from 'node:path'
import type { DockStatus } from '../../engine/dock'
import { LearnwareError } from '../../engine/errors'
import { positionals, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'

export interface DockAddResult {
  id: string
  status: DockStatus
  /** Why the status is not `usable` (empty when it is). */
  reason: string
  dock: string
}

export async function dockAddCommand(command: ParsedCommand): Promise<DockAddResult> {
  const [zipPath] = positionals(command, 1, 'learnware-dock dock add <pkg.zip> [--dock DIR]')
  return withDock(command, async (dock) => {
    const label = basename(zipPath)
    const added = await dock.add(zipPath, { label, onDuplicate: 'return-existing' })
    if (added.duplicate) {
      throw new LearnwareError('DOCK_CONFLICT', `${label} is already in the dock as ${added.id} (same package bytes)`, {
        hint: `Use ${added.id} as it is, or remove it first with learnware-dock dock rm ${added.id}`
      })
    }
    return { id: added.id, status: added.status, reason: added.reason, dock: dock.dir }
  })
}

export function describeDockAdd(result: DockAddResult): string {
  const reason = result.reason ? `\nReason: ${result.reason}` : ''
  return `Added ${result.id} to ${result.dock}: ${result.status}${reason}`
}
