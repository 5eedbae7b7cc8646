/**
 * `learnware-dock demo` — what `npm start` runs until the desktop app exists: makes a private
 * specification of a bundled sample data set and shows what it contains.
 */

import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describeSpecTable, specTableCommand, type SpecTableSummary } from './specTable'

export async function demoCommand(resourcesDir: string): Promise<SpecTableSummary> {
  const outDir = resolve('out', 'demo')
  await mkdir(outDir, { recursive: true })
  return specTableCommand({
    path: ['spec', 'table'],
    positionals: [join(resourcesDir, 'samples', 'wine.csv')],
    values: { out: join(outDir, 'wine.spec.json'), target: 'target' }
  })
}

export { describeSpecTable as describeDemo }
