import { describe, expect, it } from 'vitest'
import { parseTableText } from '../../../src/engine/data'
import { fitConstantBaseline, gatherFilledRows, labelledColumnMeans, trainScratchBaseline } from '../../../src/engine/reuse/baseline'
import { trainLogisticRegression, trainRidgeRegression } from '../../../src/engine/train'
import { readCsvFixture, splitCsv, userTable } from './previewFixtures'

describe('baselines trained on the labelled rows only', () => {
  const table = parseTableText('a,b,y\n1,10,x\nNA,20,y\n3,NA,x\n100,40,y\n5,50,x\n', { target: 'y' })

  it('fills a missing cell with the mean of the labelled rows, never of the held-out ones', () => {
    const labelled = [0, 1, 2]
    const fill = labelledColumnMeans(table, labelled)
    expect(Array.from(fill)).toEqual([2, 15])
    expect(Array.from(gatherFilledRows(table, [1, 3], fill))).toEqual([2, 20, 100, 40])
    expect(Array.from(labelledColumnMeans(table, [1]))).toEqual([0, 20]) // a column missing in every labelled row → 0
  })

  it('scratch = logistic regression on the imputed labelled rows, over every user class', () => {
    const labelled = [0, 1, 2, 3]
    const scratch = trainScratchBaseline(table, labelled)
    const fill = labelledColumnMeans(table, labelled)
    const reference = trainLogisticRegression({ features: gatherFilledRows(table, labelled, fill), rows: 4, cols: 2, labels: [0, 1, 0, 1] })
    const held = gatherFilledRows(table, [4], fill)
    expect(Array.from(scratch.predict([4]).probabilities!)).toEqual(Array.from(reference.predictProbabilities(held, 1)))
    // one class among the labelled rows: still a two-class model, so its outputs line up with the user's classes
    const oneClass = trainScratchBaseline(table, [0, 2])
    expect(oneClass.predict([1, 4]).probabilities).toHaveLength(4)
    expect(Array.from(oneClass.predict([1, 4]).labels!)).toEqual([0, 0])
  })

  it('scratch = ridge (α = 1) for a numeric target', () => {
    const { train, heldOut } = splitCsv(readCsvFixture('diabetes'), 0.5, 1)
    const user = userTable({ header: train.header, rows: [...train.rows, ...heldOut.rows] }, 'regression')
    const labelled = Array.from({ length: 100 }, (_, i) => i)
    const reference = trainRidgeRegression({ features: gatherFilledRows(user, labelled, labelledColumnMeans(user, labelled)), rows: 100, cols: 10, targets: labelled.map((r) => user.target!.values![r]) })
    const rows = [150, 300]
    expect(Array.from(trainScratchBaseline(user, labelled).predict(rows).values!)).toEqual(Array.from(reference.predict(gatherFilledRows(user, rows, labelledColumnMeans(user, labelled)), 2)))
  })

  it('majority class (ties → the smaller class) and mean target', () => {
    expect(Array.from(fitConstantBaseline(table, [0, 1]).predict([2, 3, 4]).labels!)).toEqual([0, 0, 0])
    const majority = fitConstantBaseline(table, [1, 2, 3])
    expect(Array.from(majority.predict([0]).labels!)).toEqual([1])
    expect(Array.from(majority.predict([0]).probabilities!)).toEqual([1 / 3, 2 / 3])
    const numeric = parseTableText('a,y\n1,2\n2,4\n3,9\n', { target: 'y', targetTask: 'regression' })
    expect(Array.from(fitConstantBaseline(numeric, [0, 1]).predict([2]).values!)).toEqual([3])
  })

  it('refuses a table without a target', () => {
    const bare = parseTableText('a,b\n1,2\n3,4\n')
    expect(() => trainScratchBaseline(bare, [0, 1])).toThrow(/no target column/)
  })
})
