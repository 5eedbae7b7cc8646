/**
 * Image learnwares of the starter dock, after Beimingwu's CIFAR-10 benchmark (reference §9.2): each of 20
 * learnwares sees 4 Fashion-MNIST classes in proportions 0.4 : 0.4 : 0.1 : 0.1 (a seeded draw, no two with
 * the same classes in the same roles), drawn from the market part of the compact subset in
 * resources/datasets (the first 300 training images of each class). The model is a small CNN (Conv 3 × 3 → 8,
 * ReLU, max-pool 2, Conv 3 × 3 → 16, ReLU, max-pool 2, dense → softmax) trained by engine/train
 * (trainImageCnn) and exported with an [N, 1, 28, 28] input (imageCnnToOnnx). User tasks are test-set
 * images (the first 60 of each class, never seen by a learnware) of the two main classes of every other
 * learnware, in equal parts; the right answers are the learnwares trained on both classes. They are stored as IDX gz pairs (images, labels).
 * Deterministic: fixed seeds, fixed order, gzip without timestamps.
 *
 * Example:
 *   const built = await buildImageLearnwares('resources/datasets', console.log)
 *   built.learnwares.length       // 20
 *   built.userTasks[0].imagesGz   // IDX images (N × 28 × 28) of the task, gzipped
 */

import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { readIdxImages, readIdxLabels, type ImageBatch } from '../../src/engine/data/images'
import { LearnwareError } from '../../src/engine/errors'
import { createRng, type Rng } from '../../src/engine/math/rng'
import { packImageLearnware } from '../../src/engine/pack'
import { imageCnnToOnnx, trainImageCnn } from '../../src/engine/train'

