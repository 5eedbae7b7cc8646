/**
 * Copies a whole ONNX model into a graph being built, renaming every tensor with a prefix, so several
 * learnwares' models can sit side by side in one exported pipeline (each fed from shared preprocessing,
 * their outputs averaged or voted). Names inside nested subgraphs (If/Loop bodies) get the same renaming,
 * which keeps outer-scope references consistent.
 *
 * Caveat: operator sets are merged by taking the highest version per domain. That is right for the operators
 * our factories and common converters emit (MatMul, Add, Softmax on 2-D input, ArgMax, Gather …), but an
 * operator whose semantics changed between the two versions would run with the newer meaning.
 *
 * Example:
 *   const g = new OnnxGraphBuilder({ name: 'ensemble' })
 *   const x = g.addInput('X', 'float', ['N', 4])
 *   const a = embedOnnxModel(g, bytesA, { prefix: 'm0', inputs: { X: x } })   // { label: 'm0/label', probabilities: 'm0/probabilities' }
 *   const b = embedOnnxModel(g, bytesB, { prefix: 'm1', inputs: { X: x } })
 *   const mean = addMean(g, [a.probabilities, b.probabilities])
 */

import type { OnnxGraphBuilder } from './onnxBuilder'
import { decodeModelProto, onnx, toNumber } from './onnxProto'

export interface EmbedOptions {
  /** Prepended to every name as `${prefix}/name`; must make the names unique in the host graph. */
  prefix: string
  /** Embedded model input name → tensor in the host graph that feeds it. Every non-initializer input needs one. */
  inputs: Readonly<Record<string, string>>
}

/** Returns embedded output name → its (prefixed) tensor name in the host graph. */
export function embedOnnxModel(
  host: OnnxGraphBuilder,
  model: Uint8Array | onnx.IModelProto,
  options: EmbedOptions
): Record<string, string> {
  const proto = model instanceof Uint8Array ? decodeModelProto(model, `embedded model ${options.prefix}`) : model
  const graph = proto.graph!
  if ((proto.functions ?? []).length > 0) {
    throw new Error(`embedded model ${options.prefix}: model-local functions are not supported`)
  }
  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name ?? ''))
  for (const input of graph.input ?? []) {
    const name = input.name ?? ''
    if (!initializerNames.has(name) && !(name in options.inputs)) {
      throw new Error(`embedded model ${options.prefix}: no host tensor given for its input ${name}`)
    }
  }
  const rename = (name: string): string => (name === '' ? '' : (options.inputs[name] ?? `${options.prefix}/${name}`))

  for (const opset of proto.opsetImport ?? []) host.useOpset(opset.domain ?? '', toNumber(opset.version))
  for (const tensor of graph.initializer ?? []) {
    // An input with a default value (an initializer of the same name) that the caller feeds is overridden.
    if (!((tensor.name ?? '') in options.inputs)) host.addInitializerProto({ ...tensor, name: rename(tensor.name ?? '') })
  }
  for (const node of graph.node ?? []) host.addNodeProto(renameNode(node, rename, options.prefix))

  const outputs: Record<string, string> = {}
  for (const output of graph.output ?? []) outputs[output.name ?? ''] = rename(output.name ?? '')
  return outputs
}

function renameNode(node: onnx.INodeProto, rename: (name: string) => string, prefix: string): onnx.INodeProto {
  return {
    ...node,
    name: node.name ? `${prefix}/${node.name}` : node.name,
    input: (node.input ?? []).map(rename),
    output: (node.output ?? []).map(rename),
    attribute: (node.attribute ?? []).map((attribute) => renameAttribute(attribute, rename, prefix))
  }
}

function renameAttribute(
  attribute: onnx.IAttributeProto,
  rename: (name: string) => string,
  prefix: string
): onnx.IAttributeProto {
  if (!attribute.g && !(attribute.graphs ?? []).length) return attribute
  return {
    ...attribute,
    g: attribute.g ? renameGraph(attribute.g, rename, prefix) : attribute.g,
    graphs: (attribute.graphs ?? []).map((graph) => renameGraph(graph, rename, prefix))
  }
}

function renameGraph(graph: onnx.IGraphProto, rename: (name: string) => string, prefix: string): onnx.IGraphProto {
  const renameInfo = (info: onnx.IValueInfoProto): onnx.IValueInfoProto => ({ ...info, name: rename(info.name ?? '') })
  return {
    ...graph,
    node: (graph.node ?? []).map((node) => renameNode(node, rename, prefix)),
    initializer: (graph.initializer ?? []).map((t) => ({ ...t, name: rename(t.name ?? '') })),
    input: (graph.input ?? []).map(renameInfo),
    output: (graph.output ?? []).map(renameInfo),
    valueInfo: (graph.valueInfo ?? []).map(renameInfo)
  }
}
