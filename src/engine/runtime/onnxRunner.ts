/**
 * A loaded ONNX model that predicts on a row-major feature matrix: batches large inputs, enforces a time
 * budget and cancellation, and returns labels/probabilities or regression values (see predictionOutputs.ts).
 * Sessions hold native memory, so they are released explicitly with `dispose()`; a run still in flight
 * finishes first.
 *
 * Time limits: the node binding runs one batch synchronously on the main thread, so a batch cannot be
 * interrupted. `timeoutMs` is checked between batches (and the promise rejects at the first chance), which
 * bounds the overrun to one batch; keep `batchRows` modest for untrusted models. Hard isolation would need a
 * child process.
 *
 * Example:
 *   const model = await loadOnnxModel(bytes, { source: 'iris/model.onnx' })
 *   const out = await model.predict(features, rows, 4, { timeoutMs: 5_000 })
 *   if (out.task === 'classification') console.log(out.labels, out.probabilities)
 *   await model.dispose()
 */

import * as ort from 'onnxruntime-node'
import { LearnwareError } from '../errors'
import type { Cancellable } from '../progress'
import type { ModelDescription, OnnxValueDescription } from './describeModel'
import { createOnnxSession, type LoadedOnnxSession, type OnnxSessionOptions } from './onnxSession'
import { planOutputs, toPrediction, type OnnxPrediction, type OutputTensor, type PredictionTask } from './predictionOutputs'

export interface PredictOptions extends Cancellable {
  /** Reject with MODEL_TIMEOUT when the whole call takes longer (checked between batches). */
  timeoutMs?: number
  /** Rows per onnxruntime run (default: about a million feature values per batch). */
  batchRows?: number
  /** Override the task guessed from the outputs (e.g. a torch classifier with one float output). */
  task?: PredictionTask
  /** Class names by class index: fills `labelNames`, and maps string labels back to indices. */
  classNames?: readonly string[]
}

export interface LoadOptions {
  /** Names the model in error messages (file name, learnware id). */
  source?: string
  sessionOptions?: OnnxSessionOptions
}

const VALUES_PER_BATCH = 1 << 20

export async function loadOnnxModel(bytes: Uint8Array, options: LoadOptions = {}): Promise<OnnxModel> {
  return new OnnxModel(await createOnnxSession(bytes, options), options.source ?? 'ONNX model')
}

export class OnnxModel {
  readonly description: ModelDescription
  readonly input: OnnxValueDescription
  private readonly loaded: LoadedOnnxSession
  private readonly source: string
  private runsInFlight = 0
  private released: Promise<void> | null = null
  private releaseNow: (() => void) | null = null
  private disposeRequested = false
  /** Called once when disposed (the cache uses it to forget the model). */
  onDispose: (() => void) | null = null

  constructor(loaded: LoadedOnnxSession, source: string) {
    this.loaded = loaded
    this.source = source
    this.description = loaded.description
    const inputs = loaded.description.inputs
    if (inputs.length !== 1 || inputs[0].kind !== 'tensor') {
      void loaded.session.release()
      throw new LearnwareError(
        'MODEL_INVALID',
        `${source}: the model has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); one feature matrix input is supported`,
        { hint: 'Export the model with a single input X: float[N, features].' }
      )
    }
    this.input = inputs[0]
  }

  get sha256(): string {
    return this.description.sha256
  }

  /** Feature count the model declares, or null when its second dimension is symbolic. */
  get featureCount(): number | null {
    const rest = (this.input.dims ?? []).slice(1)
    return rest.length > 0 && rest.every((d) => typeof d === 'number') ? rest.reduce<number>((a, d) => a * (d as number), 1) : null
  }

  get disposed(): boolean {
    return this.disposeRequested
  }

  async predict(features: Float32Array, rows: number, cols: number, options: PredictOptions = {}): Promise<OnnxPrediction> {
    if (this.disposeRequested) {
      throw new LearnwareError('MODEL_RUN_FAILED', `${this.source}: the model session was already released`, {
        hint: 'Load the model again.'
      })
    }
    if (features.length !== rows * cols) throw new Error(`predict: ${features.length} values for ${rows}×${cols}`)
    const rowShape = this.rowShape(cols)
    const plan = planOutputs(this.loaded.session.outputMetadata, this.loaded.probabilityTaps, options.task)
    if (plan.fetch.length === 0) {
      throw new LearnwareError('MODEL_INVALID', `${this.source}: no tensor output to read a prediction from`)
    }
    const fixedBatch = typeof this.input.dims?.[0] === 'number' ? (this.input.dims[0] as number) : null
    const batchRows = fixedBatch ?? Math.max(1, options.batchRows ?? Math.floor(VALUES_PER_BATCH / Math.max(1, cols)))
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs

    const chunks: Record<string, OutputTensor['data'][]> = Object.fromEntries(plan.fetch.map((n) => [n, []]))
    const perRow: Record<string, number> = {}
    for (let start = 0; start < rows; start += batchRows) {
      this.checkBudget(deadline, options)
      const count = Math.min(batchRows, rows - start)
      const batch = this.batchTensor(features, start, count, cols, fixedBatch ?? count, rowShape)
      const results = await this.runWithBudget({ [this.input.name]: batch }, plan.fetch, deadline, options)
      for (const name of plan.fetch) {
        const tensor = results[name] as ort.Tensor
        const totalRows = fixedBatch ?? count
        perRow[name] = totalRows === 0 ? 0 : tensor.size / totalRows
        chunks[name].push(sliceRows(tensor.data as OutputTensor['data'], count * perRow[name]))
      }
    }
    const outputs: Record<string, OutputTensor> = {}
    for (const name of plan.fetch) outputs[name] = { data: concat(chunks[name]), perRow: perRow[name] ?? 0 }
    return toPrediction(plan, outputs, rows, {
      classNames: options.classNames,
      classLabels: this.description.classLabels
    })
  }

