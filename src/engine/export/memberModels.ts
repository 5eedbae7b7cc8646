/**
 * What the exporter must know about a model before it embeds it in the pipeline graph: its one feature
 * input (name, float or double), the tensor behind the output the plan names, that tensor's width, and
 * the operator sets and IR version it was written for. A plan may name a scikit-learn ZipMap output
 * (`output_probability`, a sequence of maps, not a tensor); then the float tensor the ZipMap reads is used,
 * the same numbers the runtime's probability tap returns.
 *
 * Uses onnx-proto directly: runtime/ keeps its protobuf helpers private, and this module only reads.
 *
 * Example:
 *   const model = inspectModel(member.onnxModel, member.outputName, 'learnware 00042 ("Wine")')
 *   model.inputName      // 'X'
 *   model.outputTensor   // 'probabilities' (or the ZipMap's input)
 *   model.outputWidth    // 3, or null when the model leaves it symbolic
 */

import { onnx } from 'onnx-proto'
import { LearnwareError } from '../errors'

export { onnx }

export interface InspectedModel {
  proto: onnx.ModelProto
  source: string
  inputName: string
  inputType: 'float' | 'double'
  /** Declared feature count (second input dim, or the product of all dims after the batch), or null when symbolic. */
  inputWidth: number | null
  /**
   * The input's fixed dims after the batch when it has more than one (an image model's [C, H, W]): the
   * pipeline reshapes the member's columns to [N, …rowShape], as the runtime does for such models. Else null.
   */
  inputRowShape: number[] | null
  /** The tensor holding the output to read. */
  outputTensor: string
  outputType: 'float' | 'double'
  /** Declared rank of that tensor (1 or 2 in practice), null when undeclared. */
  outputRank: number | null
  /** Values per row when declared with fixed sizes, null when unknown. */
  outputWidth: number | null
  /** Version of the default ONNX operator set the model imports. */
  opset: number
  irVersion: number
}

const FLOAT = onnx.TensorProto.DataType.FLOAT
const DOUBLE = onnx.TensorProto.DataType.DOUBLE

type LongLike = number | { toNumber(): number } | null | undefined

/** protobufjs hands out int64 fields as `Long` objects when the `long` package is installed. */
export function toNumber(value: LongLike): number {
  if (value == null) return 0
  return typeof value === 'number' ? value : value.toNumber()
}

export function decodeModel(bytes: Uint8Array, source: string): onnx.ModelProto {
  let proto: onnx.ModelProto
  try {
    proto = onnx.ModelProto.decode(bytes)
  } catch (cause) {
    throw new LearnwareError('MODEL_INVALID', `${source}: not an ONNX model (protobuf parsing failed)`, { cause })
  }
  if (!proto.graph || toNumber(proto.irVersion) <= 0) {
    throw new LearnwareError('MODEL_INVALID', `${source}: not an ONNX model (no graph or IR version)`)
  }
  return proto
}

export function defaultOpset(proto: onnx.IModelProto): number {
  const entry = (proto.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')
  return entry ? toNumber(entry.version) : 1
}

export function inspectModel(bytes: Uint8Array, outputName: string, source: string): InspectedModel {
  const proto = decodeModel(bytes, source)
  const graph = proto.graph!
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name))
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name))
  if (inputs.length !== 1) {
    throw new LearnwareError('MODEL_INVALID', `${source}: the model has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); one feature matrix is supported`, {
      hint: 'Export the model with a single input X: float[N, features].'
    })
  }
  const input = inputs[0]
  const inputType = floatKind(input.type?.tensorType?.elemType, source, `input ${input.name}`)
  const inputDims = dimsOf(input)
  const output = resolveOutput(graph, outputName, source)
  return {
    proto,
    source,
    inputName: input.name ?? '',
    inputType,
    inputWidth: inputDims && inputDims.length >= 2 ? widthOf(inputDims) : null,
    inputRowShape: inputDims && inputDims.length > 2 && inputDims.slice(1).every((d) => d > 0) ? inputDims.slice(1) : null,
    ...output,
    opset: defaultOpset(proto),
    irVersion: toNumber(proto.irVersion)
  }
}

type ResolvedOutput = Pick<InspectedModel, 'outputTensor' | 'outputType' | 'outputRank' | 'outputWidth'>

function resolveOutput(graph: onnx.IGraphProto, outputName: string, source: string): ResolvedOutput {
  const declared = (graph.output ?? []).find((o) => o.name === outputName)
  if (!declared) {
    const names = (graph.output ?? []).map((o) => o.name).join(', ')
    throw new LearnwareError('EXPORT_PLAN_INVALID', `${source}: the model has no output "${outputName}" (outputs: ${names})`, {
      hint: 'The plan must name the model output that holds the probabilities or values.'
    })
  }
  if (declared.type?.tensorType) {
    const dims = dimsOf(declared)
    return {
      outputTensor: outputName,
      outputType: floatKind(declared.type.tensorType.elemType, source, `output ${outputName}`),
      outputRank: dims ? dims.length : null,
      outputWidth: widthOf(dims)
    }
  }
  const zipMap = (graph.node ?? []).find((n) => n.opType === 'ZipMap' && n.output?.[0] === outputName)
  const probabilities = zipMap?.input?.[0]
  if (!zipMap || !probabilities) {
    throw new LearnwareError('EXPORT_PLAN_INVALID', `${source}: output "${outputName}" is not a tensor`, {
      hint: 'Name a float output [N, classes] or [N, targets].'
    })
  }
  const labels = (zipMap.attribute ?? []).find((a) => a.name === 'classlabels_int64s' || a.name === 'classlabels_strings')
  const classCount = labels ? (labels.ints?.length || labels.strings?.length || 0) : 0
  return { outputTensor: probabilities, outputType: 'float', outputRank: 2, outputWidth: classCount > 0 ? classCount : null }
}

function floatKind(code: number | null | undefined, source: string, what: string): 'float' | 'double' {
  if (code === FLOAT) return 'float'
  if (code === DOUBLE) return 'double'
  throw new LearnwareError('EXPORT_PLAN_INVALID', `${source}: ${what} has element type ${code ?? 'unknown'}, not float or double`, {
    hint: 'The exporter feeds float features and reads float probabilities or values.'
  })
}

/** Fixed sizes, with −1 for symbolic dimensions; null when the shape is not declared. */
function dimsOf(info: onnx.IValueInfoProto): number[] | null {
  const shape = info.type?.tensorType?.shape
  if (!shape) return null
  return (shape.dim ?? []).map((d) => (d.dimValue != null && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : -1))
}

function widthOf(dims: number[] | null): number | null {
  if (!dims) return null
  if (dims.length === 1) return 1
  const rest = dims.slice(1)
  return rest.every((d) => d > 0) ? rest.reduce((a, b) => a * b, 1) : null
}
