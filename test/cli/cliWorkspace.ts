/**
 * A temp folder with everything the CLI tests feed the real `learnware-dock` command: training and held-out
 * CSVs cut from test/fixtures/tabular, models trained on the training files by engine/train and written as
 * .onnx files, helpers to pack them with the CLI, and a fresh dock folder per test. Iris gets species names
 * as classes so predictions can be checked by name.
 *
 * Example:
 *   const ws = await makeWorkspace()
 *   const zip = packWithCli(ws, 'iris')                 // runs `learnware-dock pack …`, returns the zip path
 *   const dock = newDock(ws)
 *   expect(jsonOf(runCli(['dock', 'add', zip, '--dock', dock, '--json'])).status).toBe('usable')
 */

import { mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { TrainedClassifier } from '../../src/engine/train'
import { runCli, type CliResult } from '../helpers/cli'
import { readFixtureCsv, scaled, splitCsv, trainOnFile, withClassNames, writeCsv } from '../engine/pack/packFixtures'

export const SPECIES = ['setosa', 'versicolor', 'virginica']

export interface TrainedFiles {
  train: string
  heldOut: string
  onnx: string
  model: TrainedClassifier
}

export interface CliWorkspace {
  dir: string
  /** Softmax regression on 75 % of iris (classes named by species). */
  iris: TrainedFiles
  /** Softmax regression on 75 % of wine. */
  wine: TrainedFiles
  /** Wine with every feature doubled: same columns, another distribution. */
  wineDoubled: TrainedFiles
}

export async function makeWorkspace(tmpRoot: string): Promise<CliWorkspace> {
  const dir = mkdtempSync(join(tmpRoot, 'lw-cli-'))
  const iris = splitCsv(withClassNames(readFixtureCsv('iris'), SPECIES), 0.25, 7)
  const wine = splitCsv(readFixtureCsv('wine'), 0.25, 7)
  return {
    dir,
    iris: await trainFiles(dir, 'iris', iris.train, iris.heldOut),
    wine: await trainFiles(dir, 'wine', wine.train, wine.heldOut),
    wineDoubled: await trainFiles(dir, 'wine-doubled', scaled(wine.train, 2), scaled(wine.heldOut, 2))
  }
}

async function trainFiles(dir: string, name: string, train: Parameters<typeof writeCsv>[2], heldOut: Parameters<typeof writeCsv>[2]): Promise<TrainedFiles> {
  const trainPath = writeCsv(dir, `${name}-train.csv`, train)
  const trained = await trainOnFile(trainPath, 'target', 'Classification')
  const onnx = join(dir, `${name}.onnx`)
  writeFileSync(onnx, trained.onnx)
  return { train: trainPath, heldOut: writeCsv(dir, `${name}-held-out.csv`, heldOut), onnx, model: trained.model as TrainedClassifier }
}

const NAMES: Record<keyof Omit<CliWorkspace, 'dir'>, string> = { iris: 'Iris species', wine: 'Wine cultivar', wineDoubled: 'Wine doubled' }

/** Packs one of the workspace's models with `learnware-dock pack` (γ auto) and returns the zip's path. */
export function packWithCli(ws: CliWorkspace, which: keyof Omit<CliWorkspace, 'dir'>, extra: string[] = []): string {
  const files = ws[which]
  const out = join(ws.dir, `${which}.zip`)
  const result = runCli([
    'pack', '--model', files.onnx, '--data', files.train, '--target', 'target', '--name', NAMES[which],
    '--task', 'Classification', '--scenario', which === 'iris' ? 'Nature' : 'Agriculture,Nature', '--license', 'MIT',
    '--gamma', 'auto', '--out', out, ...extra
  ])
  if (result.code !== 0) throw new Error(`pack ${which} failed (${result.code}): ${result.stderr}`)
  return out
}

/** A new, empty dock folder. */
export function newDock(ws: CliWorkspace): string {
  return mkdtempSync(join(ws.dir, 'dock-'))
}

/** The one JSON line a successful `--json` command prints. */
export function jsonOf(result: CliResult, code = 0): any {
  if (result.code !== code) throw new Error(`expected exit code ${code}, got ${result.code}: ${result.stderr}`)
  const lines = result.stdout.trim().split('\n')
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0])
}

/** A failure: the exit code, one readable line on stderr, no stack trace, nothing on stdout. */
export function expectOneLineError(result: CliResult, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code)
  expect(result.stderr).toMatch(message)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).not.toMatch(/\bat .*\.(ts|js|cjs):\d+/)
  expect(result.stdout).toBe('')
}
