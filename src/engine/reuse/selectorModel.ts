/**
 * JobSelector's router: a classifier from a user row to the index of the member that should predict it,
 * trained on rows herded from the members' RKMEs (labelled with the member they came from). The reference
 * uses LightGBM; here it is a small seeded MLP (default) or softmax regression from engine/train — see
 * docs/adr/0005-reuse-selector-and-pruning.md for why.
 *
 * The selector takes the user's *whole* row, like the plan's `selector` combiner says (float32
 * [N, user features] → `probabilities` [N, members]): missing cells get the user's column means, then only
 * the routing columns (those every member reads) go into the model. The same steps are baked into its ONNX
 * graph (IsNaN/Where → Gather → standardise → dense layers → Softmax), so routing in the app and in an
 * exported bundle agree.
 *
 * Example:
 *   const selector = trainRoutingSelector(herdedRows, memberOfRow, { memberCount: 2, userWidth: 13, userColumns, fill, kind: 'mlp', seed: 0 })
 *   selector.route(userFeatures, rows)     // Int32Array member index per row
 *   selector.toOnnx()                      // X: float[N,13] → label, probabilities float[N,2]
 */

import {
  addClassifierOutputs,
  addDense,
  addDenseStack,
  addNanImputation,
  addStandardization,
  BATCH_DIM,
  OnnxGraphBuilder,
  type DenseLayerParams
} from '../runtime'
import { trainLogisticRegression, trainMlpClassifier, type LogisticRegressionModel, type MlpClassifierModel } from '../train'
import { argmaxRows } from './combine'
import type { SelectorModelKind } from './types'
import { imputeRows, pickColumns } from './userRows'

export const SELECTOR_OUTPUT = 'probabilities'

export interface RoutingSelectorOptions {
  memberCount: number
  /** Width of the user's rows. */
  userWidth: number
  /** User columns the model reads (every member reads them). */
  userColumns: number[]
  /** Per user column: the value for a missing cell (the user's column mean). */
  fill: Float64Array
  kind: SelectorModelKind
  seed: number
  signal?: AbortSignal
}

type SelectorClassifier = LogisticRegressionModel | MlpClassifierModel

export class RoutingSelector {
  constructor(
    readonly options: Omit<RoutingSelectorOptions, 'signal'>,
    /** null when there is one member: every row goes to it. */
    readonly model: SelectorClassifier | null
  ) {}

  /** rows × members, on the user's raw rows (NaN = missing). */
  probabilities(features: ArrayLike<number>, rows: number): Float64Array {
    const { memberCount, userWidth, userColumns, fill } = this.options
    if (!this.model) return new Float64Array(rows * memberCount).fill(1)
    const routed = pickColumns(imputeRows(features, rows, userWidth, fill), rows, userWidth, userColumns)
    return this.model.predictProbabilities(routed, rows)
  }

  route(features: ArrayLike<number>, rows: number): Int32Array {
    return argmaxRows(this.probabilities(features, rows), rows, this.options.memberCount)
  }

  toOnnx(): Uint8Array {
    const { memberCount, userWidth, userColumns, fill } = this.options
    const g = new OnnxGraphBuilder({ name: 'job_selector' })
    let x = addNanImputation(g, g.addInput('X', 'float', [BATCH_DIM, userWidth]), fill)
    let logits: string
    if (!this.model) {
      logits = addDense(g, x, { inputSize: userWidth, outputSize: 1, weights: new Float32Array(userWidth), bias: [0] })
    } else {
      const columns = g.addInitializer('routing_columns', userColumns, [userColumns.length], 'int64')
      x = g.addOp('Gather', [x, columns], { axis: 1 })
      x = addStandardization(g, x, this.model.standardizer)
      logits = addDenseStack(g, x, denseLayers(this.model), 'relu')
    }
    addClassifierOutputs(g, logits, { classCount: memberCount, probabilitiesName: SELECTOR_OUTPUT })
    return g.toBytes({ producerName: 'learnware-dock', docString: 'JobSelector router: user row → member probabilities' })
  }
}

/** Trains the router on herded rows (routing columns only, row-major) labelled with their member index. */
export function trainRoutingSelector(herded: Float64Array, memberOfRow: Int32Array, options: RoutingSelectorOptions): RoutingSelector {
  const { signal, ...kept } = options
  if (options.memberCount < 2) return new RoutingSelector(kept, null)
  const data = { features: herded, rows: memberOfRow.length, cols: options.userColumns.length, labels: memberOfRow }
  const classes = Int32Array.from({ length: options.memberCount }, (_, i) => i)
  const model = options.kind === 'logistic'
    ? trainLogisticRegression(data, { classes, signal })
    : trainMlpClassifier(data, { classes, hiddenLayers: [32], seed: options.seed, signal })
  return new RoutingSelector(kept, model)
}

function denseLayers(model: SelectorClassifier): DenseLayerParams[] {
  if (model.kind === 'mlp') return model.layers.map((l) => ({ inputSize: l.inputSize, outputSize: l.outputSize, weights: l.weights, bias: l.bias }))
  return [{ inputSize: model.featureCount, outputSize: model.classes.length, weights: model.weights, bias: model.bias }]
}
