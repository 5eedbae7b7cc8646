/**
 * A small ONNX graph builder, so models trained in TypeScript (and later whole export pipelines: imputation,
 * several sub-models, an averaging head) become `.onnx` bytes that onnxruntime and every other ONNX tool can
 * run. It keeps names unique, checks that every node input exists before it is used (ONNX wants nodes in
 * topological order) and tracks which operator-set domains were used, so misuse fails here with a clear
 * message instead of inside onnxruntime.
 *
 * Attribute shorthand: a plain number is an INT, a string a STRING, a number[] INTS; floats must be
 * explicit (`onnxAttr.float(0.5)`), because `1` vs `1.0` cannot be told apart in JavaScript.
 *
 * Example:
 *   const g = new OnnxGraphBuilder({ name: 'linear' })
 *   const x = g.addInput('X', 'float', ['N', 2])
 *   const w = g.addInitializer('W', new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3])
 *   const logits = g.addOp('MatMul', [x, w])
 *   g.addNode('Softmax', [logits], { outputs: ['probabilities'], attributes: { axis: 1 } })
 *   g.addOutput('probabilities', 'float', ['N', 3])
 *   const bytes = g.toBytes({ producerName: 'learnware-dock' })
 */

import { elementTypeCode, encodeModelProto, onnx, type OnnxElementType } from './onnxProto'

/** A dimension: a fixed size, or a symbolic name such as the batch dimension 'N'. */
export type OnnxDim = number | string

export type OnnxAttribute =
  | number
  | string
  | readonly number[]
  | { kind: 'float'; value: number }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'strings'; value: readonly string[] }
  | { kind: 'tensor'; value: onnx.ITensorProto }
  | { kind: 'graph'; value: onnx.IGraphProto }

/** Explicit attribute constructors for the kinds the shorthand cannot express. */
export const onnxAttr = {
  float: (value: number): OnnxAttribute => ({ kind: 'float', value }),
  floats: (value: readonly number[]): OnnxAttribute => ({ kind: 'floats', value }),
  strings: (value: readonly string[]): OnnxAttribute => ({ kind: 'strings', value }),
  tensor: (value: onnx.ITensorProto): OnnxAttribute => ({ kind: 'tensor', value }),
  graph: (value: onnx.IGraphProto): OnnxAttribute => ({ kind: 'graph', value })
}

export type OnnxInitializerValues = ArrayLike<number> | BigInt64Array | readonly string[]

export interface OnnxNodeOptions {
  /** Exact output names, or how many fresh names to make (default 1). */
  outputs?: readonly string[] | number
  attributes?: Readonly<Record<string, OnnxAttribute>>
  /** Operator domain: '' (default ONNX) or e.g. 'ai.onnx.ml'. */
  domain?: string
}

export interface OnnxModelMetadata {
  producerName?: string
  producerVersion?: string
  docString?: string
  /** Free-form key/values stored as model metadata_props (e.g. learnware id, feature names). */
  metadata?: Readonly<Record<string, string>>
}

/** ONNX IR version 8 (ONNX 1.10): the newest the bundled schema knows; onnxruntime 1.30 loads it. */
export const ONNX_IR_VERSION = 8
export const DEFAULT_OPSET = 15
const DEFAULT_DOMAIN_OPSETS: Readonly<Record<string, number>> = { 'ai.onnx.ml': 3 }

export class OnnxGraphBuilder {
  readonly name: string
  private readonly nodes: onnx.INodeProto[] = []
  private readonly initializers: onnx.ITensorProto[] = []
  private readonly inputs: onnx.IValueInfoProto[] = []
  private readonly outputs: onnx.IValueInfoProto[] = []
  private readonly valueInfos: onnx.IValueInfoProto[] = []
  /** Every tensor name defined so far (inputs, initializers, node outputs). */
  private readonly defined = new Set<string>()
  private readonly opsets = new Map<string, number>()
  private nodeCount = 0

