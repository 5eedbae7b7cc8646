/**
 * The arithmetic of a small fully connected ReLU network: seeded initialisation, a batched forward pass and
 * backpropagation into preallocated buffers (row-major Float64Arrays, inner loops over contiguous output
 * units). The training loop lives in mlp.ts; the exported ONNX graph mirrors `mlpForward` exactly
 * (MatMul + Add, Relu between layers, nothing after the last).
 *
 * Example:
 *   const layers = initMlpLayers([4, 16, 3], createRng(0))   // 4 inputs, one hidden layer of 16, 3 outputs
 *   const logits = mlpForward(layers, standardizedRows, rows) // rows × 3
 */

import type { Rng } from '../math/rng'

export interface MlpLayer {
  inputSize: number
  outputSize: number
  /** inputSize × outputSize, row-major. */
  weights: Float64Array
  bias: Float64Array
}

/** Glorot-uniform weights and zero biases, as scikit-learn's MLP does. */
export function initMlpLayers(sizes: readonly number[], rng: Rng): MlpLayer[] {
  const layers: MlpLayer[] = []
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [inputSize, outputSize] = [sizes[l], sizes[l + 1]]
    const bound = Math.sqrt(6 / (inputSize + outputSize))
    const weights = new Float64Array(inputSize * outputSize)
    for (let i = 0; i < weights.length; i++) weights[i] = (2 * rng.next() - 1) * bound
    layers.push({ inputSize, outputSize, weights, bias: new Float64Array(outputSize) })
  }
  return layers
}

/** Buffers for one batch: per layer its outputs (post-ReLU for hidden layers) and the loss gradient there. */
export class MlpWorkspace {
  readonly outputs: Float64Array[]
  readonly deltas: Float64Array[]
  readonly weightGradients: Float64Array[]
  readonly biasGradients: Float64Array[]

  constructor(layers: readonly MlpLayer[], maxRows: number) {
    this.outputs = layers.map((l) => new Float64Array(maxRows * l.outputSize))
    this.deltas = layers.map((l) => new Float64Array(maxRows * l.outputSize))
    this.weightGradients = layers.map((l) => new Float64Array(l.weights.length))
    this.biasGradients = layers.map((l) => new Float64Array(l.bias.length))
  }
}

/** Returns the last layer's raw outputs (rows × outputSize); fills `workspace.outputs` when given. */
export function mlpForward(layers: readonly MlpLayer[], input: Float64Array, rows: number, workspace?: MlpWorkspace): Float64Array {
  let current = input
  layers.forEach((layer, l) => {
    const out = workspace ? workspace.outputs[l] : new Float64Array(rows * layer.outputSize)
    denseForward(layer, current, rows, out, l < layers.length - 1)
    current = out
  })
  return current
}

function denseForward(layer: MlpLayer, input: Float64Array, rows: number, out: Float64Array, relu: boolean): void {
  const { inputSize: n, outputSize: m, weights, bias } = layer
  for (let r = 0; r < rows; r++) {
    const o = r * m
    for (let k = 0; k < m; k++) out[o + k] = bias[k]
    for (let i = 0; i < n; i++) {
      const x = input[r * n + i]
      if (x === 0) continue
      const w = i * m
      for (let k = 0; k < m; k++) out[o + k] += x * weights[w + k]
    }
    if (relu) for (let k = 0; k < m; k++) if (out[o + k] < 0) out[o + k] = 0
  }
}

/**
 * Gradients of (batch loss + 0.5·l2·Σ‖W‖²) into the workspace, given ∂loss/∂(last outputs) already written to
 * `workspace.deltas[last]` for `rows` rows and the forward pass of the same batch in `workspace.outputs`.
 */
export function mlpBackward(layers: readonly MlpLayer[], input: Float64Array, rows: number, workspace: MlpWorkspace, l2: number): void {
  for (let l = layers.length - 1; l >= 0; l--) {
    const { inputSize: n, outputSize: m, weights } = layers[l]
    const below = l === 0 ? input : workspace.outputs[l - 1]
    const delta = workspace.deltas[l]
    const gradW = workspace.weightGradients[l]
    const gradB = workspace.biasGradients[l]
    for (let i = 0; i < gradW.length; i++) gradW[i] = l2 * weights[i]
    gradB.fill(0)
    for (let r = 0; r < rows; r++) {
      const d = r * m
      for (let k = 0; k < m; k++) gradB[k] += delta[d + k]
      for (let i = 0; i < n; i++) {
        const x = below[r * n + i]
        if (x === 0) continue
        const w = i * m
        for (let k = 0; k < m; k++) gradW[w + k] += x * delta[d + k]
      }
    }
    if (l === 0) continue
    const deltaBelow = workspace.deltas[l - 1]
    for (let r = 0; r < rows; r++) {
      const d = r * m
      for (let i = 0; i < n; i++) {
        // ReLU′: the unit passed gradient only where its output was positive
        if (below[r * n + i] <= 0) {
          deltaBelow[r * n + i] = 0
          continue
        }
        const w = i * m
        let sum = 0
        for (let k = 0; k < m; k++) sum += delta[d + k] * weights[w + k]
        deltaBelow[r * n + i] = sum
      }
    }
  }
}

/** Adam (Kingma & Ba) state for every weight and bias array of a network. */
export class AdamOptimizer {
  private readonly moments: { first: Float64Array; second: Float64Array }[]
  private step = 0

  constructor(
    private readonly parameters: Float64Array[],
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8
  ) {
    this.moments = parameters.map((p) => ({ first: new Float64Array(p.length), second: new Float64Array(p.length) }))
  }

  /** gradients[i] belongs to parameters[i]. */
  update(gradients: readonly Float64Array[]): void {
    this.step++
    const correction1 = 1 - this.beta1 ** this.step
    const correction2 = 1 - this.beta2 ** this.step
    const rate = (this.learningRate * Math.sqrt(correction2)) / correction1
    this.parameters.forEach((param, p) => {
      const { first, second } = this.moments[p]
      const grad = gradients[p]
      for (let i = 0; i < param.length; i++) {
        first[i] = this.beta1 * first[i] + (1 - this.beta1) * grad[i]
        second[i] = this.beta2 * second[i] + (1 - this.beta2) * grad[i] * grad[i]
        param[i] -= (rate * first[i]) / (Math.sqrt(second[i]) + this.epsilon)
      }
    })
  }
}
