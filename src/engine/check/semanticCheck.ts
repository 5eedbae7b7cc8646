/**
 * Step 1 of the checker: Beimingwu's `EasySemanticChecker` (reference §2.3) through `validateSemanticSpec`,
 * one failed outcome per problem so each reason names its field. Beimingwu marks a failing spec INVALID
 * (−1), whatever its docs say, and so do we.
 *
 * Example:
 *   checkSemanticSpec(pkg)
 *   // [{ name: 'semantic', ok: false, detail: 'Semantic specification: Output.Dimension: a Classification task must have …' }]
 */

import type { LearnwarePackage } from '../learnware'
import { validateSemanticSpec } from '../spec/semantic'
import { failed, ok, type CheckOutcome } from './checkReport'

export function checkSemanticSpec(pkg: LearnwarePackage): CheckOutcome[] {
  if (pkg.semanticSpec === null) {
    return [failed('semantic', 'The package has no semantic specification (learnware.yaml names no semantic_specification file)')]
  }
  const problems = validateSemanticSpec(pkg.semanticSpec)
  if (problems.length === 0) return [ok('semantic', 'The semantic specification passes Beimingwu’s checks')]
  return problems.map((problem) => failed('semantic', `Semantic specification: ${problem.message}`))
}