  constructor(options: { name?: string; opset?: number } = {}) {
    this.name = options.name ?? 'graph'
    this.opsets.set('', options.opset ?? DEFAULT_OPSET)
  }

  /** `base` when free, else `base_1`, `base_2` … */
  freshName(base: string): string {
    if (!this.defined.has(base)) return base
    let suffix = 1
    while (this.defined.has(`${base}_${suffix}`)) suffix++
    return `${base}_${suffix}`
  }

  hasTensor(name: string): boolean {
    return this.defined.has(name)
  }

  /** Declares the opset version of a domain; the highest requested version wins. */
  useOpset(domain: string, version: number): void {
    this.opsets.set(domain, Math.max(version, this.opsets.get(domain) ?? 0))
  }

  addInput(name: string, type: OnnxElementType, dims: readonly OnnxDim[]): string {
    this.define(name)
    this.inputs.push(valueInfo(name, type, dims))
    return name
  }

  /** Marks an existing tensor as a graph output. */
  addOutput(name: string, type: OnnxElementType, dims: readonly OnnxDim[]): string {
    this.requireDefined(name, 'graph output')
    this.outputs.push(valueInfo(name, type, dims))
    return name
  }

  /** Marks an existing value with a non-tensor type (e.g. ZipMap's seq(map(string, float))) as a graph output. */
  addTypedOutput(name: string, type: onnx.ITypeProto): string {
    this.requireDefined(name, 'graph output')
    this.outputs.push({ name, type })
    return name
  }

  /** Optional shape annotation of an intermediate tensor (helps tools, not needed by onnxruntime). */
  addValueInfo(name: string, type: OnnxElementType, dims: readonly OnnxDim[]): void {
    this.valueInfos.push(valueInfo(name, type, dims))
  }

  /** A constant tensor; `baseName` is made unique. Values are converted to `type` (default float). */
  addInitializer(
    baseName: string,
    values: OnnxInitializerValues,
    dims: readonly number[],
    type: OnnxElementType = 'float'
  ): string {
    const name = this.freshName(baseName)
    const count = dims.reduce((a, b) => a * b, 1)
    if (values.length !== count) {
      throw new Error(`initializer ${name}: ${values.length} values for dims [${dims.join(', ')}]`)
    }
    this.define(name)
    this.initializers.push(tensorProto(name, values, dims, type))
    return name
  }

  /** Adds a node and returns its output names. */
  addNode(opType: string, inputs: readonly string[], options: OnnxNodeOptions = {}): string[] {
    for (const input of inputs) if (input !== '') this.requireDefined(input, `input of ${opType}`)
    const outputs =
      typeof options.outputs === 'object'
        ? [...options.outputs]
        : Array.from({ length: options.outputs ?? 1 }, (_, i) =>
            this.freshName(`${opType.toLowerCase()}${this.nodeCount}${i === 0 ? '' : `_${i}`}`)
          )
    for (const output of outputs) this.define(output)
    const domain = options.domain ?? ''
    if (!this.opsets.has(domain)) this.useOpset(domain, DEFAULT_DOMAIN_OPSETS[domain] ?? 1)
    this.nodes.push({
      name: `${opType}_${this.nodeCount++}`,
      opType,
      domain,
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(options.attributes ?? {}).map(([key, value]) => attributeProto(key, value))
    })
    return outputs
  }

  /** Single-output shorthand for `addNode`. */
  addOp(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, OnnxAttribute>>): string {
    return this.addNode(opType, inputs, { attributes })[0]
  }

  /** Low-level: adds an already-built node (used when embedding other models); its outputs become defined. */
  addNodeProto(node: onnx.INodeProto): void {
    for (const input of node.input ?? []) if (input !== '') this.requireDefined(input, `input of ${node.opType}`)
    for (const output of node.output ?? []) if (output !== '') this.define(output)
    this.nodes.push(node)
    this.nodeCount++
  }

