/**
 * What an ONNX model is, read from its bytes without running it: inputs/outputs (element types, shapes with
 * symbolic dims), opsets, producer, class labels a converter stored (ZipMap / ai.onnx.ml classifiers), and
 * whether it points at external data files. The checker uses it to validate a learnware against its spec; the
 * UI shows it; the session loader uses the same walk to refuse unsafe models.
 *
 * Example:
 *   const info = describeModel(bytes, 'learnware 00042/model.onnx')
 *   info.inputs[0]   // { name: 'X', kind: 'tensor', elementType: 'float', dims: ['N', 4], typeText: 'float[N,4]' }
 *   info.opsets      // [{ domain: '', version: 15 }]
 */

import { createHash } from 'node:crypto'
import { LearnwareError } from '../errors'
import { decodeModelProto, elementTypeName, onnx, toNumber, type OnnxElementType } from './onnxProto'

export interface OnnxValueDescription {
  name: string
  kind: 'tensor' | 'sequence' | 'map' | 'optional' | 'sparse_tensor' | 'unknown'
  /** Element type of a tensor (or of the tensors inside a sequence/map value). */
  elementType: OnnxElementType | 'unknown'
  /** Tensor dims: a number, a symbolic name ('N'), or null when unknown; null when the rank is unknown. */
  dims: (number | string | null)[] | null
  /** Human-readable type, e.g. 'float[N,4]' or 'seq(map(int64,float))'. */
  typeText: string
}

export interface ModelDescription {
  sha256: string
  byteLength: number
  irVersion: number
  opsets: { domain: string; version: number }[]
  producerName: string
  producerVersion: string
  graphName: string
  docString: string
  metadata: Record<string, string>
  /** Graph inputs that must be fed (initializers listed as inputs are left out). */
  inputs: OnnxValueDescription[]
  outputs: OnnxValueDescription[]
  nodeCount: number
  /** Number of scalar parameters stored in initializers. */
  parameterCount: number
  /** Distinct operators, 'domain:Op' outside the default domain. */
  operators: string[]
  /** Class labels a converter recorded (ZipMap, LinearClassifier, TreeEnsembleClassifier …), else null. */
  classLabels: number[] | string[] | null
  /** Tensors stored in external files; the runner refuses such models (they would read arbitrary paths). */
  externalDataTensors: string[]
}

export function describeModel(bytes: Uint8Array, source = 'ONNX model'): ModelDescription {
  return describeModelProto(decodeModelProto(bytes, source), bytes)
}

export function describeModelProto(model: onnx.ModelProto, bytes: Uint8Array): ModelDescription {
  const graph = model.graph as onnx.GraphProto // decoded messages always carry (possibly empty) arrays
  const initializerNames = new Set(graph.initializer.map((t) => t.name ?? ''))
  const operators = new Set<string>()
  let nodeCount = 0
  const externalDataTensors: string[] = []
  let classLabels: number[] | string[] | null = null
  const visitor: GraphVisitor = {
    node: (node) => {
      nodeCount++
      operators.add(node.domain ? `${node.domain}:${node.opType}` : (node.opType ?? ''))
      classLabels ??= classLabelsOf(node)
    },
    tensor: (tensor) => {
      if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (tensor.externalData ?? []).length > 0) {
        externalDataTensors.push(tensor.name ?? '(unnamed)')
      }
    }
  }
  walkGraph(graph, visitor)
  for (const fn of model.functions) walkGraph({ node: fn.node }, visitor)
  return {
    sha256: sha256Hex(bytes),
    byteLength: bytes.byteLength,
    irVersion: toNumber(model.irVersion),
    opsets: model.opsetImport.map((o) => ({ domain: o.domain ?? '', version: toNumber(o.version) })),
    producerName: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    graphName: graph.name ?? '',
    docString: model.docString ?? '',
    metadata: Object.fromEntries(model.metadataProps.map((p) => [p.key ?? '', p.value ?? ''])),
    inputs: graph.input.filter((i) => !initializerNames.has(i.name ?? '')).map(describeValue),
    outputs: graph.output.map(describeValue),
    nodeCount,
    parameterCount: graph.initializer.reduce((sum, t) => sum + (t.dims ?? []).reduce<number>((a, d) => a * toNumber(d), 1), 0),
    operators: [...operators].sort(),
    classLabels,
    externalDataTensors
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Refuses models whose tensors live in external files: loading those from bytes resolves paths we do not control. */
export function assertSelfContained(description: ModelDescription, source: string): void {
  if (description.externalDataTensors.length === 0) return
  throw new LearnwareError(
    'MODEL_INVALID',
    `${source}: tensor ${description.externalDataTensors[0]} is stored in an external data file`,
    { hint: 'Re-save the model with all weights inside the .onnx file (onnx.save with save_as_external_data=False).' }
  )
}

function describeValue(info: onnx.IValueInfoProto): OnnxValueDescription {
  const type = info.type ?? {}
  const base = { name: info.name ?? '', typeText: typeText(type) }
  if (type.tensorType) {
    return { ...base, kind: 'tensor', elementType: elementTypeName(type.tensorType.elemType), dims: dimsOf(type.tensorType) }
  }
  const kind = type.sequenceType ? 'sequence' : type.mapType ? 'map' : type.optionalType ? 'optional' : type.sparseTensorType ? 'sparse_tensor' : 'unknown'
  return { ...base, kind, elementType: innerElementType(type), dims: null }
}

function dimsOf(tensor: onnx.TypeProto.ITensor): (number | string | null)[] | null {
  if (!tensor.shape) return null
  return (tensor.shape.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null ? toNumber(d.dimValue) : null))
}

