/**
 * `learnware-dock dock list [--status S] [--task T] [--data-type T] [--name TEXT] [--dock DIR] [--json]` —
 * the learnwares in the dock, oldest first, one line each (JSON: `{"learnwares": [summary…]}`).
 *
 * Example:
 *   learnware-dock dock list --status usable --task classification
 */

import { DOCK_STATUSES, type DockEntrySummary, type ListFilter } from '../../engine/dock'
import { DATA_TYPES, TASK_TYPES } from '../../engine/spec/semantic'
import { choiceListOption, choiceOption, positionals, stringOption, type ParsedCommand } from '../args'
import { withDock } from '../dockAccess'
import { textTable } from '../textTable'

export interface DockListResult {
  dock: string
  learnwares: DockEntrySummary[]
}

export async function dockListCommand(command: ParsedCommand): Promise<DockListResult> {
  positionals(command, 0, 'learnware-dock dock list [--status S] [--task T] [--data-type T] [--name TEXT]')
  const filter: ListFilter = {
    status: choiceListOption(command.values.status, 'status', DOCK_STATUSES),
    task: choiceOption(command.values.task, 'task', TASK_TYPES),
    dataType: choiceOption(command.values['data-type'], 'data-type', DATA_TYPES),
    text: stringOption(command.values.name)
  }
  return withDock(command, async (dock) => ({ dock: dock.dir, learnwares: dock.list(filter) }))
}

export function describeDockList(result: DockListResult): string {
  if (result.learnwares.length === 0) return `No learnwares in ${result.dock} match.`
  const rows = result.learnwares.map((e) => [
    e.id,
    e.status,
    e.task ?? '—',
    e.dataType ?? '—',
    e.featuresPerRow === null ? '—' : String(e.featuresPerRow),
    e.name
  ])
  return textTable(['ID', 'STATUS', 'TASK', 'DATA', 'FEATURES', 'NAME'], rows)
}
