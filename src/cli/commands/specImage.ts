/**
 * `learnware-dock spec image <folder | images-idx3-ubyte.gz> --out <spec.json> [--k 50] [--seed 0] [--json]` — makes
 * Beimingwu's RKMEImageSpecification of a folder of images (or an IDX file) on this machine (images are resized
 * to 32 × 32).
 *
 * JSON: {"images","skipped","resized","k","seconds","out"}
 */

import { writeFile } from 'node:fs/promises'
import { LearnwareError } from '../../engine/errors'
import { generateRkmeImageSpec, serializeRkmeImageSpec } from '../../engine/spec/image'
import { numberOption, positionals, positiveIntegerOption, requiredOption, type ParsedCommand } from '../args'
import { progressBar } from '../terminal'
import { loadUserImages } from './imageInput'

const USAGE = 'learnware-dock spec image <folder> --out spec.json [--k 50] [--seed 0]'

export interface SpecImageSummary {
  images: number
  skipped: number
  resized: number
  k: number
  seconds: number
  out: string
}

export async function specImageCommand(command: ParsedCommand): Promise<SpecImageSummary> {
  const [folder] = positionals(command, 1, USAGE)
  const out = requiredOption(command, 'out', USAGE)
  const started = performance.now()
  const seed = numberOption(command.values.seed, 'seed') ?? 0
  const loaded = await loadUserImages(folder, { seed })
  if (loaded.images.count === 0) throw new LearnwareError('DATA_EMPTY', `${folder}: no readable images`)
  const bar = progressBar('Image specification')
  const k = positiveIntegerOption(command.values.k, 'k')
  const spec = await generateRkmeImageSpec(loaded.images, { seed, ...(k ? { k } : {}), onProgress: bar.listener })
  await writeFile(out, serializeRkmeImageSpec(spec))
  bar.done()
  return {
    images: loaded.images.count,
    skipped: loaded.skipped.length,
    resized: loaded.resized,
    k: spec.k,
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
    out
  }
}

export function describeSpecImage(summary: SpecImageSummary): string {
  const skipped = summary.skipped > 0 ? ` (${summary.skipped} skipped)` : ''
  return `Wrote ${summary.out}: ${summary.k} points summarising ${summary.images} images${skipped} in ${summary.seconds} s. Your images stayed on this machine.`
}
