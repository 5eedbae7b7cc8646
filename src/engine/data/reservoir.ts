/**
 * Seeded reservoir sampling, so `maxRows` keeps a uniform random subset of a file of unknown length in one
 * pass, and the same seed keeps the same rows on every machine (the PRNG is the engine's seeded
 * xoshiro128** from `math/rng`).
 *
 * Example:
 *   const reservoir = new RowReservoir(1000, 42)
 *   for (let row = 0; row < totalRows; row++) {
 *     const slot = reservoir.slotFor(row)        // where to store this row, or −1 to drop it
 *     if (slot >= 0) store(slot, row)
 *   }
 *   const order = reservoir.slotsInFileOrder()    // slots sorted by the row they hold
 */

import { createRng, type Rng } from '../math/rng'

/** Vitter's Algorithm R: row i (0-based) replaces a random slot with probability capacity / (i + 1). */
export class RowReservoir {
  private readonly rng: Rng
  /** Data-row index held by each slot. */
  readonly rowOfSlot: Uint32Array
  private rowsSeen = 0

  constructor(
    readonly capacity: number,
    seed: number
  ) {
    this.rng = createRng(seed)
    this.rowOfSlot = new Uint32Array(capacity)
  }

  /** Rows must be offered in order 0, 1, 2 … */
  slotFor(row: number): number {
    this.rowsSeen = row + 1
    let slot = row
    if (row >= this.capacity) {
      slot = this.rng.int(row + 1)
      if (slot >= this.capacity) return -1
    }
    this.rowOfSlot[slot] = row
    return slot
  }

  get filledSlots(): number {
    return Math.min(this.rowsSeen, this.capacity)
  }

  /** Slot numbers ordered by the data row they hold, so sampled rows come out in file order. */
  slotsInFileOrder(): Uint32Array {
    const filled = this.filledSlots
    const slots = new Uint32Array(filled)
    for (let i = 0; i < filled; i++) slots[i] = i
    const rows = this.rowOfSlot
    return slots.sort((a, b) => rows[a] - rows[b])
  }
}