export const FASHION_MARKET = 'fashion-mnist-market'
export const FASHION_USER = 'fashion-mnist-user'
export const FASHION_CLASSES = ['t-shirt_top', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle_boot'] as const
export const IMAGE_LEARNWARE_COUNT = 20
export const IMAGE_SPLIT_SEED = 2024
/** Images per learnware: 0.4 · 500 = 200 of each main class (of 300 in the market), 50 of each minor one. */
export const IMAGE_TRAINING_COUNT = 500
const PROPORTIONS = [0.4, 0.4, 0.1, 0.1]
/** Reduced-set size and fitting steps of the image specs: K = 20 keeps a package ≈ 0.2 MB (K × 32 × 32 floats as JSON). */
export const IMAGE_SPEC_K = 20
export const IMAGE_SPEC_STEPS = 30
/** Output channels of the CNN's two Conv 3 × 3 + ReLU + max-pool stages, and its training epochs (Adam, batches of 32). */
export const IMAGE_CNN_CHANNELS = [8, 16] as const
export const IMAGE_CNN_EPOCHS = 10
/** What the index says about every image learnware's model. */
export const IMAGE_MODEL_SUMMARY = `small CNN (Conv 3×3 → ${IMAGE_CNN_CHANNELS[0]}, max-pool, Conv 3×3 → ${IMAGE_CNN_CHANNELS[1]}, max-pool, dense) over 28 × 28 pixels`
export const USER_IMAGES_PER_CLASS = 60

export interface BuiltImageLearnware {
  slug: string
  name: string
  /** Class names, main classes first (proportions 0.4, 0.4, 0.1, 0.1). */
  subset: string[]
  classes: string[]
  trainingRows: number
  /** One line on the model, for the index. */
  model: string
  heldOut: { metric: 'accuracy'; value: number; rows: number }
  zip: Uint8Array
}

export interface BuiltImageUserTask {
  name: string
  classes: string[]
  sources: string[]
  rows: number
  description: string
  imagesGz: Uint8Array
  labelsGz: Uint8Array
}

interface Pool { images: ImageBatch; codes: Uint8Array }

/** `limit` builds only the first learnwares (the same bytes as in a full build), for a quick rebuild test. */
export async function buildImageLearnwares(
  datasetsDir: string,
  log?: (line: string) => void,
  limit = IMAGE_LEARNWARE_COUNT
): Promise<{ learnwares: BuiltImageLearnware[]; userTasks: BuiltImageUserTask[] }> {
  const market = await readPool(datasetsDir, FASHION_MARKET)
  const user = await readPool(datasetsDir, FASHION_USER)
  const rng = createRng(IMAGE_SPLIT_SEED)
  const learnwares: BuiltImageLearnware[] = []
  for (const subset of drawSubsets(rng).slice(0, limit)) {
    const rows = trainingRows(market, subset, rng)
    const images = pickImages(market.images, rows)
    const classes = [...subset].sort((a, b) => a - b)
    const codes = Int32Array.from(rows, (i) => classes.indexOf(market.codes[i]))
    const cnn = trainImageCnn(
      { images: images.data, count: rows.length, shape: images, labels: codes },
      { convChannels: IMAGE_CNN_CHANNELS, seed: learnwares.length, epochs: IMAGE_CNN_EPOCHS }
    )
    const heldOutRows = [...user.codes.keys()].filter((i) => subset.includes(user.codes[i]))
    const predicted = cnn.predict(pickImages(user.images, heldOutRows).data, heldOutRows.length)
    const right = heldOutRows.filter((row, j) => classes[predicted[j]] === user.codes[row]).length
    const names = classes.map((c) => FASHION_CLASSES[c])
    const subsetNames = subset.map((c) => FASHION_CLASSES[c])
    const slug = `fashion-${String(learnwares.length + 1).padStart(2, '0')}-${subsetNames.slice(0, 2).join('-')}`
    const name = `Fashion-MNIST clothing — mostly ${subsetNames[0]} and ${subsetNames[1]}, some ${subsetNames[2]} and ${subsetNames[3]} (CNN)`
    const accuracy = right / heldOutRows.length
    const packed = await packImageLearnware({
      onnxModel: imageCnnToOnnx(cnn, { channels: 1, height: 28, width: 28 }),
      images,
      labels: rows.map((i) => FASHION_CLASSES[market.codes[i]]),
      classes: names,
      k: IMAGE_SPEC_K,
      steps: IMAGE_SPEC_STEPS,
      seed: 0,
      modelSource: `${slug}.onnx`,
      semantic: {
        name,
        description: `Which Fashion-MNIST article a 28 × 28 grey image shows: ${names.join(', ')}. ` +
          `A small CNN (two Conv 3 × 3 + ReLU + max-pool stages with ${IMAGE_CNN_CHANNELS.join(' and ')} channels, then a dense layer) ` +
          `over the pixels, trained for ${IMAGE_CNN_EPOCHS} epochs on ${rows.length} images ` +
          `(${subsetNames.map((n, i) => `${Math.round(PROPORTIONS[i] * IMAGE_TRAINING_COUNT)} ${n}`).join(', ')}); ` +
          `accuracy ${accuracy.toFixed(3)} on ${heldOutRows.length} test-set images of these classes (${USER_IMAGES_PER_CLASS} each).`,
        scenarios: ['Business'],
        license: 'MIT',
        library: 'Others'
      }
    })
    if (packed.check?.status !== 'usable') {
      throw new LearnwareError('MODEL_INVALID', `${slug}: the checker found the package ${packed.check?.status}: ${packed.check?.reasons.join('; ')}`)
    }
    log?.(`${slug}: ${rows.length} images, CNN trained in ${(cnn.report.elapsedMs / 1000).toFixed(1)} s, held-out accuracy ${accuracy.toFixed(3)} on ${heldOutRows.length}, ${(packed.zip.length / 1024).toFixed(0)} KiB`)
    learnwares.push({ slug, name, subset: subsetNames, classes: names, trainingRows: rows.length, model: IMAGE_MODEL_SUMMARY, heldOut: { metric: 'accuracy', value: accuracy, rows: heldOutRows.length }, zip: packed.zip })
  }
  const userTasks = learnwares.filter((_, i) => i % 2 === 0).map((origin) => userTask(user, origin.subset.slice(0, 2), learnwares))
  return { learnwares, userTasks }
}

async function readPool(dir: string, name: string): Promise<Pool> {
  const images = await readIdxImages(join(dir, `${name}-images-idx3-ubyte.gz`))
  const codes = await readIdxLabels(join(dir, `${name}-labels-idx1-ubyte.gz`))
  return { images, codes }
}

/** IMAGE_LEARNWARE_COUNT distinct ordered 4-class subsets (main, main, minor, minor); main pairs are unordered-distinct too. */
function drawSubsets(rng: Rng): number[][] {
  const subsets: number[][] = []
  const seen = new Set<string>()
  while (subsets.length < IMAGE_LEARNWARE_COUNT) {
    const order = rng.shuffle(Array.from(FASHION_CLASSES, (_, i) => i)).slice(0, 4)
    const key = [...order.slice(0, 2)].sort((a, b) => a - b).join(',')
    if (seen.has(key)) continue
    seen.add(key)
    subsets.push(order)
  }
  return subsets
}

/** A seeded draw of the market images of each class in the subset's proportions, in market order. */
function trainingRows(pool: Pool, subset: readonly number[], rng: Rng): number[] {
  const rows: number[] = []
  subset.forEach((code, role) => {
    const ofClass = [...pool.codes.keys()].filter((i) => pool.codes[i] === code)
    rows.push(...rng.shuffle(ofClass).slice(0, Math.round(PROPORTIONS[role] * IMAGE_TRAINING_COUNT)))
  })
  return rows.sort((a, b) => a - b)
}

function userTask(user: Pool, subset: readonly string[], learnwares: readonly BuiltImageLearnware[]): BuiltImageUserTask {
  const codes = subset.map((name) => FASHION_CLASSES.indexOf(name as (typeof FASHION_CLASSES)[number]))
  const rows = [...user.codes.keys()].filter((i) => codes.includes(user.codes[i]))
  const images = pickImages(user.images, rows)
  return {
    name: `fashion-${subset.join('--')}`,
    classes: [...subset],
    sources: learnwares.filter((l) => subset.every((c) => l.classes.includes(c))).map((l) => l.slug),
    rows: rows.length,
    description: `Fashion-MNIST test-set images (never seen by a learnware) of ${subset.join(' and ')}, ${USER_IMAGES_PER_CLASS} each; labels are Fashion-MNIST class codes 0–9.`,
    imagesGz: gzipSync(idxImages(images), { level: 9 }),
    labelsGz: gzipSync(idxLabels(Uint8Array.from(rows, (i) => user.codes[i])), { level: 9 })
  }
}

function pickImages(batch: ImageBatch, rows: readonly number[]): ImageBatch {
  const size = batch.channels * batch.height * batch.width
  const data = new Float32Array(rows.length * size)
  rows.forEach((n, r) => data.set(batch.data.subarray(n * size, (n + 1) * size), r * size))
  return { ...batch, data, count: rows.length }
}

function idxImages(batch: ImageBatch): Uint8Array {
  const out = Buffer.alloc(16 + batch.data.length)
  out.writeUInt32BE(2051, 0)
  out.writeUInt32BE(batch.count, 4)
  out.writeUInt32BE(batch.height, 8)
  out.writeUInt32BE(batch.width, 12)
  for (let i = 0; i < batch.data.length; i++) out[16 + i] = batch.data[i]
  return out
}

function idxLabels(codes: Uint8Array): Uint8Array {
  const out = Buffer.alloc(8 + codes.length)
  out.writeUInt32BE(2049, 0)
  out.writeUInt32BE(codes.length, 4)
  out.set(codes, 8)
  return out
}
