/**
 * Step 3 of the checker, for ONNX learnwares: does the model actually run on data like its own? Beimingwu
 * probes with `randn(10, d)` (reference §6.3 step 4), which a model trained on, say, incomes in the tens of
 * thousands may answer with garbage that still passes; we probe with rows *herded from the learnware's own
 * RKME* (`herdRkmeTable`), i.e. plausible inputs, prepared exactly as the runner prepares a user's table
 * (training-mean imputation, manifest standardisation). The model is loaded from the package bytes, never
 * from a path.
 *
 * Time: `timeoutMs` bounds loading plus prediction. The runtime checks it between batches, and the probe is
 * one batch that onnxruntime runs on this thread without interruption, so a slow model is caught when it
 * returns (the check then fails with the time it took); a model that never returns would need the runtime
 * to run it in a child process.
 *
 * Example:
 *   const checks = await checkUsability(pkg, tableSpec, { timeoutMs: 10_000, samples: 10, seed: 0 })
 *   checks.filter((c) => !c.ok)   // e.g. [{ name: 'input-width', detail: 'The model takes 4 features per row …' }]
 */

import { describeError, isLearnwareError } from '../errors'
import type { LearnwarePackage } from '../learnware'
import {
  prepareModelInput,
  readLearnwareInterface,
  requireOnnx,
  runOptions,
  withLearnwareModel,
  type LearnwareInterface
} from '../predict'
import type { Cancellable } from '../progress'
import type { OnnxModel, OnnxModelCache } from '../runtime'
import { herdRkmeTable, type RkmeTableSpec } from '../spec'
import { failed, ok, type CheckOutcome } from './checkReport'
import { checkProbeOutputs } from './outputChecks'

export interface UsabilityOptions extends Cancellable {
  timeoutMs: number
  samples: number
  seed: number
  cache?: OnnxModelCache
}

export async function checkUsability(pkg: LearnwarePackage, tableSpec: RkmeTableSpec, options: UsabilityOptions): Promise<CheckOutcome[]> {
  let shape: LearnwareInterface
  try {
    shape = readLearnwareInterface(pkg)
  } catch (error) {
    return [failed('manifest', describeError(error))]
  }
  const onnx = requireOnnx(pkg, shape)
  const checks: CheckOutcome[] = []
  const started = performance.now()
  let loaded = false
  try {
    await withLearnwareModel(onnx, shape, options.cache, async (model) => {
      loaded = true
      checks.push(ok('model-load', `${onnx.manifest.model} loads (${model.description.nodeCount} nodes, input ${model.input.typeText})`))
      checks.push(...(await probe(model, shape, declaredWidth(onnx.manifest.input.shape), tableSpec, options, started)))
    })
  } catch (error) {
    if (isLearnwareError(error) && error.code === 'CANCELLED') throw error
    checks.push(loaded ? failed('probe-run', unexpected(error)) : failed('model-load', `The model cannot be loaded: ${describeError(error)}`))
    return checks
  }
  if (checks.some((check) => check.name === 'time-limit')) return checks
  const elapsedMs = performance.now() - started
  const shown = Math.ceil(elapsedMs)
  checks.push(
    elapsedMs > options.timeoutMs
      ? failed('time-limit', `Loading the model and predicting ${options.samples} rows took ${shown} ms, longer than the ${options.timeoutMs} ms limit`)
      : ok('time-limit', `Loaded and predicted in ${shown} ms (limit ${options.timeoutMs} ms)`)
  )
  return checks
}

async function probe(
  model: OnnxModel,
  shape: LearnwareInterface,
  manifestWidth: number | null,
  tableSpec: RkmeTableSpec,
  options: UsabilityOptions,
  started: number
): Promise<CheckOutcome[]> {
  const d = tableSpec.featuresPerRow
  const width = widthProblem(model, manifestWidth, d)
  if (width) return [failed('input-width', width)]
  const checks = [
    ok('input-width', model.featureCount === null
      ? `The model's input ${model.input.typeText} has a free width; it is fed ${d} features per row`
      : `The model takes ${d} features per row, as Input.Dimension and the RKME say`)
  ]
  const herded = Float32Array.from(herdRkmeTable(tableSpec, options.samples, { seed: options.seed }))
  const { features } = prepareModelInput(shape, herded, options.samples)
  const remainingMs = Math.max(1, options.timeoutMs - (performance.now() - started))
  try {
    const prediction = await model.predict(features, options.samples, d, { ...runOptions(shape, options), timeoutMs: remainingMs })
    checks.push(ok('probe-run', `Predicted ${options.samples} rows herded from the RKME specification (seed ${options.seed})`))
    checks.push(...checkProbeOutputs(prediction, options.samples, { task: shape.task, outputDimension: shape.outputDimension }))
  } catch (error) {
    if (isLearnwareError(error) && error.code === 'CANCELLED') throw error
    if (isLearnwareError(error) && error.code === 'MODEL_TIMEOUT') {
      checks.push(failed('time-limit', `Predicting ${options.samples} probe rows took longer than the ${options.timeoutMs} ms limit`))
    } else {
      checks.push(failed('probe-run', `The model failed on ${options.samples} rows herded from its RKME specification: ${describeError(error)}`))
    }
  }
  return checks
}

/** Beimingwu compares the model's input_shape with (Input.Dimension,); the manifest's shape must agree too. */
function widthProblem(model: OnnxModel, manifestWidth: number | null, d: number): string | null {
  if (model.featureCount !== null && model.featureCount !== d) {
    return `The model takes ${model.featureCount} features per row (input ${model.input.name}: ${model.input.typeText}) but the specification describes ${d} (Input.Dimension and the RKME)`
  }
  if (manifestWidth !== null && manifestWidth !== d) {
    return `learnware-dock.json declares ${manifestWidth} input features per row but the specification describes ${d}`
  }
  return null
}

function declaredWidth(shape: readonly (number | null)[] | undefined): number | null {
  return shape && shape.length === 2 && typeof shape[1] === 'number' ? shape[1] : null
}

function unexpected(error: unknown): string {
  return `The model check failed: ${describeError(error)}`
}
