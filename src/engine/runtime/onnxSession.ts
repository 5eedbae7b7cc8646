/**
 * Turns verified ONNX bytes into an onnxruntime-node InferenceSession. Always from bytes (never a path inside
 * a package, which could be swapped between verification and loading), after refusing models with external
 * data files, and with onnxruntime's load errors turned into MODEL_INVALID the user can act on.
 *
 * The node binding cannot return non-tensor values, yet sklearn-onnx classifiers give their probabilities as
 * `output_probability: seq(map(label, float))` made by a ZipMap node. We add the ZipMap's input (a plain
 * float[N,C] tensor) as an extra graph output – a "probability tap" – so those models still yield
 * probabilities. The rewrite happens in memory; the cache key stays the sha256 of the original bytes.
 *
 * Example:
 *   const loaded = await createOnnxSession(bytes, { source: 'model.onnx' })
 *   loaded.session.inputNames          // ['X']
 *   loaded.probabilityTaps             // { output_probability: 'probabilities' } for a ZipMap model
 *   await loaded.session.release()
 */

import * as ort from 'onnxruntime-node'
import { LearnwareError } from '../errors'
import { assertSelfContained, describeModelProto, type ModelDescription } from './describeModel'
import { decodeModelProto, encodeModelProto, onnx } from './onnxProto'

export type OnnxSessionOptions = Pick<
  ort.InferenceSession.SessionOptions,
  'intraOpNumThreads' | 'interOpNumThreads' | 'graphOptimizationLevel' | 'logSeverityLevel'
>

export interface LoadedOnnxSession {
  session: ort.InferenceSession
  description: ModelDescription
  /** Non-tensor output (a ZipMap sequence) → tensor output added to the graph that holds the same numbers. */
  probabilityTaps: Record<string, string>
}

const DEFAULT_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3
}

export async function createOnnxSession(
  bytes: Uint8Array,
  options: { source?: string; sessionOptions?: OnnxSessionOptions } = {}
): Promise<LoadedOnnxSession> {
  const source = options.source ?? 'ONNX model'
  const model = decodeModelProto(bytes, source)
  const description = describeModelProto(model, bytes)
  assertSelfContained(description, source)
  const probabilityTaps = addProbabilityTaps(model)
  const runnable = Object.keys(probabilityTaps).length > 0 ? encodeModelProto(model) : bytes
  try {
    const session = await ort.InferenceSession.create(runnable, { ...DEFAULT_SESSION_OPTIONS, ...options.sessionOptions })
    return { session, description, probabilityTaps }
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new LearnwareError('MODEL_INVALID', `${source}: onnxruntime cannot load the model: ${firstLine(reason)}`, {
      hint: 'Check that the model uses standard ONNX operators (opset ≤ 21) and was exported completely.',
      cause
    })
  }
}

/** Mutates `model`: exposes the float input of every ZipMap that feeds a graph output. */
function addProbabilityTaps(model: onnx.ModelProto): Record<string, string> {
  const graph = model.graph as onnx.GraphProto // decoded messages always carry (possibly empty) arrays
  const taps: Record<string, string> = {}
  const outputNames = new Set(graph.output.map((o) => o.name))
  for (const node of graph.node) {
    if (node.opType !== 'ZipMap' || node.domain !== 'ai.onnx.ml') continue
    const sequenceOutput = node.output?.[0] ?? ''
    const probabilities = node.input?.[0]
    if (!outputNames.has(sequenceOutput) || !probabilities) continue
    taps[sequenceOutput] = probabilities
    if (!outputNames.has(probabilities)) {
      graph.output.push(
        onnx.ValueInfoProto.create({
          name: probabilities,
          type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } }
        })
      )
      outputNames.add(probabilities)
    }
  }
  return taps
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}
