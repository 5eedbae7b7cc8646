/**
 * Writes the starter dock: `resources/starter-dock/packages/<slug>.zip`, `index.json` (what each learnware is,
 * its sha256 and held-out score) and `user-tasks/<name>.csv` with their `index.json` (which learnware(s)
 * each task's rows come from). Sources are `resources/datasets/*.csv`; the Brown-corpus text learnwares
 * and their tasks (`kind: 'text'`, column `text`) come after the table ones, then the Fashion-MNIST image
 * learnwares and their tasks (`kind: 'image'`, IDX gz pairs `<name>-images-idx3-ubyte.gz` / `-labels-idx1-ubyte.gz`). Run by `npm run build:starter-dock`
 * (scripts/build-starter-dock.mjs bundles this file with esbuild and calls `writeStarterDock`); the output is
 * committed, and rebuilding gives the same bytes.
 *
 * Example:
 *   await writeStarterDock('/path/to/repo')   // logs one line per learnware, then the totals
 */

import { createHash } from 'node:crypto'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildStarterDock, HELD_OUT_FRACTION, HOLDOUT_SEED, type StarterBuild } from './starter-dock/buildStarter'

export const STARTER_INDEX_FORMAT = 'learnware-dock-starter/1'

export async function writeStarterDock(repoRoot: string, log: (line: string) => void = console.log): Promise<StarterBuild> {
  const outDir = join(repoRoot, 'resources', 'starter-dock')
  const build = await buildStarterDock({ datasetsDir: join(repoRoot, 'resources', 'datasets'), log })
  await replaceFolder(join(outDir, 'packages'), '.zip')
  await replaceFolder(join(outDir, 'user-tasks'), '.csv')
  await replaceFolder(join(outDir, 'user-tasks'), '.gz')
  for (const learnware of build.learnwares) await writeFile(join(outDir, 'packages', `${learnware.slug}.zip`), learnware.zip)
  for (const task of build.userTasks) await writeFile(join(outDir, 'user-tasks', `${task.name}.csv`), task.csv)
  for (const learnware of build.textLearnwares) await writeFile(join(outDir, 'packages', `${learnware.slug}.zip`), learnware.zip)
  for (const task of build.textUserTasks) await writeFile(join(outDir, 'user-tasks', `${task.name}.csv`), task.csv)
  for (const learnware of build.imageLearnwares) await writeFile(join(outDir, 'packages', `${learnware.slug}.zip`), learnware.zip)
  for (const task of build.imageUserTasks) {
    await writeFile(join(outDir, 'user-tasks', `${task.name}-images-idx3-ubyte.gz`), task.imagesGz)
    await writeFile(join(outDir, 'user-tasks', `${task.name}-labels-idx1-ubyte.gz`), task.labelsGz)
  }
  await writeJson(join(outDir, 'index.json'), starterIndex(build))
  await writeJson(join(outDir, 'user-tasks', 'index.json'), {
    format: STARTER_INDEX_FORMAT,
    target: 'target',
    tasks: [
      ...build.userTasks.map((task) => ({ file: `${task.name}.csv`, dataset: task.dataset, sources: task.sources, rows: task.rows, description: task.description })),
      // Text tasks: column `text` holds the paragraphs; `sources` = every learnware trained on both groups.
      ...build.textUserTasks.map((task) => ({
        file: `${task.name}.csv`, dataset: 'brown', kind: 'text', textColumn: 'text', groups: task.groups, sources: task.sources, rows: task.rows, description: task.description
      })),
      // Image tasks: IDX images and labels (Fashion-MNIST codes); `sources` = every learnware trained on both classes.
      ...build.imageUserTasks.map((task) => ({
        file: `${task.name}-images-idx3-ubyte.gz`, labelsFile: `${task.name}-labels-idx1-ubyte.gz`, dataset: 'fashion-mnist', kind: 'image',
        classes: task.classes, sources: task.sources, rows: task.rows, description: task.description
      }))
    ]
  })
  const all = [...build.learnwares, ...build.textLearnwares, ...build.imageLearnwares]
  const bytes = all.reduce((sum, l) => sum + l.zip.length, 0)
  const tasks = build.userTasks.length + build.textUserTasks.length + build.imageUserTasks.length
  log(`${all.length} learnwares (${(bytes / 1024).toFixed(0)} KiB of packages), ${tasks} user tasks (${build.textUserTasks.length} of texts, ${build.imageUserTasks.length} of images) → ${outDir}`)
  return build
}

function starterIndex(build: StarterBuild) {
  return {
    format: STARTER_INDEX_FORMAT,
    heldOutFraction: HELD_OUT_FRACTION,
    holdoutSeed: HOLDOUT_SEED,
    datasets: build.datasets,
    learnwares: [
      ...build.learnwares.map((l) => ({
        slug: l.slug,
        file: `packages/${l.slug}.zip`,
        name: l.name,
        sha256: l.sha256,
        size: l.zip.length,
        dataset: l.dataset,
        subset: l.subset,
        model: l.model,
        trainingRows: l.trainingRows,
        classes: l.classes,
        heldOut: { metric: l.heldOut.metric, value: Number(l.heldOut.value.toFixed(4)), rows: l.heldOut.rows },
        gamma: l.gamma
      })),
      ...build.textLearnwares.map((l) => ({
        slug: l.slug,
        file: `packages/${l.slug}.zip`,
        name: l.name,
        sha256: createHash('sha256').update(l.zip).digest('hex'),
        size: l.zip.length,
        dataset: 'brown',
        kind: 'text',
        subset: `a random half of the market documents of ${l.groups.join(', ')} (${l.trainingDocuments} documents)`,
        model: 'logistic regression over the built-in text embedding',
        trainingRows: l.trainingRows,
        classes: l.classes,
        heldOut: { metric: l.heldOut.metric, value: Number(l.heldOut.value.toFixed(4)), rows: l.heldOut.rows }
      })),
      ...build.imageLearnwares.map((l) => ({
        slug: l.slug,
        file: `packages/${l.slug}.zip`,
        name: l.name,
        sha256: createHash('sha256').update(l.zip).digest('hex'),
        size: l.zip.length,
        dataset: 'fashion-mnist',
        kind: 'image',
        subset: `${l.subset.join(', ')} in proportions 0.4 : 0.4 : 0.1 : 0.1 (${l.trainingRows} market images)`,
        model: l.model,
        trainingRows: l.trainingRows,
        classes: l.classes,
        heldOut: { metric: l.heldOut.metric, value: Number(l.heldOut.value.toFixed(4)), rows: l.heldOut.rows }
      }))
    ]
  }
}

/** Empties the folder of earlier build output (only files with this extension), so removed recipes leave nothing behind. */
async function replaceFolder(dir: string, extension: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const name of await readdir(dir)) if (name.endsWith(extension)) await rm(join(dir, name))
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`)
}
