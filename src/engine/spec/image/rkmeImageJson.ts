/**
 * Beimingwu-compatible JSON for image RKME specs. The reference saves with
 * `json.dump(..., separators=(",", ":"))`: keys in the order RKME_IMAGE_VERSION, msg, z, beta, n_models,
 * model_config, type; z nested [K][C][32][32]; floats in Python's repr. We write the same bytes — a spec
 * read from a reference file serialises back to an identical file — and read z as float32 like the
 * reference's `load`.
 *
 * Example:
 *   const spec = parseRkmeImageSpec(JSON.parse(text), 'rkme.json')
 *   writeFileSync('rkme.json', serializeRkmeImageSpec(spec))
 */

import { LearnwareError } from '../../errors'
import { DEFAULT_IMAGE_MODEL_CONFIG, RKME_IMAGE_SIDE, RKME_IMAGE_TYPE, RKME_IMAGE_VERSION, type RkmeImageModelConfig, type RkmeImageSpec } from './rkmeImage'

const PIXELS = RKME_IMAGE_SIDE * RKME_IMAGE_SIDE

export function parseRkmeImageSpec(raw: unknown, source = 'specification'): RkmeImageSpec {
  const fail = (field: string, problem: string, hint?: string): never => {
    throw new LearnwareError('SPEC_BAD_FORMAT', `${source}: field "${field}" ${problem}`, hint ? { hint } : {})
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('(root)', 'must be a JSON object')
  const json = raw as Record<string, unknown>
  if (json.type !== RKME_IMAGE_TYPE) fail('type', `is ${JSON.stringify(json.type)}, expected "${RKME_IMAGE_TYPE}"`)
  const version = json.RKME_IMAGE_VERSION ?? RKME_IMAGE_VERSION
  if (typeof version !== 'number' || !Number.isInteger(version)) fail('RKME_IMAGE_VERSION', 'must be an integer')
  const msg = json.msg ?? null
  if (msg !== null && typeof msg !== 'string') fail('msg', 'must be a string or null')

  if (!Array.isArray(json.z) || json.z.length === 0) fail('z', 'must be a non-empty array of images [K][C][32][32]')
  const images = json.z as unknown[]
  const k = images.length
  const first = images[0]
  const channels = Array.isArray(first) ? first.length : 0
  if (channels < 1) fail('z[0]', 'must be an array of channels, each 32×32')
  const z = new Float32Array(k * channels * PIXELS)
  images.forEach((image, i) => {
    if (!Array.isArray(image) || image.length !== channels) fail(`z[${i}]`, `must have ${channels} channels like z[0]`)
    ;(image as unknown[]).forEach((plane, c) => {
      if (!Array.isArray(plane) || plane.length !== RKME_IMAGE_SIDE) {
        fail(`z[${i}][${c}]`, `must be ${RKME_IMAGE_SIDE} rows of ${RKME_IMAGE_SIDE} numbers`, 'The image kernel is defined for 32×32 reduced-set images only')
      }
      ;(plane as unknown[]).forEach((row, y) => {
        if (!Array.isArray(row) || row.length !== RKME_IMAGE_SIDE) fail(`z[${i}][${c}][${y}]`, `must be ${RKME_IMAGE_SIDE} numbers`)
        const base = (i * channels + c) * PIXELS + y * RKME_IMAGE_SIDE
        ;(row as unknown[]).forEach((v, x) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) fail(`z[${i}][${c}][${y}][${x}]`, 'is not a finite number')
          z[base + x] = v as number
        })
      })
    })
  })
  if (!Array.isArray(json.beta) || json.beta.length !== k) fail('beta', `must be an array of ${k} numbers (one per image of z)`)
  const beta = Float64Array.from(json.beta as unknown[], (v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`beta[${i}]`, 'is not a finite number')
    return v as number
  })
  const nModels = json.n_models ?? 16
  if (typeof nModels !== 'number' || !Number.isInteger(nModels) || nModels < 1) fail('n_models', 'must be a positive integer')
  const modelConfig = parseModelConfig(json.model_config, fail)
  return { type: RKME_IMAGE_TYPE, version: version as number, msg: msg as string | null, z, beta, k, channels, nModels: nModels as number, modelConfig }
}

function parseModelConfig(raw: unknown, fail: (field: string, problem: string, hint?: string) => never): RkmeImageModelConfig {
  if (raw === undefined) return { ...DEFAULT_IMAGE_MODEL_CONFIG }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('model_config', 'must be an object')
  const config = { ...DEFAULT_IMAGE_MODEL_CONFIG, ...(raw as Partial<RkmeImageModelConfig>) }
  if (config.net_depth !== 3) {
    fail('model_config.net_depth', `is ${JSON.stringify(config.net_depth)}; only 3 is supported`, 'Beimingwu makes every image spec with net_depth 3 (the search kernel depends on it)')
  }
  return config
}

/** The reference's file, byte for byte: compact separators, keys in its order, floats as Python repr. */
export function serializeRkmeImageSpec(spec: RkmeImageSpec): string {
  const parts: string[] = []
  for (let i = 0; i < spec.k; i++) {
    const planes: string[] = []
    for (let c = 0; c < spec.channels; c++) {
      const rows: string[] = []
      const base = (i * spec.channels + c) * PIXELS
      for (let y = 0; y < RKME_IMAGE_SIDE; y++) {
        const cells: string[] = []
        for (let x = 0; x < RKME_IMAGE_SIDE; x++) cells.push(pythonFloatRepr(spec.z[base + y * RKME_IMAGE_SIDE + x]))
        rows.push(`[${cells.join(',')}]`)
      }
      planes.push(`[${rows.join(',')}]`)
    }
    parts.push(`[${planes.join(',')}]`)
  }
  const beta = Array.from(spec.beta, pythonFloatRepr).join(',')
  const config = spec.modelConfig
  const configJson = `{"k":${pythonNumber(config.k)},"mu":${pythonNumber(config.mu)},"sigma":${config.sigma === null ? 'null' : pythonNumber(config.sigma)},` +
    `"net_width":${pythonNumber(config.net_width)},"net_depth":${pythonNumber(config.net_depth)}}`
  return `{"RKME_IMAGE_VERSION":${spec.version},"msg":${spec.msg === null ? 'null' : pythonString(spec.msg)},"z":[${parts.join(',')}],` +
    `"beta":[${beta}],"n_models":${spec.nModels},"model_config":${configJson},"type":"${RKME_IMAGE_TYPE}"}`
}

/**
 * Python's `repr(float)`: the shortest round-trip digits (as JavaScript finds them), written in fixed
 * notation when the decimal exponent is in [-4, 16) — with ".0" if integral — and as d.ddde±XX otherwise.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  const exponent = Number(exponentText)
  const sign = value < 0 ? '-' : ''
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const magnitude = String(Math.abs(exponent)).padStart(2, '0')
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${magnitude}`
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')
  const fraction = digits.slice(exponent + 1)
  return `${sign}${whole}.${fraction || '0'}`
}

/** An int as Python writes it, a non-integral number as its float repr. */
function pythonNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : pythonFloatRepr(value)
}

/** `json.dumps` of a str with the default ensure_ascii=True: non-ASCII as \uXXXX (lower-case hex). */
function pythonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (ch) => (ch === '\u007f' ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`))
}
