/**
 * The one way to make a reuser: checks and prepares the members (columns matched by name, classes mapped
 * by name — or, for FeatureAugment, raw outputs of any task) and builds the method's reuser.
 *
 * Example:
 *   const reuser = createReuser('job-selector', learnwares, { task: 'classification', classNames, inputEncoding, cache, seed: 0 })
 *   await reuser.fit?.(userRows)
 */

import { LearnwareError } from '../errors'
import { AveragingReuser, SingleReuser } from './averaging'
import { EnsemblePruningReuser } from './ensemblePruning'
import { FeatureAugmentReuser } from './featureAugment'
import { JobSelectorReuser } from './jobSelector'
import { loadReuseMembers } from './members'
import type { ReuseContext, ReuseLearnware, ReuseMethod, Reuser, ReuserOptions } from './types'

export const REUSE_METHODS: readonly ReuseMethod[] = ['single', 'averaging', 'job-selector', 'ensemble-pruning', 'feature-augment']

export function createReuser(method: ReuseMethod, learnwares: readonly ReuseLearnware[], context: ReuseContext, options: ReuserOptions = {}): Reuser {
  const raw = method === 'feature-augment'
  const chosen = method === 'single' ? learnwares.slice(0, 1) : learnwares
  const members = loadReuseMembers(chosen, context, { mapClasses: !raw, sameTask: !raw })
  switch (method) {
    case 'single':
      return new SingleReuser(members, context, options)
    case 'averaging':
      return new AveragingReuser(members, context, options)
    case 'job-selector':
      return new JobSelectorReuser(members, context, options)
    case 'ensemble-pruning':
      return new EnsemblePruningReuser(members, context, options)
    case 'feature-augment':
      return new FeatureAugmentReuser(members, context, options)
    default:
      throw new LearnwareError('USAGE', `Unknown reuse method "${String(method)}"`, { hint: `Choose one of ${REUSE_METHODS.join(', ')}.` })
  }
}
