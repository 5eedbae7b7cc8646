/**
 * User tasks shipped with the starter dock: CSVs of held-out rows (never seen by any learnware) that stand in
 * for a user's own data in demos and tests. Every learnware gets one made of the held-out rows of its own
 * subset — search should find that learnware first. The mixed tasks below join two learnwares' held-out rows,
 * the case Beimingwu answers with a mixture of learnwares; the pairs are far apart in their data set, so a
 * mixture is the right answer. (Diabetes patients under 40 together with those of 55 and over would not do:
 * the 40–54 learnware is then the best single match, and the greedy mixture search, which starts from it,
 * never adds the 55-and-over one.)
 *
 * Example:
 *   for (const task of MIXED_TASKS) console.log(task.name, task.sources.join(' + '))
 */

import type { DatasetKey } from './sourceData'

export interface MixedTaskRecipe {
  name: string
  dataset: DatasetKey
  sources: readonly [string, string]
  description: string
}

export const MIXED_TASKS: readonly MixedTaskRecipe[] = [
  {
    name: 'mix-digits-0-1-with-2-3--digits-4-5-with-6-7',
    dataset: 'digits',
    sources: ['digits-0-1-with-2-3', 'digits-4-5-with-6-7'],
    description: 'Held-out digits of two subsets together: mostly 0, 1, 4 and 5 with a few 2, 3, 6 and 7.'
  },
  {
    name: 'mix-digits-6-7-with-8-9--digits-0-5-with-3-8',
    dataset: 'digits',
    sources: ['digits-6-7-with-8-9', 'digits-0-5-with-3-8'],
    description: 'Held-out digits of two subsets together: mostly 0, 5, 6 and 7 with a few 3, 8 and 9.'
  },
  {
    name: 'mix-breast-cancer-area-under-400--breast-cancer-area-800-plus',
    dataset: 'breast_cancer',
    sources: ['breast-cancer-area-under-400', 'breast-cancer-area-800-plus'],
    description: 'Held-out breast-cancer samples with the smallest (mean_area < 400) and the largest (≥ 800) cell nuclei together.'
  },
  {
    name: 'mix-diabetes-age-under-40--diabetes-blood-pressure-105-plus',
    dataset: 'diabetes',
    sources: ['diabetes-age-under-40', 'diabetes-blood-pressure-105-plus'],
    description: 'Held-out diabetes patients under 40 and patients with blood pressure (bp) of 105 or more together.'
  }
]
