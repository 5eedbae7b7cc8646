/**
 * The one place that touches the ONNX protobuf schema (onnx-proto, ONNX 1.10 messages as protobufjs static
 * classes). Everything else in runtime/ speaks in element-type names ('float', 'int64' …) and plain numbers,
 * so the rest of the code never sees protobuf enums or `Long` values.
 *
 * Example:
 *   const model = decodeModelProto(bytes, 'model.onnx')      // LearnwareError('MODEL_INVALID') when not ONNX
 *   const type = elementTypeName(model.graph!.input![0].type!.tensorType!.elemType)   // 'float'
 *   const again = encodeModelProto(model)                    // Uint8Array
 */

import { onnx } from 'onnx-proto'
import { LearnwareError } from '../errors'

export { onnx }

/** Element types of ONNX tensors, named as in the ONNX spec (lower case). */
export type OnnxElementType =
  | 'float'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'string'
  | 'bool'
  | 'float16'
  | 'double'
  | 'uint32'
  | 'uint64'
  | 'complex64'
  | 'complex128'
  | 'bfloat16'

/** Indexed by `TensorProto.DataType`; index 0 is UNDEFINED. */
const ELEMENT_TYPES: readonly (OnnxElementType | undefined)[] = [
  undefined,
  'float',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'double',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16'
]

/** 'float' → 1 (TensorProto.DataType.FLOAT). */
export function elementTypeCode(type: OnnxElementType): number {
  return ELEMENT_TYPES.indexOf(type)
}

/** 1 → 'float'; unknown or newer codes (float8 …) → 'unknown'. */
export function elementTypeName(code: number | null | undefined): OnnxElementType | 'unknown' {
  return (code != null && ELEMENT_TYPES[code]) || 'unknown'
}

type LongLike = number | { toNumber(): number }

/** protobufjs decodes int64 fields as `Long` objects when the `long` package is present; we want numbers. */
export function toNumber(value: LongLike | null | undefined): number {
  if (value == null) return 0
  return typeof value === 'number' ? value : value.toNumber()
}

/** Parses ONNX bytes; garbage, truncated or empty input is a MODEL_INVALID naming `source`. */
export function decodeModelProto(bytes: Uint8Array, source: string): onnx.ModelProto {
  if (bytes.byteLength === 0) {
    throw new LearnwareError('MODEL_INVALID', `${source}: the ONNX model file is empty`)
  }
  let model: onnx.ModelProto
  try {
    model = onnx.ModelProto.decode(bytes)
  } catch (cause) {
    throw new LearnwareError('MODEL_INVALID', `${source}: not an ONNX model (protobuf parsing failed)`, {
      hint: 'The file may be truncated or not an .onnx file at all; re-export the model.',
      cause
    })
  }
  if (!model.graph || toNumber(model.irVersion) <= 0) {
    throw new LearnwareError('MODEL_INVALID', `${source}: not an ONNX model (no graph or IR version)`, {
      hint: 'The file may be truncated or not an .onnx file at all; re-export the model.'
    })
  }
  return model
}

export function encodeModelProto(model: onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish()
}
