/**
 * `appInfo` and `vocabularyGet`: what the About box and the semantic wizard need. The vocabulary is the
 * engine's own (Beimingwu's `semantic_config`), so the UI's choices can never drift from the checker's.
 */

import type { HandlerImplementations } from '../../shared/api'
import { DOCK_STATUSES } from '../../engine/dock'
import { DATA_TYPES, LIBRARY_TYPES, LICENSES, SCENARIOS, TASK_TYPES } from '../../engine/spec/semantic'
import { PACK_TASKS } from '../../shared/api'
import type { EngineHost } from '../engineHost'

export function appHandlers(host: EngineHost): Pick<HandlerImplementations, 'appInfo' | 'vocabularyGet'> {
  return {
    appInfo: async () => ({
      name: 'Learnware Dock',
      version: host.options.version,
      runtime: process.versions.electron ? `Electron ${process.versions.electron}, node ${process.version}` : `node ${process.version}`,
      mode: host.options.mode,
      dockDir: host.dockDir,
      starterJobId: host.starterJobId
    }),
    vocabularyGet: async () => ({
      dataTypes: [...DATA_TYPES],
      tasks: [...TASK_TYPES],
      libraries: [...LIBRARY_TYPES],
      scenarios: [...SCENARIOS],
      licenses: [...LICENSES],
      packTasks: [...PACK_TASKS],
      statuses: [...DOCK_STATUSES]
    })
  }
}