  /** Low-level: adds an already-built initializer under its own (unique) name. */
  addInitializerProto(tensor: onnx.ITensorProto): void {
    this.define(tensor.name ?? '')
    this.initializers.push(tensor)
  }

  toGraphProto(): onnx.IGraphProto {
    return {
      name: this.name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
      valueInfo: this.valueInfos
    }
  }

  toModelProto(meta: OnnxModelMetadata = {}): onnx.IModelProto {
    if (this.outputs.length === 0) throw new Error(`graph ${this.name}: no outputs declared`)
    return {
      irVersion: ONNX_IR_VERSION,
      producerName: meta.producerName ?? 'learnware-dock',
      producerVersion: meta.producerVersion ?? '',
      docString: meta.docString ?? '',
      opsetImport: [...this.opsets].map(([domain, version]) => ({ domain, version })),
      metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: this.toGraphProto()
    }
  }

  toBytes(meta: OnnxModelMetadata = {}): Uint8Array {
    return encodeModelProto(this.toModelProto(meta))
  }

  private define(name: string): void {
    if (name === '') throw new Error('ONNX tensor names must not be empty')
    if (this.defined.has(name)) throw new Error(`tensor name ${name} is already used in graph ${this.name}`)
    this.defined.add(name)
  }

  private requireDefined(name: string, role: string): void {
    if (!this.defined.has(name)) throw new Error(`${role}: tensor ${name} is not defined yet in graph ${this.name}`)
  }
}

export function valueInfo(name: string, type: OnnxElementType, dims: readonly OnnxDim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: elementTypeCode(type),
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) }
      }
    }
  }
}

/** Raw little-endian bytes for numeric types (compact and exact); string tensors use string_data. */
export function tensorProto(
  name: string,
  values: OnnxInitializerValues,
  dims: readonly number[],
  type: OnnxElementType
): onnx.ITensorProto {
  const base = { name, dims: [...dims], dataType: elementTypeCode(type) }
  if (type === 'string') {
    const encoder = new TextEncoder()
    return { ...base, stringData: (values as readonly string[]).map((s) => encoder.encode(s)) }
  }
  const numeric = values as ArrayLike<number> | BigInt64Array
  let raw: ArrayBufferView
  switch (type) {
    case 'float':
      raw = Float32Array.from(numeric as ArrayLike<number>)
      break
    case 'double':
      raw = Float64Array.from(numeric as ArrayLike<number>)
      break
    case 'int32':
      raw = Int32Array.from(numeric as ArrayLike<number>)
      break
    case 'int64':
      raw = numeric instanceof BigInt64Array ? numeric : BigInt64Array.from(numeric, (v) => BigInt(Math.trunc(v)))
      break
    case 'bool':
    case 'uint8':
      raw = Uint8Array.from(numeric as ArrayLike<number>)
      break
    default:
      throw new Error(`initializer ${name}: element type ${type} is not supported by the builder`)
  }
  return { ...base, rawData: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) }
}

function attributeProto(name: string, value: OnnxAttribute): onnx.IAttributeProto {
  const Type = onnx.AttributeProto.AttributeType
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer; use onnxAttr.float`)
    return { name, type: Type.INT, i: value }
  }
  if (typeof value === 'string') return { name, type: Type.STRING, s: new TextEncoder().encode(value) }
  if (isNumberList(value)) return { name, type: Type.INTS, ints: [...value] }
  switch (value.kind) {
    case 'float':
      return { name, type: Type.FLOAT, f: value.value }
    case 'floats':
      return { name, type: Type.FLOATS, floats: [...value.value] }
    case 'strings':
      return { name, type: Type.STRINGS, strings: value.value.map((s) => new TextEncoder().encode(s)) }
    case 'tensor':
      return { name, type: Type.TENSOR, t: value.value }
    case 'graph':
      return { name, type: Type.GRAPH, g: value.value }
  }
}

function isNumberList(value: OnnxAttribute): value is readonly number[] {
  return Array.isArray(value)
}
