/**
 * How a command reaches the dock: the folder given with `--dock DIR` or else the platform's default
 * (`defaultDockDir()`), opened with the real learnware checker (`dockCheck()`, which runs ONNX models on
 * rows herded from their own specification), and closed again — with its ONNX sessions — however the
 * command ends, so a failed command never leaves the catalog open. The default dock receives the
 * starter learnwares on first use (once; see seedStarterDockOnce), so a new user's search finds something.
 *
 * Example:
 *   const summaries = await withDock(command, async (dock) => dock.list({ status: 'usable' }))
 */

import { dockCheck } from '../engine/check'
import { defaultDockDir, openDock, seedStarterDockOnce, starterDockDir, type Dock } from '../engine/dock'
import { OnnxModelCache } from '../engine/runtime'
import { stringOption, type ParsedCommand } from './args'

export function dockDirOf(command: ParsedCommand): string {
  return stringOption(command.values.dock) ?? defaultDockDir()
}

export async function withDock<T>(command: ParsedCommand, work: (dock: Dock, cache: OnnxModelCache) => Promise<T>): Promise<T> {
  const cache = new OnnxModelCache({ maxModels: 4 })
  try {
    const dock = await openDock(dockDirOf(command), { check: dockCheck({ cache }) })
    try {
      if (stringOption(command.values.dock) === undefined) await seedStarterDockOnce(dock, starterDockDir())
      return await work(dock, cache)
    } finally {
      dock.close()
    }
  } finally {
    await cache.dispose()
  }
}