function innerElementType(type: onnx.ITypeProto): OnnxElementType | 'unknown' {
  if (type.tensorType) return elementTypeName(type.tensorType.elemType)
  if (type.sparseTensorType) return elementTypeName(type.sparseTensorType.elemType)
  const inner = type.sequenceType?.elemType ?? type.mapType?.valueType ?? type.optionalType?.elemType
  return inner ? innerElementType(inner) : 'unknown'
}

function typeText(type: onnx.ITypeProto): string {
  if (type.tensorType) {
    const dims = dimsOf(type.tensorType)
    return `${elementTypeName(type.tensorType.elemType)}${dims ? `[${dims.map((d) => d ?? '?').join(',')}]` : ''}`
  }
  if (type.sequenceType) return `seq(${type.sequenceType.elemType ? typeText(type.sequenceType.elemType) : '?'})`
  if (type.mapType) {
    return `map(${elementTypeName(type.mapType.keyType)},${type.mapType.valueType ? typeText(type.mapType.valueType) : '?'})`
  }
  if (type.optionalType) return `optional(${type.optionalType.elemType ? typeText(type.optionalType.elemType) : '?'})`
  if (type.sparseTensorType) return `sparse(${elementTypeName(type.sparseTensorType.elemType)})`
  return 'unknown'
}

const CLASS_LABEL_ATTRIBUTES = ['classlabels_int64s', 'classlabels_ints', 'classlabels_strings']

function classLabelsOf(node: onnx.INodeProto): number[] | string[] | null {
  if (node.domain !== 'ai.onnx.ml') return null
  for (const attribute of node.attribute ?? []) {
    if (!CLASS_LABEL_ATTRIBUTES.includes(attribute.name ?? '')) continue
    if ((attribute.ints ?? []).length > 0) return attribute.ints!.map((v) => toNumber(v))
    if ((attribute.strings ?? []).length > 0) return attribute.strings!.map((s) => new TextDecoder().decode(s))
  }
  return null
}

interface GraphVisitor {
  node(node: onnx.INodeProto): void
  tensor(tensor: onnx.ITensorProto): void
}

/** Visits every node and stored tensor, including those of nested subgraphs and Constant attributes. */
export function walkGraph(graph: onnx.IGraphProto, visit: GraphVisitor): void {
  for (const tensor of graph.initializer ?? []) visit.tensor(tensor)
  for (const sparse of graph.sparseInitializer ?? []) {
    if (sparse.values) visit.tensor(sparse.values)
    if (sparse.indices) visit.tensor(sparse.indices)
  }
  for (const node of graph.node ?? []) {
    visit.node(node)
    for (const attribute of node.attribute ?? []) {
      if (attribute.t) visit.tensor(attribute.t)
      if (attribute.sparseTensor?.values) visit.tensor(attribute.sparseTensor.values)
      if (attribute.sparseTensor?.indices) visit.tensor(attribute.sparseTensor.indices)
      for (const tensor of attribute.tensors ?? []) visit.tensor(tensor)
      if (attribute.g) walkGraph(attribute.g, visit)
      for (const sub of attribute.graphs ?? []) walkGraph(sub, visit)
    }
  }
}
