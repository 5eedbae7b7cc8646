/**
 * Writing a learnware package in our layout, runnable both here (ONNX + manifest) and in Beimingwu
 * (Python shim + requirements), and shaped like a zip downloaded from a Beimingwu dock (yaml carries
 * `semantic_specification` and, when known, `id`). Output is deterministic — entries sorted by name,
 * fixed timestamps, fixed compression choices — so the same inputs always give the same bytes and sha256,
 * which is what lets docks deduplicate and sync by hash.
 *
 * Layout: learnware.yaml, semantic_specification.json, rkme.json (rkme_image.json / rkme_text.json for
 * other spec types), model.onnx, learnware-dock.json, __init__.py, requirements.txt.
 *
 * Example:
 *   const zip = writeLearnwarePackage({
 *     semanticSpec, statSpecs: [{ type: 'RKMETableSpecification', json: rkme }],
 *     onnxModel, manifest: { input: { name: 'input', shape: [null, 13] }, output: { name: 'label', shape: [null] } }
 *   })
 *   await writeFile('wine.zip', zip)
 */

import { deflateSync, strToU8, zipSync, type Zippable } from 'fflate'
import { LearnwareError } from '../errors'
import { assertValidSemanticSpec, type SemanticSpec } from '../spec/semantic'
import { createDockManifest, DOCK_MANIFEST_FILE, type DockManifestInput } from './dockManifest'
import { checkEntryName, findNameCollision } from './entryName'
import {
  LEARNWARE_YAML_FILE,
  STAT_SPEC_MODULE,
  stringifyLearnwareYaml,
  type LearnwareYaml,
  type StatSpecType
} from './learnwareYaml'
import {
  PYTHON_REQUIREMENTS_FILE,
  PYTHON_SHIM_CLASS,
  PYTHON_SHIM_INIT,
  PYTHON_SHIM_MODULE,
  PYTHON_SHIM_REQUIREMENTS
} from './pythonShim'
import { compareNames, DEFAULT_ZIP_LIMITS } from './safeZip'

export const SEMANTIC_SPEC_FILE = 'semantic_specification.json'

export const DEFAULT_STAT_SPEC_FILES: Readonly<Record<StatSpecType, string>> = {
  RKMETableSpecification: 'rkme.json',
  RKMEImageSpecification: 'rkme_image.json',
  RKMETextSpecification: 'rkme_text.json'
}

export interface StatSpecToWrite {
  type: StatSpecType
  /** The spec's JSON object (as Beimingwu's `save()` writes it); `type` is added when missing. */
  json: unknown
  fileName?: string
}

export interface WriteLearnwarePackageInput {
  semanticSpec: SemanticSpec
  statSpecs: readonly StatSpecToWrite[]
  onnxModel: Uint8Array
  manifest: DockManifestInput
  /** Beimingwu id to record as `id` in learnware.yaml (for packages that came from a dock). */
  originId?: string
  /** More files, e.g. `README.md`; names must be safe and must not clash with the layout. */
  extraFiles?: Readonly<Record<string, Uint8Array>>
}

/**
 * DOS timestamps are local time; a Date built from local fields *at call time* encodes as 1980-01-01
 * 00:00 in every time zone (one built at import time would drift if the zone changed).
 */
const fixedMtime = () => new Date(1980, 0, 1, 0, 0, 0)
const DEFLATE_LEVEL = 6

export function writeLearnwarePackage(input: WriteLearnwarePackageInput): Uint8Array {
  assertValidSemanticSpec(input.semanticSpec)
  if (input.statSpecs.length === 0) throw invalid('needs at least one statistical specification')
  const types = input.statSpecs.map((spec) => spec.type)
  const repeated = types.find((type, i) => types.indexOf(type) !== i)
  if (repeated) throw invalid(`can hold only one ${repeated} specification (Beimingwu keys specs by type)`)
  if (input.onnxModel.byteLength === 0) throw invalid('has an empty ONNX model')
  const manifest = createDockManifest(input.manifest)
  const files = new Map<string, Uint8Array>()
  const add = (name: string, bytes: Uint8Array) => {
    const problem = checkEntryName(name)
    if (problem) throw invalid(`cannot hold a file named ${JSON.stringify(name)}: it ${problem.message}`)
    if (files.has(name)) throw invalid(`would hold two files named ${JSON.stringify(name)}`)
    files.set(name, bytes)
  }
  const statConfigs = input.statSpecs.map((spec) => {
    const fileName = spec.fileName ?? DEFAULT_STAT_SPEC_FILES[spec.type]
    add(fileName, strToU8(JSON.stringify(withType(spec))))
    return { module_path: STAT_SPEC_MODULE, class_name: spec.type, file_name: fileName, kwargs: {} }
  })
  const yaml: LearnwareYaml = {
    model: { class_name: PYTHON_SHIM_CLASS, module_path: PYTHON_SHIM_MODULE, kwargs: {} },
    stat_specifications: statConfigs,
    semantic_specification: { file_name: SEMANTIC_SPEC_FILE }
  }
  if (input.originId !== undefined) yaml.id = input.originId
  add(LEARNWARE_YAML_FILE, strToU8(stringifyLearnwareYaml(yaml)))
  add(SEMANTIC_SPEC_FILE, strToU8(JSON.stringify(input.semanticSpec)))
  add(manifest.model, input.onnxModel)
  add(DOCK_MANIFEST_FILE, strToU8(`${JSON.stringify(manifest, null, 2)}\n`))
  add(PYTHON_SHIM_MODULE, strToU8(PYTHON_SHIM_INIT))
  add(PYTHON_REQUIREMENTS_FILE, strToU8(PYTHON_SHIM_REQUIREMENTS))
  for (const [name, bytes] of Object.entries(input.extraFiles ?? {})) add(name, bytes)
  const clash = findNameCollision([...files.keys()])
  if (clash) throw invalid(`would hold ${JSON.stringify(clash.name)}, which ${clash.message}`)
  return zipDeterministically(files, manifest.model)
}

function withType(spec: StatSpecToWrite): Record<string, unknown> {
  const { json, type } = spec
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid(`needs a JSON object for the ${type} specification`)
  }
  const declared = (json as { type?: unknown }).type
  if (declared === undefined) return { ...json, type }
  if (declared !== type) throw invalid(`was given a ${JSON.stringify(declared)} specification labelled ${type}`)
  return json as Record<string, unknown>
}

/**
 * The ONNX model is stored: float weights barely deflate, and a model with large all-zero tensors could
 * otherwise trip our own compression-ratio guard. Other files are deflated unless that would too.
 */
function zipDeterministically(files: Map<string, Uint8Array>, modelFile: string): Uint8Array {
  const zippable: Zippable = {}
  const mtime = fixedMtime()
  for (const name of [...files.keys()].sort(compareNames)) {
    const bytes = files.get(name)!
    zippable[name] = [bytes, { level: name === modelFile || wouldLookLikeBomb(bytes) ? 0 : DEFLATE_LEVEL, mtime }]
  }
  return zipSync(zippable)
}

function wouldLookLikeBomb(bytes: Uint8Array): boolean {
  const { ratioCheckMinBytes, maxCompressionRatio } = DEFAULT_ZIP_LIMITS
  if (bytes.byteLength <= ratioCheckMinBytes) return false
  return bytes.byteLength > maxCompressionRatio * deflateSync(bytes, { level: DEFLATE_LEVEL }).byteLength
}

function invalid(rule: string): LearnwareError {
  return new LearnwareError('PACKAGE_INVALID', `The learnware package ${rule}`)
}
