import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import { repoRoot } from '../helpers/fixtures'
import { ensureFreshCli } from './freshCli'

const starter = join(repoRoot, 'resources', 'starter-dock')
let dock: string

beforeAll(() => {
  ensureFreshCli()
  dock = mkdtempSync(join(tmpdir(), 'lw-export-'))
})
afterAll(() => rmSync(dock, { recursive: true, force: true }))

describe('exporting a FeatureAugment solution over large-valued features (breast cancer mean_area ≈ 10³)', () => {
  it('passes verification: the float32 graph centres and scales before the head, as the app does', () => {
    const ids = ['breast-cancer-area-under-400', 'breast-cancer-area-800-plus'].map((slug) => {
      const added = runCli(['dock', 'add', join(starter, 'packages', `${slug}.zip`), '--dock', dock, '--json'])
      expect(added.code, added.stderr).toBe(0)
      return JSON.parse(added.stdout).id as string
    })
    const data = join(starter, 'user-tasks', 'mix-breast-cancer-area-under-400--breast-cancer-area-800-plus.csv')
    const result = runCli(['export', '--dock', dock, '--data', data, '--target', 'target', '--method', 'feature-augment',
      '--ids', ids.join(','), '--out', join(dock, 'bundle.zip'), '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).verification.passed).toBe(true)
  })
})
