/**
 * The usability probe for image learnwares: like the table one (usabilityCheck.ts) but the probe images are
 * herded from the package's RKME image spec as the reference does (§4.1.6): pick reduced-set images z[idx]
 * with probability ∝ max(β, 0), add N(0, 0.01²) noise. The spec lives in the standardised 32 × 32 space of
 * the training images, so the probes are mapped back to 0–255 pixels with the training pixels' per-channel
 * mean and std from the manifest's `imageInput` (when absent they stay standardised — values of order ±3,
 * still plausible pixel-ish inputs for a finiteness probe), then resized and scaled as a user's images are.
 *
 * Example:
 *   const checks = await checkImageUsability(pkg, imageSpec, imageInput, { timeoutMs: 10_000, samples: 10, seed: 0 })
 */

import type { ImageBatch } from '../data/images'
import { describeError, isLearnwareError } from '../errors'
import type { LearnwarePackage } from '../learnware'
import { createRng } from '../math/rng'
import { prepareImagesForModel, readLearnwareInterface, requireOnnx, runOptions, withLearnwareModel, type ImageInputDescription } from '../predict'
import { RKME_IMAGE_SIDE, type RkmeImageSpec } from '../spec/image'
import { failed, ok, type CheckOutcome } from './checkReport'
import { checkProbeOutputs } from './outputChecks'
import type { UsabilityOptions } from './usabilityCheck'

/** Noise of the reference's herding (std 0.01 in the standardised space). */
const PROBE_NOISE_STD = 0.01

export async function checkImageUsability(
  pkg: LearnwarePackage,
  spec: RkmeImageSpec,
  input: ImageInputDescription,
  options: UsabilityOptions
): Promise<CheckOutcome[]> {
  let shape
  try {
    shape = readLearnwareInterface(pkg)
  } catch (error) {
    return [failed('manifest', describeError(error))]
  }
  const width = input.channels * input.height * input.width
  if (shape.featureCount !== null && shape.featureCount !== width) {
    return [failed('input-width', `Input.Dimension is ${shape.featureCount} but learnware-dock.json's imageInput describes ${input.channels} × ${input.height} × ${input.width} = ${width} values per image`)]
  }
  const onnx = requireOnnx(pkg, shape)
  const checks: CheckOutcome[] = []
  const started = performance.now()
  const probes = prepareImagesForModel(herdRkmeImages(spec, input, options.samples, options.seed), input)
  try {
    await withLearnwareModel(onnx, shape, options.cache, async (model) => {
      checks.push(ok('model-load', `${onnx.manifest.model} loads (${model.description.nodeCount} nodes, input ${model.input.typeText})`))
      if (model.featureCount !== null && model.featureCount !== width) {
        checks.push(failed('input-width', `The model takes ${model.featureCount} values per image (input ${model.input.typeText}) but imageInput describes ${width}`))
        return
      }
      checks.push(ok('input-width', `The model takes ${input.channels} × ${input.height} × ${input.width} images, as imageInput says`))
      const remainingMs = Math.max(1, options.timeoutMs - (performance.now() - started))
      const prediction = await model.predict(probes.data, probes.count, width, { ...runOptions(shape, options), timeoutMs: remainingMs })
      checks.push(ok('probe-run', `Predicted ${options.samples} images herded from the RKME image specification (seed ${options.seed})`))
      checks.push(...checkProbeOutputs(prediction, options.samples, { task: shape.task, outputDimension: shape.outputDimension }))
    })
  } catch (error) {
    if (isLearnwareError(error) && error.code === 'CANCELLED') throw error
    if (isLearnwareError(error) && error.code === 'MODEL_TIMEOUT') {
      checks.push(failed('time-limit', `Predicting ${options.samples} probe images took longer than the ${options.timeoutMs} ms limit`))
      return checks
    }
    const loaded = checks.some((check) => check.name === 'model-load')
    checks.push(loaded
      ? failed('probe-run', `The model failed on ${options.samples} images herded from its RKME specification: ${describeError(error)}`)
      : failed('model-load', `The model cannot be loaded: ${describeError(error)}`))
    return checks
  }
  const elapsedMs = performance.now() - started
  checks.push(elapsedMs > options.timeoutMs
    ? failed('time-limit', `Loading the model and predicting ${options.samples} images took ${Math.ceil(elapsedMs)} ms, longer than the ${options.timeoutMs} ms limit`)
    : ok('time-limit', `Loaded and predicted in ${Math.ceil(elapsedMs)} ms (limit ${options.timeoutMs} ms)`))
  return checks
}

/** `samples` 32 × 32 images z[idx] + N(0, 0.01²), idx ∝ max(β, 0), mapped back to 0–255 pixels when the manifest allows. */
export function herdRkmeImages(spec: RkmeImageSpec, input: ImageInputDescription, samples: number, seed: number): ImageBatch {
  const rng = createRng(seed)
  const size = spec.channels * RKME_IMAGE_SIDE * RKME_IMAGE_SIDE
  const area = RKME_IMAGE_SIDE * RKME_IMAGE_SIDE
  const weights = Array.from(spec.beta, (b) => Math.max(0, b))
  const total = weights.reduce((a, b) => a + b, 0)
  const data = new Float32Array(samples * size)
  for (let s = 0; s < samples; s++) {
    const idx = total > 0 ? pickWeighted(weights, total, rng.next()) : rng.int(spec.k)
    for (let c = 0; c < spec.channels; c++) {
      const mean = input.pixelMean?.[c] ?? 0
      const std = input.pixelStd?.[c] ?? 1
      for (let p = 0; p < area; p++) {
        const z = spec.z[idx * size + c * area + p] + PROBE_NOISE_STD * rng.normal()
        data[s * size + c * area + p] = z * std + mean
      }
    }
  }
  return { data, count: samples, channels: spec.channels, height: RKME_IMAGE_SIDE, width: RKME_IMAGE_SIDE }
}

function pickWeighted(weights: readonly number[], total: number, u: number): number {
  let acc = 0
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] / total
    if (u < acc) return i
  }
  return weights.length - 1
}