  /** Releases the native session once the runs in flight have finished. Safe to call twice. */
  dispose(): Promise<void> {
    if (!this.disposeRequested) {
      this.disposeRequested = true
      this.onDispose?.()
      this.released = new Promise((resolve, reject) => {
        this.releaseNow = () => this.loaded.session.release().then(resolve, reject)
      })
    }
    this.releaseIfIdle()
    return this.released!
  }

  private releaseIfIdle(): void {
    if (this.runsInFlight > 0 || !this.releaseNow) return
    const release = this.releaseNow
    this.releaseNow = null
    release()
  }

  private rowShape(cols: number): number[] {
    const rest = (this.input.dims ?? [null, cols]).slice(1)
    const known = this.featureCount
    if (known !== null && known !== cols) {
      throw new LearnwareError(
        'MODEL_RUN_FAILED',
        `${this.source}: the model expects ${known} features per row, the data has ${cols}`,
        { hint: 'Check that the table has the columns of the learnware specification, in order.' }
      )
    }
    if (rest.length === 1 || known === null) return [cols]
    return rest as number[]
  }

  private batchTensor(features: Float32Array, start: number, count: number, cols: number, batchRows: number, rowShape: number[]): ort.Tensor {
    let values: Float32Array | Float64Array = features.subarray(start * cols, (start + count) * cols)
    if (batchRows > count) {
      const padded = new Float32Array(batchRows * cols)
      padded.set(values)
      values = padded
    }
    if (this.input.elementType === 'double') return new ort.Tensor('float64', Float64Array.from(values), [batchRows, ...rowShape])
    if (this.input.elementType !== 'float') {
      throw new LearnwareError('MODEL_INVALID', `${this.source}: input ${this.input.name} is ${this.input.elementType}, not float`)
    }
    return new ort.Tensor('float32', values, [batchRows, ...rowShape])
  }

  private checkBudget(deadline: number, options: PredictOptions): void {
    if (options.signal?.aborted) throw new LearnwareError('CANCELLED', `${this.source}: prediction cancelled`)
    if (Date.now() > deadline) {
      throw new LearnwareError('MODEL_TIMEOUT', `${this.source}: prediction took longer than ${options.timeoutMs} ms`, {
        hint: 'Predict on fewer rows, or raise the time limit.'
      })
    }
  }

  /** One session run, rejected early by the deadline or an abort; the native run is still awaited before release. */
  private async runWithBudget(
    feeds: Record<string, ort.Tensor>,
    fetch: string[],
    deadline: number,
    options: PredictOptions
  ): Promise<ort.InferenceSession.ReturnType> {
    this.runsInFlight++
    const run = this.loaded.session.run(feeds, fetch).finally(() => {
      this.runsInFlight--
      this.releaseIfIdle()
    })
    const guarded = run.catch((cause: unknown) => {
      const reason = cause instanceof Error ? cause.message : String(cause)
      throw new LearnwareError('MODEL_RUN_FAILED', `${this.source}: onnxruntime failed: ${reason.split('\n')[0]}`, { cause })
    })
    if (deadline === Infinity && !options.signal) return guarded
    let timer: NodeJS.Timeout | undefined
    let onAbort: (() => void) | undefined
    const budget = new Promise<never>((_, reject) => {
      const fail = (): void => {
        try {
          this.checkBudget(deadline, options)
        } catch (error) {
          reject(error)
        }
      }
      if (deadline !== Infinity) timer = setTimeout(fail, Math.max(0, deadline - Date.now()) + 1)
      onAbort = fail
      options.signal?.addEventListener('abort', onAbort, { once: true })
    })
    try {
      return await Promise.race([guarded, budget])
    } finally {
      clearTimeout(timer)
      if (onAbort) options.signal?.removeEventListener('abort', onAbort)
    }
  }
}

function sliceRows(data: OutputTensor['data'], values: number): OutputTensor['data'] {
  return data.length === values ? data : data.slice(0, values)
}

function concat(parts: OutputTensor['data'][]): OutputTensor['data'] {
  if (parts.length === 1) return parts[0]
  if (parts.length === 0) return new Float32Array(0)
  if (Array.isArray(parts[0])) return (parts as string[][]).flat()
  const total = parts.reduce((n, p) => n + p.length, 0)
  const Ctor = (parts[0] as Float32Array).constructor as new (n: number) => Float32Array
  const out = new Ctor(total)
  let offset = 0
  for (const part of parts as Float32Array[]) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
