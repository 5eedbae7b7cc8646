import { describe, expect, it } from 'vitest'
import { checkProbeOutputs } from '../../../src/engine/check'
import type { OnnxClassification, OnnxRegression } from '../../../src/engine/runtime'

function classifierOutput(change: Partial<OnnxClassification>): OnnxClassification {
  return { task: 'classification', rows: 2, labels: Int32Array.from([0, 2]), labelNames: null, probabilities: new Float32Array(6).fill(1 / 3), classCount: 3, ...change }
}

function regressorOutput(values: number[], targetsPerRow: number): OnnxRegression {
  return { task: 'regression', rows: 2, targetsPerRow, values: Float32Array.from(values) }
}

const names = (checks: ReturnType<typeof checkProbeOutputs>) => checks.map((check) => `${check.name}:${check.ok ? 'ok' : 'failed'}`)

describe('checkProbeOutputs', () => {
  it('passes a classifier with one label and C probabilities per row', () => {
    expect(names(checkProbeOutputs(classifierOutput({}), 2, { task: 'classification', outputDimension: 3 }))).toEqual([
      'output-rows:ok', 'output-values:ok', 'output-shape:ok'
    ])
  })

  it('fails a classifier that answers fewer rows than it was asked', () => {
    const [check] = checkProbeOutputs(classifierOutput({ labels: Int32Array.from([0]) }), 2, { task: 'classification', outputDimension: 3 })
    expect(check).toEqual({ name: 'output-rows', ok: false, detail: 'The model returned 1 label for 2 probe rows' })
  })

  it('fails a classifier that gives neither labels nor probabilities', () => {
    const [check] = checkProbeOutputs(classifierOutput({ labels: null, probabilities: null }), 2, { task: 'classification', outputDimension: 3 })
    expect(check.detail).toBe('The model gave neither class labels nor probabilities for 2 probe rows')
  })

  it('fails labels that string-label mapping could not place (−1)', () => {
    const checks = checkProbeOutputs(classifierOutput({ labels: Int32Array.from([0, -1]), probabilities: null, classCount: null }), 2, {
      task: 'classification',
      outputDimension: 3
    })
    expect(checks.find((check) => !check.ok)!.detail).toMatch(/label -1 \(row 2\) is outside \[0, 3\)/)
  })

  it('fails a regressor whose output does not have one row per input (e.g. a batch mean)', () => {
    const [check] = checkProbeOutputs(regressorOutput([1], 0.5), 2, { task: 'regression', outputDimension: 1 })
    expect(check).toMatchObject({ name: 'output-rows', ok: false, detail: 'The model returned 1 value for 2 probe rows (not a whole number of values per row)' })
  })

  it('fails a regressor with the wrong width or infinite values', () => {
    const checks = checkProbeOutputs(regressorOutput([1, 2, Infinity, 4], 2), 2, { task: 'regression', outputDimension: 1 })
    expect(checks.filter((check) => !check.ok).map((check) => check.detail)).toEqual([
      'The model gave non-finite outputs (NaN or ±∞) for 1 of 2 probe rows: values of row 2 is Infinity',
      'The model gives 2 values per row but Output.Dimension is 1'
    ])
  })

  it('fails outputs of the other task', () => {
    const [check] = checkProbeOutputs(regressorOutput([1, 2], 1), 2, { task: 'classification', outputDimension: 3 })
    expect(check.detail).toBe("The task is classification but the model's outputs read as regression")
  })
})
