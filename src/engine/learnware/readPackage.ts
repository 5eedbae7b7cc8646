/**
 * Reading a learnware package (ours or Beimingwu's) into a typed `LearnwarePackage` without running or
 * parsing any of its code. The zip is opened through safeZip (every entry checked before inflating),
 * `learnware.yaml` is read with the reference loader's defaults, the semantic spec (repacked zips) is
 * normalised, each statistical spec is parsed as JSON and its `type` checked against the yaml, and the
 * model is either our ONNX + `learnware-dock.json` (runnable) or Python code (inert, with the reason).
 *
 * Errors: PACKAGE_UNSAFE / PACKAGE_INVALID naming the file and the rule; a `validateStatSpec` hook's
 * own LearnwareErrors pass through unchanged.
 *
 * Example:
 *   const pkg = await readLearnwarePackage('/downloads/00000042.zip', { validateStatSpec: checkRkme })
 *   if (!pkg.runnable) showBadge(pkg.model.kind === 'python' ? pkg.model.reason : '')
 *   pkg.statSpecs[0]   // { type: 'RKMETableSpecification', fileName: 'rkme.json', json: {...} }
 */

import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import { isLearnwareError, LearnwareError } from '../errors'
import { normalizeSemanticSpec, type SemanticSpec } from '../spec/semantic'
import { DOCK_MANIFEST_FILE, parseDockManifest, type DockManifest } from './dockManifest'
import {
  LEARNWARE_YAML_FILE,
  parseLearnwareYaml,
  STAT_SPEC_MODULE,
  STAT_SPEC_TYPES,
  statSpecTypeOf,
  type LearnwareYaml,
  type StatSpecType
} from './learnwareYaml'
import { readZipSafely, type SafeZipOptions, type ZipSource } from './safeZip'

export interface ReadLearnwarePackageOptions extends SafeZipOptions {
  /** Deeper checks of a statistical spec (e.g. RKME shapes); throw a LearnwareError to reject. */
  validateStatSpec?: (type: StatSpecType, json: unknown, fileName: string) => void
}

export interface PackageFile {
  name: string
  size: number
  sha256: string
}

export interface PackageStatSpec {
  type: StatSpecType
  fileName: string
  json: unknown
}

export type PackageModel =
  | { kind: 'onnx'; manifest: DockManifest; onnxBytes: Uint8Array }
  | { kind: 'python'; reason: string }

export interface LearnwarePackage {
  yaml: LearnwareYaml
  /** Normalised semantic spec when the package carries one (repacked zips), else null. */
  semanticSpec: SemanticSpec | null
  statSpecs: PackageStatSpec[]
  /** Every file in the package, sorted by name. */
  files: PackageFile[]
  model: PackageModel
  /** Whether Learnware Dock can run the model (only ONNX packages with our manifest). */
  runnable: boolean
  /** Beimingwu's learnware id, for zips downloaded from a dock. */
  originId?: string
}

const MAX_YAML_BYTES = 1024 * 1024

export async function readLearnwarePackage(
  source: ZipSource,
  options: ReadLearnwarePackageOptions = {}
): Promise<LearnwarePackage> {
  const zipped = await readZipSafely(source, options)
  const label = options.label ?? (typeof source === 'string' ? basename(source) : 'package')
  const files = stripWrappingFolder(zipped)
  const yamlBytes = files.get(LEARNWARE_YAML_FILE)
  if (!yamlBytes) {
    throw invalid(label, `has no ${LEARNWARE_YAML_FILE} at its root`, 'Every learnware package holds learnware.yaml next to its model files.')
  }
  if (yamlBytes.byteLength > MAX_YAML_BYTES) throw invalid(label, `${LEARNWARE_YAML_FILE} is larger than 1 MiB`)
  const yaml = parseLearnwareYaml(decodeText(yamlBytes, label, LEARNWARE_YAML_FILE), `${label}: ${LEARNWARE_YAML_FILE}`)
  const model = readModel(files, yaml, label)
  const pkg: LearnwarePackage = {
    yaml,
    semanticSpec: readSemanticSpec(files, yaml, label),
    statSpecs: readStatSpecs(files, yaml, label, options.validateStatSpec),
    files: [...files].map(([name, bytes]) => ({ name, size: bytes.byteLength, sha256: sha256Hex(bytes) })),
    model,
    runnable: model.kind === 'onnx'
  }
  if (yaml.id !== undefined) pkg.originId = yaml.id
  return pkg
}

/**
 * Beimingwu tolerates one wrapping folder (and strips it when repacking), so `wine/learnware.yaml`
 * with everything under `wine/` reads as a flat package. macOS `__MACOSX/` metadata is dropped then.
 */
