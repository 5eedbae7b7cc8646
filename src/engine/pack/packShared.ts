/**
 * The steps every pack function (table, text, image) ends with: describe a classifier's output in the
 * manifest, and read the written zip back through the real reader and checker, so a package is judged
 * exactly as the dock will judge it.
 *
 * Example:
 *   const output = classifierOutputManifest(signature, names)
 *   const check = await checkWrittenPackage(zip, name, input.check, input.checkOptions)
 */

import { checkLearnwarePackage, type CheckLearnwareOptions, type LearnwareCheckReport } from '../check'
import { readLearnwarePackage, type DockManifestInput } from '../learnware'
import type { readModelSignature } from './modelSignature'

type ModelSignature = ReturnType<typeof readModelSignature>

/** The manifest's output entry for a classifier with these class names. */
export function classifierOutputManifest(signature: ModelSignature, classNames: readonly string[]): DockManifestInput['output'] {
  const output = signature.output
  return { name: output.name, shape: output.kind === 'probabilities' ? [null, classNames.length] : [null], kind: output.kind }
}

/** The checker's report on the package as written (null when checking was switched off). */
export async function checkWrittenPackage(
  zip: Uint8Array, label: string, enabled: boolean | undefined, options: CheckLearnwareOptions | undefined
): Promise<LearnwareCheckReport | null> {
  if (enabled === false) return null
  return checkLearnwarePackage(await readLearnwarePackage(zip, { label }), options)
}
