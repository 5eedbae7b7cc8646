/**
 * The engine host: everything the handlers work on, owned in one place — the dock (one connection for
 * quick reads and removals), the tables, specs and outputs the UI refers to by id, the jobs and the event
 * bus. The Electron main process and the web server each create one; tests create one per dock folder.
 * Long work goes to job workers (`runTask`); the host thread only answers.
 *
 * Example:
 *   const host = await EngineHost.open({ dockDir, mode: 'web', version: '0.1.0', workerEntry, starterDir })
 *   const handlers = createHandlers(host)
 *   …
 *   await host.close()
 */

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { DataOptions, DatasetView, ImageSetView, SpecSummary, TextSetView } from '../shared/api'
import type { LoadedTable } from '../engine/data'
import type { ImageBatch } from '../engine/data/images'
import { openDock, type Dock } from '../engine/dock'
import type { RkmeTableSpec } from '../engine/spec'
import { AsyncMutex } from './asyncMutex'
import { consoleLogger, type Logger } from './errors'
import { EventBus } from './eventBus'
import { JobManager } from './jobs/jobManager'
import type { TaskInput, TaskName, TaskOutput } from './jobs/tasks'
import { runWorkerTask, type WorkerTaskOptions } from './jobs/workerRunner'
import { Registry } from './registry'

export interface EngineHostOptions {
  dockDir: string
  mode: 'desktop' | 'web'
  version: string
  /** The built job worker, out/server/jobWorker.cjs. */
  workerEntry: string
  /** Seed the dock from this starter folder on its first launch (a job); null or absent: no seeding. */
  starterDir?: string | null
  log?: Logger
  maxConcurrentJobs?: number
}

export interface OpenDataset {
  /** The file read (a temporary copy for uploaded bytes). */
  path: string
  fileName: string
  /** True when `path` is our temporary copy, removed when the data set is closed. */
  temporary: boolean
  options: DataOptions
  table: LoadedTable
  view: DatasetView
}

/** Images the user opened (`imagesOpen`): the batch as loaded, for the image search and packing. */
export interface OpenImageSet {
  images: ImageBatch
  /** Each image's class (its sub-folder), or null for unlabelled images. */
  labels: string[] | null
  view: ImageSetView
}

/** Texts the user opened (`textsOpen`): the strings of one column, for the text search; the file, for packing. */
export interface OpenTextSet {
  texts: string[]
  /** The file read (a temporary copy for uploaded bytes, removed with the text set). */
  path: string
  temporary: boolean
  view: TextSetView
}

export interface StoredSpec {
  spec: RkmeTableSpec
  summary: SpecSummary
}

export interface StoredOutput {
  fileName: string
  mediaType: string
  bytes: Uint8Array
}

export class EngineHost {
  readonly bus = new EventBus()
  readonly jobs: JobManager
  readonly datasets = new Registry<OpenDataset>('ds', {
    capacity: 6, what: 'open data set', redo: 'Open the CSV again.',
    onDrop: (dataset) => dataset.temporary && rmSync(dirname(dataset.path), { recursive: true, force: true })
  })
  readonly imageSets = new Registry<OpenImageSet>('img', {
    capacity: 3, what: 'open image set', redo: 'Open the images again.', sizeOf: (set) => set.images.data.byteLength, maxBytes: 1024 * 1024 * 1024
  })
  readonly textSets = new Registry<OpenTextSet>('txt', {
    capacity: 4, what: 'open text set', redo: 'Open the texts again.',
    onDrop: (set) => set.temporary && rmSync(dirname(set.path), { recursive: true, force: true })
  })
  readonly specs = new Registry<StoredSpec>('spec', { capacity: 20, what: 'specification', redo: 'Make the specification again.' })
  readonly outputs = new Registry<StoredOutput>('out', {
    capacity: 50, what: 'output', redo: 'Make it again, then save it.', sizeOf: (output) => output.bytes.byteLength, maxBytes: 512 * 1024 * 1024
  })
  readonly log: Logger
  starterJobId: string | null = null
  private readonly dockLock = new AsyncMutex()
  private readonly tempDir: string
  private closed = false

  private constructor(readonly options: EngineHostOptions, readonly dock: Dock) {
    this.log = options.log ?? consoleLogger
    this.jobs = new JobManager(this.bus, { maxConcurrent: options.maxConcurrentJobs ?? 2, log: this.log })
    this.tempDir = mkdtempSync(join(tmpdir(), 'learnware-dock-'))
  }

  static async open(options: EngineHostOptions): Promise<EngineHost> {
    const dock = await openDock(options.dockDir)
    const host = new EngineHost(options, dock)
    if (options.starterDir) host.startStarterSeed(options.starterDir)
    return host
  }

  get dockDir(): string {
    return this.dock.dir
  }

  /** Runs an engine task in a job worker. */
  runTask<T extends TaskName>(task: T, input: TaskInput<T>, options: WorkerTaskOptions = {}): Promise<TaskOutput<T>> {
    return runWorkerTask(this.options.workerEntry, task, input, options)
  }

  /**
   * Runs work that opens the dock folder in a worker, one at a time (opening a dock clears its staging
   * folder, which must not race another worker's import).
   */
  withDockFolder<T>(progress: (fraction: number, detail: string | null) => void, work: () => Promise<T>): Promise<T> {
    return this.dockLock.run(work, () => progress(0, 'Waiting for another dock job to finish'))
  }

  /** A path for an uploaded file inside this host's temporary folder, keeping its name (messages show it). */
  temporaryPath(fileName: string): string {
    const folder = join(this.tempDir, `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`)
    mkdirSync(folder)
    return join(folder, fileName)
  }

  addOutput(output: StoredOutput): string {
    return this.outputs.add(output)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.jobs.shutdown()
    this.datasets.clear()
    this.imageSets.clear()
    this.textSets.clear()
    this.dock.close()
    rmSync(this.tempDir, { recursive: true, force: true })
  }

  private startStarterSeed(starterDir: string): void {
    const ticket = this.jobs.start('starterSeed', {
      run: async ({ signal, progress }) => {
        const seeded = await this.withDockFolder(progress, () => this.runTask('seedStarter', { dockDir: this.dockDir, starterDir }, { signal, onProgress: progress }))
        if (seeded.added.length > 0) this.bus.emit('dockChanged', { reason: 'seed', ids: seeded.added })
        return { added: seeded.added.length, skipped: seeded.skipped, alreadySeeded: seeded.alreadySeeded }
      }
    })
    this.starterJobId = ticket.jobId
  }
}
