/**
 * One ONNX graph imports one version of the default operator set, so members written for different
 * versions must meet at the highest. Most operators mean the same across versions; the ones that moved an
 * attribute into an input (`axes` of Squeeze/Unsqueeze/ReduceSum at 13 and the other reductions at 18,
 * `split` at 13, Slice's `starts/ends/axes` at 10, Clip's `min/max` at 11, TopK's `k` at 10) would make
 * onnxruntime refuse the merged model, so they are rewritten here: the attribute becomes a Constant node
 * feeding the new input (a Constant, not an initializer, so it also works inside If/Loop bodies).
 * Operators removed from later versions are refused with the member named. Anything subtler is caught by
 * the verification, which compares the merged graph with each member run on its own.
 *
 * Example:
 *   const upgraded = upgradeOpset(member.proto, 15, 'learnware 00042')   // unchanged when already ≥ 15
 */

import { LearnwareError } from '../errors'
import { defaultOpset, onnx, toNumber } from './memberModels'

/** Operator → the version at which its `axes` attribute became an input. */
const AXES_BECAME_INPUT: Readonly<Record<string, number>> = {
  Squeeze: 13,
  Unsqueeze: 13,
  ReduceSum: 13,
  ReduceMean: 18,
  ReduceMax: 18,
  ReduceMin: 18,
  ReduceProd: 18,
  ReduceL1: 18,
  ReduceL2: 18,
  ReduceLogSum: 18,
  ReduceLogSumExp: 18,
  ReduceSumSquare: 18
}

/** Operators whose old form cannot be rewritten mechanically: version at which the old form stopped loading. */
const REFUSED: Readonly<Record<string, number>> = { Upsample: 10, Scatter: 11, Pad: 11 }

const Attr = onnx.AttributeProto.AttributeType

export function upgradeOpset(proto: onnx.ModelProto, target: number, source: string): onnx.ModelProto {
  const from = defaultOpset(proto)
  if (from >= target) return proto
  const graph = upgradeGraph(proto.graph!, from, target, source, { count: 0 })
  const opsetImport = (proto.opsetImport ?? []).map((o) => (!o.domain || o.domain === 'ai.onnx' ? { ...o, version: target } : o))
  return onnx.ModelProto.create({ ...proto, graph, opsetImport })
}

interface Counter {
  count: number
}

function upgradeGraph(graph: onnx.IGraphProto, from: number, target: number, source: string, counter: Counter): onnx.IGraphProto {
  const nodes: onnx.INodeProto[] = []
  for (const original of graph.node ?? []) {
    const node = { ...original, attribute: (original.attribute ?? []).map((a) => upgradeSubgraphs(a, from, target, source, counter)) }
    if (node.domain && node.domain !== 'ai.onnx') {
      nodes.push(node)
      continue
    }
    const refusedAt = REFUSED[node.opType ?? '']
    if (refusedAt !== undefined && from < refusedAt && target >= refusedAt) {
      throw new LearnwareError('EXPORT_PLAN_INVALID', `${source}: its ${node.opType} operator (opset ${from}) has no mechanical equivalent in opset ${target}`, {
        hint: `Re-export that model with opset ${target} so it can share one graph with the others.`
      })
    }
    nodes.push(...rewriteNode(node, from, target, counter))
  }
  return { ...graph, node: nodes }
}

function upgradeSubgraphs(attribute: onnx.IAttributeProto, from: number, target: number, source: string, counter: Counter): onnx.IAttributeProto {
  if (!attribute.g && !(attribute.graphs ?? []).length) return attribute
  return {
    ...attribute,
    g: attribute.g ? upgradeGraph(attribute.g, from, target, source, counter) : attribute.g,
    graphs: (attribute.graphs ?? []).map((g) => upgradeGraph(g, from, target, source, counter))
  }
}

/** The node in its new form, preceded by the Constant nodes that now feed former attributes. */
function rewriteNode(node: onnx.INodeProto, from: number, target: number, counter: Counter): onnx.INodeProto[] {
  const op = node.opType ?? ''
  const crosses = (version: number) => from < version && target >= version
  const moves: { attribute: string; position: number; type: 'int64' | 'float' }[] = []
  if (AXES_BECAME_INPUT[op] !== undefined && crosses(AXES_BECAME_INPUT[op])) moves.push({ attribute: 'axes', position: 1, type: 'int64' })
  if (op === 'Split' && crosses(13)) moves.push({ attribute: 'split', position: 1, type: 'int64' })
  if (op === 'Slice' && crosses(10)) {
    moves.push({ attribute: 'starts', position: 1, type: 'int64' }, { attribute: 'ends', position: 2, type: 'int64' }, { attribute: 'axes', position: 3, type: 'int64' })
  }
  if (op === 'Clip' && crosses(11)) moves.push({ attribute: 'min', position: 1, type: 'float' }, { attribute: 'max', position: 2, type: 'float' })
  if (op === 'TopK' && crosses(10)) moves.push({ attribute: 'k', position: 1, type: 'int64' })
  if (moves.length === 0 && !(op === 'Split' && crosses(18))) return [node]

  const attributes = new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]))
  const inputs = [...(node.input ?? [])]
  const constants: onnx.INodeProto[] = []
  for (const move of moves) {
    const attribute = attributes.get(move.attribute)
    if (!attribute) continue
    attributes.delete(move.attribute)
    const name = `${node.output?.[0] ?? op}__${move.attribute}_${counter.count++}`
    constants.push(constantNode(name, attribute, move.type, op === 'TopK'))
    while (inputs.length < move.position) inputs.push('')
    inputs[move.position] = name
  }
  // Split at 18 needs the number of outputs when the sizes are not given.
  if (op === 'Split' && crosses(18) && !inputs[1]) attributes.set('num_outputs', { name: 'num_outputs', type: Attr.INT, i: (node.output ?? []).length })
  return [...constants, { ...node, input: trimTrailingEmpty(inputs), attribute: [...attributes.values()] }]
}

function constantNode(name: string, attribute: onnx.IAttributeProto, type: 'int64' | 'float', asVector: boolean): onnx.INodeProto {
  const ints = attribute.type === Attr.INTS ? (attribute.ints ?? []).map(toNumber) : null
  let tensor: onnx.ITensorProto
  if (type === 'int64') {
    const values = ints ?? [toNumber(attribute.i)]
    const dims = ints || asVector ? [values.length] : []
    tensor = { dataType: onnx.TensorProto.DataType.INT64, dims, int64Data: values }
  } else {
    tensor = { dataType: onnx.TensorProto.DataType.FLOAT, dims: [], floatData: [attribute.f ?? 0] }
  }
  return { opType: 'Constant', domain: '', input: [], output: [name], name, attribute: [{ name: 'value', type: Attr.TENSOR, t: tensor }] }
}

function trimTrailingEmpty(inputs: string[]): string[] {
  let end = inputs.length
  while (end > 0 && inputs[end - 1] === '') end--
  return inputs.slice(0, end)
}
