/**
 * The words of a starter learnware's semantic specification: a name that says data set, subset and model, and
 * a description that says what data (and its licence), which rows, which model and how well it did on the
 * held-out rows of its own subset. Written from the numbers of the actual build, so a description can never
 * claim classes or scores the package does not have.
 *
 * Example:
 *   learnwareName(recipe)   // 'Digits classifier — 0/1 with few 2/3 (logistic regression)'
 *   learnwareDescription({ recipe, trainingRows: 300, composition: 'digit 0 (120 rows), …', score, heldOutFraction: 0.2 })
 *   // 'Predicts which digit an 8×8 image … shows, … The classes it was trained on, and the only ones it can predict: …'
 */

import type { LearnwareRecipe, ModelRecipe } from './recipes'
import { DATASETS } from './sourceData'
import type { HeldOutScore } from './trainStarter'

export function modelShortName(model: ModelRecipe): string {
  if (model.kind === 'logistic-regression') return 'logistic regression'
  if (model.kind === 'mlp') return 'MLP'
  return 'ridge regression'
}

function modelSentence(model: ModelRecipe, task: 'Classification' | 'Regression'): string {
  const standardised = 'features are standardised inside the model, which takes the raw columns'
  if (model.kind === 'logistic-regression') return `Model: multinomial logistic regression (L2 penalty as scikit-learn's C = 1, L-BFGS), trained in Learnware Dock and exported to ONNX; ${standardised}.`
  if (model.kind === 'mlp') {
    const layers = model.hiddenLayers.join(' and ')
    return `Model: a multilayer perceptron ${task === 'Classification' ? 'classifier' : 'regressor'} (hidden layer of ${layers} ReLU units, Adam, seed ${model.seed}), trained in Learnware Dock and exported to ONNX; ${standardised}.`
  }
  return `Model: ridge regression (α = ${model.alpha}, closed form), trained in Learnware Dock and exported to ONNX; ${standardised}.`
}

export function learnwareName(recipe: LearnwareRecipe): string {
  return `${DATASETS[recipe.dataset].nameStem} — ${recipe.subsetName} (${modelShortName(recipe.model)})`
}

export interface DescriptionFacts {
  recipe: LearnwareRecipe
  trainingRows: number
  /** Rows per class of the training subset, e.g. "digit 0 (120 rows), digit 1 (120), digit 2 (30), digit 3 (30)". */
  composition: string | null
  score: HeldOutScore
  heldOutFraction: number
}

export function learnwareDescription(facts: DescriptionFacts): string {
  const { recipe, score } = facts
  const dataset = DATASETS[recipe.dataset]
  const known = facts.composition ? ` The classes it was trained on, and the only ones it can predict: ${facts.composition}.` : ''
  const percent = Math.round(facts.heldOutFraction * 100)
  const scoreText = score.metric === 'accuracy' ? `accuracy ${(100 * score.value).toFixed(1)} %` : `R² ${score.value.toFixed(2)}`
  return [
    `Predicts ${dataset.predicts}.${known}`,
    `Trained on one subset of the ${dataset.title} data, ${facts.trainingRows} rows: ${recipe.subsetText}.`,
    modelSentence(recipe.model, dataset.task),
    `Held-out ${scoreText} on the ${score.rows} held-out rows of the same subset (a seeded, stratified ${percent} % of the data set that no starter learnware was trained on).`,
    dataset.origin,
    'Part of the Learnware Dock starter dock, built by scripts/build-starter-dock.'
  ].join(' ')
}
