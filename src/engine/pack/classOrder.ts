/**
 * Which class name goes with which of the model's class indices. The table loader numbers classes by their
 * position in the sorted class list (`target.classes`), and a model trained on `target.codes` (every trainer
 * in engine/train) emits those positions; a converter may instead record its own label order (sklearn-onnx's
 * ZipMap / ai.onnx.ml classifiers), which then decides the order of the probability columns. Getting this
 * wrong would make every prediction print the wrong name, so anything ambiguous is refused with both lists.
 *
 * Example:
 *   modelClassNames(['setosa', 'versicolor', 'virginica'], null, 3, 'model.onnx', 'iris.csv')
 *   // ['setosa', 'versicolor', 'virginica']
 *   modelClassNames(['no', 'yes'], ['yes', 'no'], 2, …)   // ['yes', 'no'] — the model's own order
 */

import { LearnwareError } from '../errors'

/**
 * Class names in the model's index order. `recordedLabels` are the labels the converter stored (or null),
 * `modelWidth` the probability columns the model declares (or null).
 */
export function modelClassNames(
  tableClasses: readonly string[],
  recordedLabels: readonly number[] | readonly string[] | null,
  modelWidth: number | null,
  modelSource: string,
  tableSource: string
): string[] {
  const classCount = tableClasses.length
  const width = modelWidth ?? recordedLabels?.length ?? null
  if (width !== null && width !== classCount) {
    throw new LearnwareError('PACK_MISMATCH', `${modelSource} predicts ${width} classes but the target column of ${tableSource} has ${classCount} (${listed(tableClasses)})`, {
      hint: 'Pack the model with the table it was trained on; every class of the training data must appear in it.'
    })
  }
  if (!recordedLabels) return [...tableClasses]
  if (typeof recordedLabels[0] === 'string') return stringLabelOrder(recordedLabels as readonly string[], tableClasses, modelSource, tableSource)
  const numbers = recordedLabels as readonly number[]
  if (numbers.every((label, i) => label === i)) return [...tableClasses]
  throw new LearnwareError(
    'PACK_MISMATCH',
    `${modelSource} emits the class values ${listed(numbers.map(String))} rather than class indices 0–${classCount - 1} of ${tableSource}'s classes (${listed(tableClasses)})`,
    { hint: 'Train the model on class indices (the position of each class in the sorted class list), or with string class labels, and export it again.' }
  )
}

function stringLabelOrder(labels: readonly string[], tableClasses: readonly string[], modelSource: string, tableSource: string): string[] {
  const known = new Set(tableClasses)
  const sameSet = labels.length === tableClasses.length && new Set(labels).size === labels.length && labels.every((label) => known.has(label))
  if (!sameSet) {
    throw new LearnwareError('PACK_MISMATCH', `${modelSource} knows the classes ${listed(labels)} but the target column of ${tableSource} holds ${listed(tableClasses)}`, {
      hint: 'Pack the model with the table (and target column) it was trained on.'
    })
  }
  return [...labels]
}

function listed(values: readonly string[]): string {
  const shown = values.slice(0, 10).map((v) => JSON.stringify(v)).join(', ')
  return values.length > 10 ? `${shown}, … (${values.length} in all)` : shown
}
