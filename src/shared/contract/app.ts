/**
 * About the app and the words of Beimingwu's semantic specification (the upload wizard's choices and the
 * search filters). The vocabulary comes from the engine at run time so the UI can never drift from it.
 *
 * Example:
 *   const { tasks, scenarios } = await api.vocabularyGet()   // ['Classification', …], ['Business', …]
 */

export interface AppInfo {
  name: string
  version: string
  /** Where the engine runs, e.g. `node v24.21.0` — shown in the About box. */
  runtime: string
  /** `desktop`: Electron (api.desktop is there); `web`: the same UI served on 127.0.0.1. */
  mode: 'desktop' | 'web'
  /** The dock folder in use. */
  dockDir: string
  /** The starter dock seeding started at launch: its job, to follow on a splash screen (null: none). */
  starterJobId: string | null
}

export interface SemanticVocabulary {
  dataTypes: string[]
  tasks: string[]
  libraries: string[]
  scenarios: string[]
  licenses: string[]
  /** Tasks the Submit wizard can pack (ONNX models on tables). */
  packTasks: string[]
  /** Learnware statuses in the dock, for the status filter. */
  statuses: string[]
}
