import { describe, expect, it } from 'vitest'
import { shareRows, stopKernelPool } from '../../../src/engine/math/kernelPool'
import { createRbfKernelRows, rbfKernelModule } from '../../../src/engine/math/rbfKernel'
import { randomMatrix } from '../../helpers/random'


describe('kernel pool: rows shared out over worker threads', () => {
  const rows = 9000
  const d = 6
  const k = 21
  const x = randomMatrix(rows, d, 1)
  const z = randomMatrix(k, d, 2)
  const oneThread = createRbfKernelRows(rbfKernelModule(), x, rows, d)

  it('gives the same chunk partials and weighted rows as one thread, bit for bit', async () => {
    const expectedPartials = oneThread.chunkPartials(z, k, 0.2, 2048, 0, Math.ceil(rows / 2048), true)
    const expectedRows = new Float64Array(rows)
    oneThread.weightedRows(z, k, new Float64Array(k).fill(1 / k), 0.2, expectedRows)
    for (const threads of [2, 3]) {
      const shared = shareRows(x, rows, d, { threads })
      try {
        expect(await shared.chunkPartials(z, k, 0.2, 2048, true)).toEqual(expectedPartials)
        const out = new Float64Array(rows)
        await shared.weightedRows(z, k, new Float64Array(k).fill(1 / k), 0.2, out)
        expect(out).toEqual(expectedRows)
      } finally {
        shared.release()
      }
    }
  })

  it('float32 rows give weighted rows to ~1e-6 and refuse chunk partials', async () => {
    const expected = new Float64Array(rows)
    oneThread.weightedRows(z, k, new Float64Array(k).fill(1 / k), 0.2, expected)
    const shared = shareRows(x, rows, d, { threads: 2, alignRows: 8, precision: 'f32' })
    try {
      const out = new Float64Array(rows)
      await shared.weightedRows(z, k, new Float64Array(k).fill(1 / k), 0.2, out)
      for (let n = 0; n < rows; n++) expect(Math.abs(out[n] - expected[n])).toBeLessThan(1e-5 * Math.max(1e-2, expected[n]))
      await expect(shared.chunkPartials(z, k, 0.2, 8, true)).rejects.toThrow(/float32/)
    } finally {
      shared.release()
    }
  })

  it('a released share is gone from the worker; a new share of the same rows still works', async () => {
    const first = shareRows(x, rows, d, { threads: 2 })
    first.release()
    const out = new Float64Array(rows)
    await first.weightedRows(z, k, new Float64Array(k).fill(1), 0.2, out) // recomputed here after release
    const expected = new Float64Array(rows)
    oneThread.weightedRows(z, k, new Float64Array(k).fill(1), 0.2, expected)
    expect(out).toEqual(expected)
  })
})

describe('kernel pool: a lost worker', () => {
  it('costs nothing but time: its share is recomputed in this thread', async () => {
    const rows = 20_000
    const d = 8
    const x = randomMatrix(rows, d, 3)
    const z = randomMatrix(30, d, 4)
    const expected = createRbfKernelRows(rbfKernelModule(), x, rows, d).chunkPartials(z, 30, 0.1, 2048, 0, Math.ceil(rows / 2048), true)
    const shared = shareRows(x, rows, d, { threads: 2 })
    const pending = shared.chunkPartials(z, 30, 0.1, 2048, true)
    await stopKernelPool() // the worker dies while (or before) it works on its share
    expect(await pending).toEqual(expected)
    expect(await shared.chunkPartials(z, 30, 0.1, 2048, true)).toEqual(expected)
    const fresh = shareRows(x, rows, d, { threads: 2 }) // a new share starts a new worker
    expect(await fresh.chunkPartials(z, 30, 0.1, 2048, true)).toEqual(expected)
    fresh.release()
  })
})
