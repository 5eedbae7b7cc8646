/**
 * The learnware checker: decides whether a package is `usable`, `not-runnable` or `invalid`, as Beimingwu's
 * EasySemanticChecker + EasyStatChecker do (reference §2.3, §6.3), but without ever executing package code:
 * Python models are marked not-runnable with the reason, and ONNX models are run in onnxruntime on rows
 * herded from their own RKME specification. Every failure is a sentence naming what was wrong.
 *
 * Order: semantic spec → statistical spec → model kind → (ONNX, table or text data, all passed so far)
 * usability probe. A text learnware's model takes the embedding of its texts, so it is probed with points
 * herded from its text spec's RKME (embedding space), after checking that its manifest names the spec's
 * embedder. An image learnware (manifest `imageInput`) is probed with images herded from its image spec and
 * mapped back to pixels (imageUsability.ts). Like Beimingwu, the probe is skipped when the specs it builds on are invalid.
 *
 * Example:
 *   const report = await checkLearnwarePackage(pkg, { timeoutMs: 10_000, samples: 10, seed: 0, cache })
 *   report.status    // 'invalid'
 *   report.reasons   // ['The model gave non-finite outputs (NaN or ±∞) for 10 of 10 probe rows: …']
 *   const dock = await openDock(dir, { check: dockCheck({ cache }) })    // the dock's pluggable check
 */

import type { DockCheck } from '../dock/packageCheck'
import { LearnwareError } from '../errors'
import type { LearnwarePackage } from '../learnware'
import type { Cancellable } from '../progress'
import type { OnnxModelCache } from '../runtime'
import { failed, ok, toReport, type LearnwareCheckReport } from './checkReport'
import { checkSemanticSpec } from './semanticCheck'
import { checkStatSpecs } from './statSpecCheck'
import { checkUsability } from './usabilityCheck'
import { readImageInput, readTextInput, type ImageInputDescription } from '../predict'
import type { CheckOutcome } from './checkReport'
import { checkImageUsability } from './imageUsability'

export interface CheckLearnwareOptions extends Cancellable {
  /** Budget for loading the model and predicting the probe rows (default 10 s). */
  timeoutMs?: number
  /** Probe rows herded from the RKME (default 10, as Beimingwu's checker). */
  samples?: number
  /** Seed of the herding (default 0), so a check is repeatable. */
  seed?: number
  /** Share ONNX sessions with the rest of the app; without it the model is loaded for the check and released. */
  cache?: OnnxModelCache
}

export async function checkLearnwarePackage(pkg: LearnwarePackage, options: CheckLearnwareOptions = {}): Promise<LearnwareCheckReport> {
  const settings = resolveOptions(options)
  const checks = checkSemanticSpec(pkg)
  const stat = checkStatSpecs(pkg)
  checks.push(...stat.checks)
  if (pkg.model.kind === 'python') {
    checks.push(failed('model-kind', pkg.model.reason))
    return toReport(checks)
  }
  checks.push(ok('model-kind', `ONNX model ${pkg.model.manifest.model}, described by learnware-dock.json`))
  if (checks.some((check) => !check.ok)) return toReport(checks)
  if (stat.tableSpec) {
    checks.push(...(await checkUsability(pkg, stat.tableSpec, settings)))
    return toReport(checks)
  }
  if (stat.imageSpec && !stat.textSpec) {
    const imageInput = checkImageInput(pkg, stat.imageSpec.channels)
    checks.push(imageInput.outcome)
    if (!imageInput.input) return toReport(checks)
    // An image learnware takes pixels: probe it with images herded from its spec, mapped back to pixels.
    checks.push(...(await checkImageUsability(pkg, stat.imageSpec, imageInput.input, settings)))
    return toReport(checks)
  }
  if (!stat.textSpec) {
    checks.push(failed('model-kind', 'Learnware Dock runs ONNX models on table data, text embeddings and images; without a table, text or image RKME specification this model is not run'))
    return toReport(checks)
  }
  const textInput = checkTextInput(pkg, stat.textSpec.embedder)
  checks.push(textInput)
  if (!textInput.ok) return toReport(checks)
  // A text learnware's model takes embeddings: probe it with points herded from the spec's embedding RKME.
  checks.push(...(await checkUsability(pkg, stat.textSpec.rkme, settings)))
  return toReport(checks)
}

/** The checker in the shape of the dock's pluggable `check` option; `reason` is the reasons joined with '; '. */
export function dockCheck(options: CheckLearnwareOptions = {}): DockCheck {
  return async (pkg) => {
    const report = await checkLearnwarePackage(pkg, options)
    return { status: report.status, reason: report.reasons.join('; ') }
  }
}

/** The manifest must say the model takes texts embedded by the same embedder that made the spec. */
function checkTextInput(pkg: LearnwarePackage, specEmbedder: string) {
  let textInput
  try {
    textInput = readTextInput(pkg)
  } catch (error) {
    return failed('text-input', error instanceof Error ? error.message : String(error))
  }
  // Not wrong, just not runnable here: a model over some unknown text encoding (Beimingwu's take raw strings).
  if (!textInput) return failed('model-kind', 'learnware-dock.json does not say how texts become the model\'s input (no "textInput" with the embedder id), so this model is not run')
  if (textInput.embedder !== specEmbedder) {
    return failed('text-input', `learnware-dock.json embeds texts with ${textInput.embedder} but the text specification was made with ${specEmbedder}`)
  }
  return ok('text-input', `The model takes texts embedded by ${textInput.embedder}`)
}

/** The manifest must say which images the model takes, with the spec's channel count. */
function checkImageInput(pkg: LearnwarePackage, specChannels: number): { outcome: CheckOutcome; input: ImageInputDescription | null } {
  let input
  try {
    input = readImageInput(pkg)
  } catch (error) {
    return { outcome: failed('image-input', error instanceof Error ? error.message : String(error)), input: null }
  }
  // Not wrong, just not runnable here: Beimingwu's image learnwares are Python models.
  if (!input) return { outcome: failed('model-kind', 'learnware-dock.json does not say which images the model takes (no "imageInput" with channels, height, width), so this model is not run'), input: null }
  if (input.channels !== specChannels) {
    return { outcome: failed('image-input', `learnware-dock.json says the model takes ${input.channels}-channel images but the image specification was made from ${specChannels}-channel ones`), input: null }
  }
  return { outcome: ok('image-input', `The model takes ${input.channels} × ${input.height} × ${input.width} images (pixels × ${input.scale})`), input }
}

function resolveOptions(options: CheckLearnwareOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000
  const samples = options.samples ?? 10
  const seed = options.seed ?? 0
  if (!(timeoutMs > 0)) throw new LearnwareError('USAGE', `checkLearnwarePackage: timeoutMs must be positive (got ${timeoutMs})`)
  if (!Number.isInteger(samples) || samples < 1) {
    throw new LearnwareError('USAGE', `checkLearnwarePackage: samples must be a whole number ≥ 1 (got ${samples})`)
  }
  return { timeoutMs, samples, seed, cache: options.cache, signal: options.signal }
}
