/** Paths and readers for the reference fixtures and data sets shared by several test files. */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')
export const fixturesDir = join(repoRoot, 'test/fixtures')
export const rkmeTableFixturesDir = join(fixturesDir, 'rkme-table')

/** A headered numeric CSV as a row-major Float64Array. */
export function readNumericCsv(path: string): { data: Float64Array; rows: number; d: number; names: string[] } {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/)
  const names = lines[0].split(',')
  const body = lines.slice(1)
  const d = names.length
  const data = new Float64Array(body.length * d)
  body.forEach((line, n) => line.split(',').forEach((value, f) => { data[n * d + f] = Number(value) }))
  return { data, rows: body.length, d, names }
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

export function fixtureExists(path: string): boolean {
  return existsSync(path)
}
