/**
 * Things the engine keeps for the UI between calls — opened tables, specs, outputs waiting to be saved —
 * each under a short id (`ds-3`). A registry holds at most `capacity` entries (and, optionally, a byte
 * budget), dropping the least recently used, so a long session cannot grow without bound; a dropped id
 * answers NOT_FOUND with a hint to redo the step.
 *
 * Example:
 *   const datasets = new Registry<OpenDataset>('ds', { capacity: 8, what: 'open data set', redo: 'Open the CSV again.' })
 *   const id = datasets.add(dataset)      // 'ds-1'
 *   datasets.get(id)                      // throws HostError NOT_FOUND when unknown or dropped
 */

import { HostError } from './errors'

export interface RegistryOptions<T> {
  capacity: number
  /** Words for messages: 'open data set'. */
  what: string
  /** Hint when an id is unknown. */
  redo: string
  /** Size of an entry, for `maxBytes`. */
  sizeOf?: (value: T) => number
  maxBytes?: number
  /** Called for an entry that is dropped or deleted (e.g. to remove its temporary file). */
  onDrop?: (value: T) => void
}

export class Registry<T> {
  private readonly entries = new Map<string, T>()
  private next = 1

  constructor(private readonly prefix: string, private readonly options: RegistryOptions<T>) {}

  add(value: T): string {
    return this.addWith(() => value)
  }

  /** Adds the value `make` builds for its new id (for values that carry their own id). */
  addWith(make: (id: string) => T): string {
    const id = `${this.prefix}-${this.next++}`
    this.entries.set(id, make(id))
    this.evict()
    return id
  }

  /** Replaces an entry in place (the id stays). */
  replace(id: string, value: T): void {
    this.get(id)
    this.entries.delete(id)
    this.entries.set(id, value)
    this.evict()
  }

  get(id: string): T {
    const value = this.entries.get(id)
    if (value === undefined) throw new HostError('NOT_FOUND', `No ${this.options.what} with id ${id}`, this.options.redo)
    // Least recently used goes first: a read moves the entry to the end.
    this.entries.delete(id)
    this.entries.set(id, value)
    return value
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  delete(id: string): boolean {
    const value = this.entries.get(id)
    if (value === undefined) return false
    this.entries.delete(id)
    this.options.onDrop?.(value)
    return true
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.delete(id)
  }

  values(): T[] {
    return [...this.entries.values()]
  }

  get size(): number {
    return this.entries.size
  }

  private evict(): void {
    while (this.entries.size > this.options.capacity) this.dropOldest()
    const { sizeOf, maxBytes } = this.options
    if (!sizeOf || maxBytes === undefined) return
    let total = 0
    for (const value of this.entries.values()) total += sizeOf(value)
    while (total > maxBytes && this.entries.size > 1) total -= sizeOf(this.dropOldest())
  }

  private dropOldest(): T {
    const [id, value] = this.entries.entries().next().value as [string, T]
    this.entries.delete(id)
    this.options.onDrop?.(value)
    return value
  }
}
