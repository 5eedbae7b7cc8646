import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseRkmeTableSpec } from '../../src/engine/spec'
import { runCli } from '../helpers/cli'
import { repoRoot } from '../helpers/fixtures'
import { ensureFreshCli } from './freshCli'

const wine = join(repoRoot, 'resources/samples/wine.csv')
let dir: string

beforeAll(() => {
  ensureFreshCli()
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-'))
})

describe('learnware-dock spec table', () => {
  it('prints a one-line JSON summary and writes a Beimingwu-shaped spec', () => {
    const out = join(dir, 'wine.json')
    const result = runCli(['spec', 'table', wine, '--target', 'target', '--out', out, '--json'])
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout.trim())
    expect(summary).toMatchObject({ rows: 178, features: 13, k: 100, out, sampled: false })
    expect(summary.seconds).toBeGreaterThan(0)
    const json = JSON.parse(readFileSync(out, 'utf8'))
    expect(Object.keys(json)).toEqual(['z', 'beta', 'gamma', 'num_points', 'type'])
    const spec = parseRkmeTableSpec(json)
    expect(spec.featuresPerRow).toBe(13)
    expect(spec.beta.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
  })

  it('is reproducible: same seed, same file; spec dist of the two is 0', () => {
    const a = join(dir, 'a.json')
    const b = join(dir, 'b.json')
    expect(runCli(['spec', 'table', wine, '--target', 'target', '--out', a, '--seed', '3']).code).toBe(0)
    expect(runCli(['spec', 'table', wine, '--target', 'target', '--out', b, '--seed', '3']).code).toBe(0)
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'))
    const dist = runCli(['spec', 'dist', a, b, '--json'])
    expect(JSON.parse(dist.stdout)).toEqual({ mmd2: 0 })
  })

  it('samples big inputs when asked and says so', () => {
    const out = join(dir, 'sampled.json')
    const result = runCli(['spec', 'table', wine, '--target', 'target', '--out', out, '--max-rows', '60', '--json'])
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 60, totalRows: 178, sampled: true, k: 40 })
    expect(parseRkmeTableSpec(JSON.parse(readFileSync(out, 'utf8'))).numPoints).toBe(178)
  })

  const badInputs: { name: string; csv: string | null; target?: string; message: RegExp }[] = [
    { name: 'missing file', csv: null, message: /No file at .*missing\.csv/ },
    { name: 'empty CSV', csv: '', message: /empty/ },
    { name: 'header only', csv: 'a,b,target\n', message: /header row but no data rows/ },
    { name: 'ragged rows', csv: 'a,b\n1,2\n3\n4,5\n', message: /line 3 has 1 field, expected 2/ },
    { name: 'an all-missing column', csv: 'a,b,target\n1,,0\n2,NA,1\n3,,0\n', message: /column "b" has no values/ },
    { name: 'an unknown target column', csv: 'a,b\n1,2\n3,4\n', target: 'label', message: /no column named "label"/ }
  ]
  for (const { name, csv, target, message } of badInputs) {
    it(`rejects ${name} with one clear line, no stack trace, exit code 1`, () => {
      const file = join(dir, csv === null ? 'missing.csv' : `${name.replace(/\W+/g, '-')}.csv`)
      if (csv !== null) writeFileSync(file, csv)
      const result = runCli(['spec', 'table', file, '--out', join(dir, 'x.json'), ...(target ? ['--target', target] : [])])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(message)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).not.toMatch(/\bat .*\.(ts|js|cjs):\d+/)
    })
  }

  it('answers usage errors with exit code 2', () => {
    expect(runCli(['spec', 'table', wine]).code).toBe(2)
    expect(runCli(['spec', 'table', wine, '--out', join(dir, 'x.json'), '--k', 'many']).stderr).toMatch(/--k must be a number/)
    expect(runCli(['frobnicate']).code).toBe(2)
  })
})
