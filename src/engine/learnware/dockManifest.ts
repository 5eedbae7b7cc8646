/**
 * `learnware-dock.json`: how to call the ONNX model inside a package we made — tensor names, shapes,
 * class labels and any preprocessing applied before the graph. Its presence is what makes a package
 * runnable here; packages without it (Beimingwu's Python models) stay inert. The schema is versioned
 * (`format` + `version`) and open: unknown keys are kept, so a newer Dock can add fields that an older
 * one carries along untouched. The Python shim (pythonShim.ts) reads the same file in Beimingwu.
 *
 * Example:
 *   const manifest = createDockManifest({
 *     input: { name: 'input', shape: [null, 13], dtype: 'float32' },
 *     output: { name: 'probabilities', shape: [null, 3], kind: 'probabilities' },
 *     labels: ['cultivar 1', 'cultivar 2', 'cultivar 3'],
 *     preprocessing: { kind: 'standardize', mean: [...], scale: [...] }
 *   })  // { format: 'learnware-dock/onnx', version: 1, model: 'model.onnx', … }
 *   parseDockManifest(JSON.parse(text), 'wine.zip: learnware-dock.json')
 */

import { z } from 'zod'
import { LearnwareError } from '../errors'
import { checkEntryName } from './entryName'

export const DOCK_MANIFEST_FILE = 'learnware-dock.json'
export const DOCK_MANIFEST_FORMAT = 'learnware-dock/onnx'
/** Highest manifest version this code understands. */
export const DOCK_MANIFEST_VERSION = 1
export const DEFAULT_ONNX_FILE = 'model.onnx'

/** Shape of one tensor; `null` marks a free dimension (the batch, usually the first). */
const tensorSchema = z
  .object({
    name: z.string().min(1),
    shape: z.array(z.number().int().nonnegative().nullable()).optional(),
    dtype: z.string().optional()
  })
  .loose()

const manifestSchema = z
  .object({
    format: z.literal(DOCK_MANIFEST_FORMAT),
    version: z.number().int().min(1),
    model: z.string().refine((name) => checkEntryName(name) === null && !name.endsWith('/'), {
      message: 'must name a file inside the package'
    }),
    input: tensorSchema,
    output: tensorSchema.extend({
      /** What the output holds: 'label' (class indices), 'probabilities', 'scores', 'values', 'embedding' … */
      kind: z.string().optional()
    }),
    /** Class index → label shown to the user (index = position). */
    labels: z.array(z.union([z.string(), z.number()])).optional(),
    /**
     * Steps applied to the input before the graph. The Python shim understands `{kind: 'none'}` and
     * `{kind: 'standardize', mean: number[], scale: number[]}` (x − mean) / scale, and refuses others.
     */
    preprocessing: z.object({ kind: z.string() }).loose().optional()
  })
  .loose()

export type DockManifest = z.infer<typeof manifestSchema>
export type TensorDescription = z.infer<typeof tensorSchema>

/** Everything but the fixed header; `model` defaults to `model.onnx`. */
export type DockManifestInput = Omit<DockManifest, 'format' | 'version' | 'model'> & { model?: string }

export function createDockManifest(input: DockManifestInput): DockManifest {
  const { model, ...rest } = input
  return parseDockManifest({ format: DOCK_MANIFEST_FORMAT, version: DOCK_MANIFEST_VERSION, model: model ?? DEFAULT_ONNX_FILE, ...rest })
}

/** Checks a parsed `learnware-dock.json`; PACKAGE_INVALID names the field. */
export function parseDockManifest(json: unknown, label = DOCK_MANIFEST_FILE): DockManifest {
  const header = json as { format?: unknown; version?: unknown } | null
  if (header?.format === DOCK_MANIFEST_FORMAT && typeof header.version === 'number' && header.version > DOCK_MANIFEST_VERSION) {
    throw new LearnwareError('PACKAGE_INVALID', `${label} is version ${header.version}; this Learnware Dock reads up to version ${DOCK_MANIFEST_VERSION}`, {
      hint: 'The package was made by a newer Learnware Dock. Update the app to run it.'
    })
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.map(String).join('.') || '(root)'
    throw new LearnwareError('PACKAGE_INVALID', `${label}: field ${field}: ${issue.message}`, {
      hint: `Expected {"format": "${DOCK_MANIFEST_FORMAT}", "version": 1, "model": "model.onnx", "input": {"name": …}, "output": {"name": …}}`
    })
  }
  return parsed.data
}
