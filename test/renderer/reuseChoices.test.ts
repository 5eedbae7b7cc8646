import { describe, expect, it } from 'vitest'
import type { ReusePreviewResult } from '../../src/shared/api'
import { applicableMethods, bestCandidate, curveSizes, defaultBudget, defaultMethod } from '../../src/renderer/src/stores/reuseChoices'

type Candidate = ReusePreviewResult['candidates'][number]

function ok(id: string, kind: Candidate['kind'], headline: number): Candidate {
  return {
    id, label: id, kind, method: kind === 'reuse' ? 'averaging' : kind === 'scratch' ? 'scratch' : 'majority', learnwareIds: [],
    status: 'ok', metrics: { accuracy: { mean: headline, std: 0, values: [headline] }, rmse: { mean: headline, std: 0, values: [headline] } },
    confusion: null, summary: null, elapsedMs: 1
  }
}

function preview(metric: string, candidates: Candidate[]): ReusePreviewResult {
  return { datasetId: 'ds-1', task: 'classification', classNames: null, usableRows: 10, labelledRows: 5, heldOutRows: 5, repeats: 1, seed: 0, metricNames: [metric], candidates }
}

describe('reuse screen defaults', () => {
  it('offers combining methods only when two or more learnwares are chosen', () => {
    expect(applicableMethods(1)).toEqual(['single', 'feature-augment'])
    expect(applicableMethods(3)).toContain('job-selector')
    expect(defaultMethod(1)).toBe('single')
    expect(defaultMethod(2)).toBe('averaging')
  })

  it('labels at most 100 rows by default and always leaves rows to check the answers', () => {
    expect(defaultBudget(52)).toBe(26)
    expect(defaultBudget(5000)).toBe(100)
    expect(defaultBudget(3)).toBe(2)
    expect(curveSizes(52)).toEqual([10, 20, 30])
    expect(curveSizes(8)).toEqual([4])
  })

  it('picks the best reuse by the headline metric, in the right direction, never scratch or the floor', () => {
    const candidates = [ok('scratch', 'scratch', 0.99), ok('majority', 'baseline', 0.5), ok('a', 'reuse', 0.8), ok('b', 'reuse', 0.9)]
    expect(bestCandidate(preview('accuracy', candidates))?.id).toBe('b')
    expect(bestCandidate(preview('rmse', candidates))?.id).toBe('a')
    const failed: Candidate = { id: 'c', label: 'c', kind: 'reuse', method: 'job-selector', learnwareIds: [], status: 'failed', error: { code: 'X', message: 'no' } }
    expect(bestCandidate(preview('accuracy', [failed, ok('scratch', 'scratch', 1)]))).toBeNull()
  })
})