function stripWrappingFolder(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  if (files.has(LEARNWARE_YAML_FILE)) return files
  const names = [...files.keys()].filter((name) => !name.startsWith('__MACOSX/'))
  const top = names[0]?.split('/')[0]
  if (!top || !names.every((name) => name.startsWith(`${top}/`)) || !files.has(`${top}/${LEARNWARE_YAML_FILE}`)) {
    return files
  }
  return new Map(names.map((name) => [name.slice(top.length + 1), files.get(name)!]))
}

function readSemanticSpec(files: Map<string, Uint8Array>, yaml: LearnwareYaml, label: string): SemanticSpec | null {
  const fileName = yaml.semantic_specification?.file_name
  if (fileName === undefined) return null
  const json = readJsonFile(files, fileName, label, 'semantic specification')
  try {
    return normalizeSemanticSpec(json)
  } catch (cause) {
    throw invalid(label, `${fileName} is not a semantic specification (${messageOf(cause)})`, undefined, cause)
  }
}

function readStatSpecs(
  files: Map<string, Uint8Array>,
  yaml: LearnwareYaml,
  label: string,
  validateStatSpec: ReadLearnwarePackageOptions['validateStatSpec']
): PackageStatSpec[] {
  if (yaml.stat_specifications.length === 0) throw invalid(label, `${LEARNWARE_YAML_FILE} lists no statistical specification`)
  const seen = new Set<StatSpecType>()
  return yaml.stat_specifications.map((config) => {
    const { file_name: fileName, class_name: className } = config
    if (config.module_path !== STAT_SPEC_MODULE) {
      throw invalid(label, `stat spec ${fileName} uses module_path "${config.module_path}"; only ${STAT_SPEC_MODULE} is supported`)
    }
    const type = statSpecTypeOf(className)
    if (!type) throw invalid(label, `stat spec ${fileName} has class_name "${className}", not one of ${STAT_SPEC_TYPES.join(', ')}`)
    if (seen.has(type)) throw invalid(label, `${LEARNWARE_YAML_FILE} lists two ${type} specifications`)
    seen.add(type)
    const json = readJsonFile(files, fileName, label, `${type} specification`)
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw invalid(label, `${fileName} must hold a JSON object (a ${type})`)
    }
    const declared = (json as { type?: unknown }).type
    // Beimingwu's load() keeps the class's own type when the JSON has none.
    if (declared !== undefined && statSpecTypeOf(declared) !== type) {
      throw invalid(label, `${fileName} holds a ${JSON.stringify(declared)} but ${LEARNWARE_YAML_FILE} declares ${className}`)
    }
    runHook(validateStatSpec, type, json, fileName, label)
    return { type, fileName, json }
  })
}

function runHook(
  hook: ReadLearnwarePackageOptions['validateStatSpec'],
  type: StatSpecType,
  json: unknown,
  fileName: string,
  label: string
): void {
  if (!hook) return
  try {
    hook(type, json, fileName)
  } catch (error) {
    if (isLearnwareError(error)) throw error
    throw invalid(label, `${fileName} is not a valid ${type} (${messageOf(error)})`, undefined, error)
  }
}

function readModel(files: Map<string, Uint8Array>, yaml: LearnwareYaml, label: string): PackageModel {
  const manifestBytes = files.get(DOCK_MANIFEST_FILE)
  if (!manifestBytes) {
    const { module_path: modulePath, class_name: className } = yaml.model
    return {
      kind: 'python',
      reason:
        `The model is Python code (class ${className} in ${modulePath}). Learnware Dock never runs code ` +
        'from packages, so this learnware can be searched and inspected but not run until it is converted to ONNX.'
    }
  }
  const manifest = parseDockManifest(readJsonFile(files, DOCK_MANIFEST_FILE, label, 'manifest'), `${label}: ${DOCK_MANIFEST_FILE}`)
  const onnxBytes = files.get(manifest.model)
  if (!onnxBytes) throw invalid(label, `${DOCK_MANIFEST_FILE} names model "${manifest.model}" but the package has no such file`)
  if (onnxBytes.byteLength === 0) throw invalid(label, `${manifest.model} is empty`)
  return { kind: 'onnx', manifest, onnxBytes }
}

function readJsonFile(files: Map<string, Uint8Array>, fileName: string, label: string, what: string): unknown {
  const bytes = files.get(fileName)
  if (!bytes) throw invalid(label, `${LEARNWARE_YAML_FILE} names ${what} "${fileName}" but the package has no such file`)
  const text = decodeText(bytes, label, fileName)
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw invalid(label, `${fileName} (${what}) is not valid JSON: ${messageOf(cause)}`, undefined, cause)
  }
}

function decodeText(bytes: Uint8Array, label: string, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch (cause) {
    throw invalid(label, `${fileName} is not UTF-8 text`, undefined, cause)
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function invalid(label: string, rule: string, hint?: string, cause?: unknown): LearnwareError {
  return new LearnwareError('PACKAGE_INVALID', `${label}: ${rule}`, { hint, cause })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
