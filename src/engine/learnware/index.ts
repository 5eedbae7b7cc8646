/**
 * Learnware packages: the one public entry for reading, writing and safely unpacking the zips that
 * Beimingwu and Learnware Dock exchange. Reading never executes or parses package code; Python-model
 * packages load as inert (`runnable: false`, with the reason); every zip is checked entry by entry
 * (zip slip, symlinks, bombs, lying sizes, collisions) before anything is inflated or written.
 *
 * Example:
 *   import { readLearnwarePackage, writeLearnwarePackage, extractSafely } from '../learnware'
 *
 *   const zip = writeLearnwarePackage({
 *     semanticSpec,                                            // from generateSemanticSpec(...)
 *     statSpecs: [{ type: 'RKMETableSpecification', json: rkmeJson }],
 *     onnxModel,                                               // Uint8Array
 *     manifest: { input: { name: 'input', shape: [null, 13] }, output: { name: 'label', shape: [null] } }
 *   })
 *   const pkg = await readLearnwarePackage(zip, { validateStatSpec })
 *   pkg.runnable                 // true: ONNX + learnware-dock.json
 *   const beimingwu = await readLearnwarePackage('/downloads/00000042.zip')
 *   beimingwu.runnable           // false; beimingwu.model.reason says why
 *   await extractSafely('/downloads/00000042.zip', '/dock/packages/00000042')
 */

export {
  readLearnwarePackage,
  type LearnwarePackage,
  type PackageFile,
  type PackageModel,
  type PackageStatSpec,
  type ReadLearnwarePackageOptions
} from './readPackage'
export {
  DEFAULT_STAT_SPEC_FILES,
  SEMANTIC_SPEC_FILE,
  writeLearnwarePackage,
  type StatSpecToWrite,
  type WriteLearnwarePackageInput
} from './writePackage'
export {
  DEFAULT_ZIP_LIMITS,
  inspectZip,
  readZipSafely,
  resolveZipLimits,
  type CheckedZipEntry,
  type SafeZipOptions,
  type ZipLimits,
  type ZipSource
} from './safeZip'
export { extractSafely, type ExtractResult } from './safeExtract'
export {
  checkEntryName,
  findNameCollision,
  type CollisionRule,
  type EntryNameProblem,
  type EntryNameRule,
  type NameCollision
} from './entryName'
export {
  DEFAULT_MODEL_CLASS,
  DEFAULT_MODULE_FILE,
  DEFAULT_STAT_SPEC_FILE,
  LEARNWARE_YAML_FILE,
  LEGACY_TABLE_SPEC_CLASS,
  parseLearnwareYaml,
  STAT_SPEC_MODULE,
  STAT_SPEC_TYPES,
  statSpecTypeOf,
  stringifyLearnwareYaml,
  type LearnwareModelConfig,
  type LearnwareYaml,
  type StatSpecConfig,
  type StatSpecType
} from './learnwareYaml'
export {
  createDockManifest,
  DEFAULT_ONNX_FILE,
  DOCK_MANIFEST_FILE,
  DOCK_MANIFEST_FORMAT,
  DOCK_MANIFEST_VERSION,
  parseDockManifest,
  type DockManifest,
  type DockManifestInput,
  type TensorDescription
} from './dockManifest'
export { PYTHON_REQUIREMENTS_FILE, PYTHON_SHIM_INIT, PYTHON_SHIM_REQUIREMENTS } from './pythonShim'
