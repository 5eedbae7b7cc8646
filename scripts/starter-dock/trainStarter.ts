/**
 * Trains one starter learnware's model on its training table and scores it on the held-out rows of its own
 * subset: accuracy for classifiers, R² for regressors. Models come from the engine's trainers (deterministic
 * for a seed) and export ONNX that takes raw features.
 *
 * Example:
 *   const trained = trainStarterModel(recipe.model, trainingTable)
 *   const score = heldOutScore(trained, trainingTable, heldOutTable)   // { metric: 'accuracy', value: 0.97, rows: 90 }
 *   const onnx = trained.toOnnx()
 */

import type { LoadedTable } from '../../src/engine/data'
import { LearnwareError } from '../../src/engine/errors'
import { trainLogisticRegression, trainMlpClassifier, trainRidgeRegression, type TrainedModel } from '../../src/engine/train'
import type { ModelRecipe } from './recipes'

export interface HeldOutScore {
  metric: 'accuracy' | 'R²'
  value: number
  rows: number
}

export function trainStarterModel(model: ModelRecipe, table: LoadedTable): TrainedModel {
  const base = { features: table.matrix, rows: table.rowsKept, cols: table.featuresPerRow }
  const target = table.target!
  if (model.kind === 'ridge') return trainRidgeRegression({ ...base, targets: target.values! }, { alpha: model.alpha })
  const labels = target.codes!
  if (model.kind === 'logistic-regression') return trainLogisticRegression({ ...base, labels })
  return trainMlpClassifier({ ...base, labels }, { hiddenLayers: model.hiddenLayers, seed: model.seed })
}

export function heldOutScore(model: TrainedModel, training: LoadedTable, heldOut: LoadedTable): HeldOutScore {
  const rows = heldOut.rowsKept
  if (rows === 0) throw new LearnwareError('DATA_EMPTY', `${heldOut.source}: the subset has no held-out rows to score on`)
  if (model.task === 'regression') {
    const predicted = model.predict(heldOut.matrix, rows)
    return { metric: 'R²', value: rSquared(heldOut.target!.values!, predicted), rows }
  }
  const predicted = model.predict(heldOut.matrix, rows)
  const trainingClasses = training.target!.classes!
  const heldOutTarget = heldOut.target!
  let correct = 0
  for (let r = 0; r < rows; r++) {
    if (trainingClasses[predicted[r]] === heldOutTarget.classes![heldOutTarget.codes![r]]) correct++
  }
  return { metric: 'accuracy', value: correct / rows, rows }
}

function rSquared(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let mean = 0
  for (let i = 0; i < actual.length; i++) mean += actual[i]
  mean /= actual.length
  let residual = 0
  let total = 0
  for (let i = 0; i < actual.length; i++) {
    residual += (actual[i] - predicted[i]) ** 2
    total += (actual[i] - mean) ** 2
  }
  return 1 - residual / total
}
