/**
 * Rows of a source data set as a CSV text and as the engine's `LoadedTable`: the training table a learnware is
 * packed with, and the user tasks written next to the dock. The target column holds the class *names*
 * ("digit 3", "malignant"), so a trained model's class list, its package's Output.Description and a user
 * task's labels all read the same; regression targets stay numbers. Parsing goes through the real table
 * loader, so the learnware sees its data exactly as a user's CSV would be seen.
 *
 * Example:
 *   const csv = subsetCsv(source, [0, 5, 9])           // 'sepal_length_cm,…,target\n5.1,…,setosa\n…'
 *   const table = subsetTable(source, rows, 'iris-setosa-vs-versicolor.csv')
 *   table.target!.classes                              // ['setosa', 'versicolor']
 */

import { parseTableText, type LoadedTable } from '../../src/engine/data'
import type { SourceData } from './sourceData'

export function targetText(source: SourceData, row: number): string {
  return source.labels ? source.dataset.classNames![source.labels[row]] : source.targetCells[row]
}

export function subsetCsv(source: SourceData, rows: readonly number[]): string {
  const lines = [[...source.featureNames, 'target'].join(',')]
  for (const row of rows) lines.push([...source.featureCells[row], targetText(source, row)].join(','))
  return `${lines.join('\n')}\n`
}

export function subsetTable(source: SourceData, rows: readonly number[], label: string): LoadedTable {
  return parseTableText(subsetCsv(source, rows), {
    source: label,
    hasHeader: true,
    delimiter: ',',
    target: 'target',
    targetTask: source.dataset.task === 'Regression' ? 'regression' : 'classification'
  })
}
