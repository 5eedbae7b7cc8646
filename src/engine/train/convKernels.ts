/**
 * The per-image kernels of the small CNN (convNetwork.ts): im2col and its adjoint, the convolution + ReLU
 * forward and backward passes over im2col columns, and 2 × 2 pooling (max or average) with its backward
 * pass. Kept apart from the network's bookkeeping so each reads as one loop nest; nothing here allocates.
 *
 * Example:
 *   im2col(input, stage, buf.col)                 // (C·k·k) × (H·W) receptive fields
 *   convolve(stage, buf.col, buf.conv)            // ReLU(W · col + b): outChannels × (H·W)
 *   pool('max', buf.conv, stage.outChannels, stage.height, stage.width, buf.pooled, buf.argmax)
 */

export type PoolKind = 'max' | 'average'

export interface ConvStage {
  inChannels: number
  outChannels: number
  kernelSize: number
  padding: number
  /** Input map size; the convolution keeps it, pooling halves it (rounding down). */
  height: number
  width: number
  /** outChannels × inChannels × k × k (ONNX Conv's W layout). */
  weights: Float64Array
  bias: Float64Array
}

export interface StageBuffers {
  /** (inChannels · k · k) × pixels: the receptive field of every output pixel, one row per weight. */
  col: Float64Array
  /** outChannels × pixels after ReLU. */
  conv: Float64Array
  /** outChannels × pooled pixels. */
  pooled: Float64Array
  /** Index into `conv` of each pooled value's maximum (max pooling). */
  argmax: Int32Array
  dConv: Float64Array
  dCol: Float64Array
  dPooled: Float64Array
  /** Pixels of one output channel that carry gradient, and that gradient (backward scratch). */
  active: Int32Array
  activeGrad: Float64Array
}

/** col[(c·k + ky)·k + kx][y·W + x] = input[c][y + ky − pad][x + kx − pad], 0 outside the image. */
export function im2col(input: Float64Array, stage: ConvStage, col: Float64Array): void {
  const { inChannels, kernelSize: k, padding: pad, height: h, width: w } = stage
  const pixels = h * w
  let row = 0
  for (let c = 0; c < inChannels; c++) {
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++, row++) {
        for (let y = 0; y < h; y++) {
          const out = row * pixels + y * w
          const iy = y + ky - pad
          if (iy < 0 || iy >= h) {
            col.fill(0, out, out + w)
            continue
          }
          const src = (c * h + iy) * w + kx - pad
          for (let x = 0; x < w; x++) col[out + x] = x + kx - pad >= 0 && x + kx - pad < w ? input[src + x] : 0
        }
      }
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto the input pixel it was copied from. */
export function col2im(dCol: Float64Array, stage: ConvStage, dInput: Float64Array): void {
  const { inChannels, kernelSize: k, padding: pad, height: h, width: w } = stage
  const pixels = h * w
  dInput.fill(0)
  let row = 0
  for (let c = 0; c < inChannels; c++) {
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++, row++) {
        const x0 = Math.max(0, pad - kx)
        const x1 = Math.min(w, w + pad - kx)
        for (let y = 0; y < h; y++) {
          const iy = y + ky - pad
          if (iy < 0 || iy >= h) continue
          const src = row * pixels + y * w
          const dst = (c * h + iy) * w + kx - pad
          for (let x = x0; x < x1; x++) dInput[dst + x] += dCol[src + x]
        }
      }
    }
  }
}

/** conv[o][p] = ReLU(bias[o] + Σ_r W[o][r] · col[r][p]). */
export function convolve(stage: ConvStage, col: Float64Array, conv: Float64Array): void {
  const pixels = stage.height * stage.width
  const fields = col.length / pixels
  for (let o = 0; o < stage.outChannels; o++) {
    const out = o * pixels
    conv.fill(stage.bias[o], out, out + pixels)
    for (let r = 0; r < fields; r++) {
      const weight = stage.weights[o * fields + r]
      const src = r * pixels
      for (let p = 0; p < pixels; p++) conv[out + p] += weight * col[src + p]
    }
    for (let p = out; p < out + pixels; p++) if (conv[p] < 0) conv[p] = 0
  }
}

/**
 * From ∂loss/∂(ReLU output) in buf.dConv: weight and bias gradients, and ∂loss/∂col into buf.dCol when asked.
 * After ReLU and max pooling at most a quarter of the pixels carry gradient, so the sums run over those only.
 */
export function convolveBackward(stage: ConvStage, buf: StageBuffers, gradW: Float64Array, gradB: Float64Array, wantInput: boolean): void {
  const pixels = stage.height * stage.width
  const fields = buf.col.length / pixels
  const { conv, dConv, col, dCol, active, activeGrad } = buf
  if (wantInput) dCol.fill(0)
  for (let o = 0; o < stage.outChannels; o++) {
    const out = o * pixels
    let count = 0
    let biasSum = 0
    for (let p = 0; p < pixels; p++) {
      const d = dConv[out + p]
      if (d === 0 || conv[out + p] <= 0) continue
      active[count] = p
      activeGrad[count++] = d
      biasSum += d
    }
    gradB[o] += biasSum
    for (let r = 0; r < fields; r++) {
      const src = r * pixels
      let sum = 0
      for (let a = 0; a < count; a++) sum += activeGrad[a] * col[src + active[a]]
      gradW[o * fields + r] += sum
      if (!wantInput) continue
      const weight = stage.weights[o * fields + r]
      for (let a = 0; a < count; a++) dCol[src + active[a]] += weight * activeGrad[a]
    }
  }
}

/** 2 × 2 windows with stride 2 per channel; a trailing odd row or column is dropped, as ONNX does by default. */
export function pool(kind: PoolKind, conv: Float64Array, channels: number, h: number, w: number, pooled: Float64Array, argmax: Int32Array): void {
  const [ph, pw] = [h >> 1, w >> 1]
  let j = 0
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++, j++) {
        const a = (c * h + 2 * y) * w + 2 * x
        if (kind === 'average') {
          pooled[j] = 0.25 * (conv[a] + conv[a + 1] + conv[a + w] + conv[a + w + 1])
          continue
        }
        let best = a
        if (conv[a + 1] > conv[best]) best = a + 1
        if (conv[a + w] > conv[best]) best = a + w
        if (conv[a + w + 1] > conv[best]) best = a + w + 1
        pooled[j] = conv[best]
        argmax[j] = best
      }
    }
  }
}

/** ∂loss/∂pooled → ∂loss/∂conv: to the maximum of each window, or a quarter to each of its four pixels. */
export function unpool(kind: PoolKind, dPooled: Float64Array, argmax: Int32Array, channels: number, h: number, w: number, dConv: Float64Array): void {
  dConv.fill(0)
  if (kind === 'max') {
    for (let j = 0; j < dPooled.length; j++) dConv[argmax[j]] += dPooled[j]
    return
  }
  const [ph, pw] = [h >> 1, w >> 1]
  let j = 0
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++, j++) {
        const a = (c * h + 2 * y) * w + 2 * x
        const d = 0.25 * dPooled[j]
        dConv[a] = d
        dConv[a + 1] = d
        dConv[a + w] = d
        dConv[a + w + 1] = d
      }
    }
  }
}
