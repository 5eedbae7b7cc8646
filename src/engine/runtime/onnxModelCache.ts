/**
 * Keeps recently used ONNX sessions alive, keyed by the sha256 of the model bytes, so searching and reusing
 * many learnwares does not rebuild a session per call, while an LRU cap bounds native memory. Evicted or
 * disposed models release their sessions (after runs in flight); loading the same bytes again makes a new one.
 * Concurrent loads of the same bytes share one session. Models still loading are never evicted (the cache
 * may briefly exceed its cap); a model evicted after `load` returned it fails `predict` with MODEL_RUN_FAILED,
 * so keep `maxModels` at least as large as the number of models used at the same time, or use `use()`,
 * which pins the model while the work runs.
 *
 * Example:
 *   const cache = new OnnxModelCache({ maxModels: 4 })
 *   const model = await cache.load(bytes, { source: 'learnware 00042' })
 *   const out = await model.predict(features, rows, cols)
 *   const same = await cache.use(bytes, (m) => m.predict(features, rows, cols))   // pinned while it runs
 *   await cache.dispose()                     // releases every session
 */

import { sha256Hex } from './describeModel'
import { loadOnnxModel, type LoadOptions, type OnnxModel } from './onnxRunner'
import type { OnnxSessionOptions } from './onnxSession'

export interface OnnxModelCacheOptions {
  /** Most sessions kept alive at once (default 8). */
  maxModels?: number
  sessionOptions?: OnnxSessionOptions
}

export class OnnxModelCache {
  readonly maxModels: number
  private readonly sessionOptions?: OnnxSessionOptions
  /** Insertion order = recency order (oldest first). */
  private readonly entries = new Map<string, Promise<OnnxModel>>()
  private readonly loaded = new Set<string>()
  /** Models in use through `use()`, by sha256 → number of users. */
  private readonly pins = new Map<string, number>()

  constructor(options: OnnxModelCacheOptions = {}) {
    this.maxModels = Math.max(1, options.maxModels ?? 8)
    this.sessionOptions = options.sessionOptions
  }

  get size(): number {
    return this.entries.size
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256)
  }

  /** The cached model for these bytes, or a freshly loaded one (MODEL_INVALID when they are not a usable model). */
  load(bytes: Uint8Array, options: Omit<LoadOptions, 'sessionOptions'> = {}): Promise<OnnxModel> {
    return this.loadKeyed(sha256Hex(bytes), bytes, options)
  }

  /**
   * Runs `work` with the model for these bytes, which stays pinned (never evicted) until `work` settles: the
   * safe way to use more models at once than `maxModels`.
   */
  async use<T>(bytes: Uint8Array, work: (model: OnnxModel) => Promise<T>, options: Omit<LoadOptions, 'sessionOptions'> = {}): Promise<T> {
    const sha256 = sha256Hex(bytes)
    this.pins.set(sha256, (this.pins.get(sha256) ?? 0) + 1)
    try {
      return await work(await this.loadKeyed(sha256, bytes, options))
    } finally {
      const remaining = (this.pins.get(sha256) ?? 1) - 1
      if (remaining > 0) this.pins.set(sha256, remaining)
      else this.pins.delete(sha256)
      this.evictOverflow()
    }
  }

  private async loadKeyed(sha256: string, bytes: Uint8Array, options: Omit<LoadOptions, 'sessionOptions'>): Promise<OnnxModel> {
    const cached = this.entries.get(sha256)
    if (cached) {
      this.entries.delete(sha256)
      this.entries.set(sha256, cached)
      return cached
    }
    const loading = loadOnnxModel(bytes, { ...options, sessionOptions: this.sessionOptions }).then((model) => {
      model.onDispose = () => {
        if (this.entries.get(sha256) === loading) this.forget(sha256)
      }
      if (this.entries.get(sha256) === loading) this.loaded.add(sha256)
      this.evictOverflow(sha256)
      return model
    })
    this.entries.set(sha256, loading)
    loading.catch(() => {
      if (this.entries.get(sha256) === loading) this.forget(sha256)
    })
    this.evictOverflow()
    return loading
  }

  /** Releases one model's session (after its runs in flight). */
  async evict(sha256: string): Promise<void> {
    const entry = this.entries.get(sha256)
    if (!entry) return
    this.forget(sha256)
    await releaseEntry(entry)
  }

  /** Releases every session; the cache stays usable. */
  async dispose(): Promise<void> {
    const all = [...this.entries.values()]
    this.entries.clear()
    this.loaded.clear()
    await Promise.all(all.map(releaseEntry))
  }

  private forget(sha256: string): void {
    this.entries.delete(sha256)
    this.loaded.delete(sha256)
  }

  /** Drops the least recently used loaded, unpinned models (never `keep`, just handed out) until the cap holds. */
  private evictOverflow(keep?: string): void {
    for (const [sha256, entry] of this.entries) {
      if (this.entries.size <= this.maxModels) return
      if (!this.loaded.has(sha256) || sha256 === keep || this.pins.has(sha256)) continue
      this.forget(sha256)
      releaseEntry(entry).catch(() => undefined) // a failed release of an evicted session leaves nothing to do
    }
  }
}

async function releaseEntry(entry: Promise<OnnxModel>): Promise<void> {
  const model = await entry.catch(() => null)
  await model?.dispose()
}
