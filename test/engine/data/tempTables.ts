/** A per-file temp folder for generated CSV fixtures, removed after the file's tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect } from 'vitest'
import type { LoadedTable } from '../../../src/engine/data'

export const tabularFixtures = join(import.meta.dirname, '../../fixtures/tabular')

export function useTempTables(): (name: string, content: string | Uint8Array) => string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-data-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return (name, content) => {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }
}

/** Error thrown by `run`, for asserting on code and message. */
export async function caught(run: () => unknown): Promise<{ code?: string; message: string; hint?: string }> {
  try {
    await run()
  } catch (error) {
    return error as { code?: string; message: string; hint?: string }
  }
  throw new Error('expected an error')
}

/** Byte-for-byte equality of typed arrays; vitest's deep equality is far too slow for millions of elements. */
export function sameBytes(a: ArrayBufferView | undefined, b: ArrayBufferView | undefined): boolean {
  if (!a || !b) return a === b
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0
}

/** Two loaded tables hold the same data and reports (the format may differ: file vs string). */
export function expectSameTable(actual: LoadedTable, expected: LoadedTable): void {
  expect(sameBytes(actual.matrix, expected.matrix)).toBe(true)
  expect(sameBytes(actual.target?.codes, expected.target?.codes)).toBe(true)
  expect(sameBytes(actual.target?.values, expected.target?.values)).toBe(true)
  expect(actual.target?.raw.join('\n')).toBe(expected.target?.raw.join('\n'))
  const summary = (t: LoadedTable) => ({
    ...t,
    format: undefined,
    matrix: t.matrix.length,
    target: t.target && { ...t.target, raw: t.target.raw.length, codes: t.target.codes?.length, values: t.target.values?.length }
  })
  expect(summary(actual)).toEqual(summary(expected))
}
