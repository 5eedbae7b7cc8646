/**
 * Checking learnwares before they enter a dock: the one public entry. A package is judged by Beimingwu's
 * rules — semantic spec (§2.3), statistical spec and a probe run of the model (§6.3) — except that package
 * code is never executed: Python models are `not-runnable`, ONNX models are probed on rows herded from
 * their own RKME. `dockCheck()` plugs the checker into the dock's `check` option.
 *
 * Example:
 *   import { checkLearnwarePackage, dockCheck } from '../check'
 *   const pkg = await readLearnwarePackage(zip)
 *   const { status, reasons, checks } = await checkLearnwarePackage(pkg, { timeoutMs: 10_000 })
 *   for (const c of checks) console.log(c.ok ? '✓' : '✗', c.name, c.detail)
 *   await dock.add(zip, { check: dockCheck({ cache }) })
 */

export { checkLearnwarePackage, dockCheck, type CheckLearnwareOptions } from './checkLearnware'
export { toReport, type CheckName, type CheckOutcome, type LearnwareCheckReport, type LearnwareStatus } from './checkReport'
export { checkProbeOutputs, type OutputExpectation } from './outputChecks'
export { checkSemanticSpec } from './semanticCheck'
export { checkStatSpecs, type StatSpecCheck } from './statSpecCheck'
export { checkUsability, type UsabilityOptions } from './usabilityCheck'
export { checkImageUsability, herdRkmeImages } from './imageUsability'
