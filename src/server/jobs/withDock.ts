/**
 * A job worker's own connection to the dock folder: opened (with the real checker when the task may add
 * packages), handed to the work, and closed with its ONNX sessions however the work ends.
 *
 * Example (inside the worker):
 *   const result = await withDock(input.dockDir, false, async (dock) => searchDockWithTable(dock, table))
 */

import { dockCheck } from '../../engine/check'
import { openDock, type Dock } from '../../engine/dock'
import { OnnxModelCache } from '../../engine/runtime'

/** Opens the dock (with the real checker when `checked`), runs `work`, closes it and its ONNX sessions. */
export async function withDock<T>(dir: string, checked: boolean, work: (dock: Dock, cache: OnnxModelCache) => Promise<T>): Promise<T> {
  const cache = new OnnxModelCache({ maxModels: 4 })
  try {
    const dock = await openDock(dir, checked ? { check: dockCheck({ cache }) } : {})
    try {
      return await work(dock, cache)
    } finally {
      dock.close()
    }
  } finally {
    await cache.dispose()
  }
}

