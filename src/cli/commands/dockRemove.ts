/**
 * `learnware-dock dock rm <id> [--dock DIR] [--json]` — removes a learnware (its id is never reused; the
 * package file goes when no other learnware uses it). Beimingwu origin ids work too.
 *
 * Example:
 *   learnware-dock dock rm lwd-00000003
 */

import { positionals, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'

export interface DockRemoveResult {
  removed: string
  name: string
}

export async function dockRemoveCommand(command: ParsedCommand): Promise<DockRemoveResult> {
  const [id] = positionals(command, 1, 'learnware-dock dock rm <id> [--dock DIR]')
  return withDock(command, async (dock) => {
    const entry = dock.get(id)
    await dock.remove(entry.id)
    return { removed: entry.id, name: entry.name }
  })
}

export function describeDockRemove(result: DockRemoveResult): string {
  return `Removed ${result.removed}${result.name ? ` ("${result.name}")` : ''}`
}
