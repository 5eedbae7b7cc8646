import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadImageFolder, readIdxImages, readIdxLabels, type ImageBatch, type LoadedImageFolder } from '../../../src/engine/data/images'
import { generateRkmeImageSpec, imageMmd2, imageSearchDistance, type RkmeImageSpec } from '../../../src/engine/spec/image'
import { fixturesDir } from '../../helpers/fixtures'

const imagesDir = join(fixturesDir, 'images')
const CLASS_NAMES = ['t-shirt_top', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle_boot']

function subset(batch: ImageBatch, keep: (n: number) => boolean): ImageBatch {
  const size = batch.channels * batch.height * batch.width
  const rows = Array.from({ length: batch.count }, (_, n) => n).filter(keep)
  const data = new Float32Array(rows.length * size)
  rows.forEach((n, r) => data.set(batch.data.subarray(n * size, (n + 1) * size), r * size))
  return { ...batch, data, count: rows.length }
}

describe('image search: a user task finds the learnware made for the same classes', () => {
  let train: ImageBatch
  let trainLabels: Uint8Array
  let test: LoadedImageFolder
  const fit = { k: 16, steps: 20, batchSize: 16 }
  const made = new Map<string, Promise<RkmeImageSpec>>()

  beforeAll(async () => {
    train = await readIdxImages(join(imagesDir, 'fashion-mnist-train-300-images-idx3-ubyte.gz'))
    trainLabels = await readIdxLabels(join(imagesDir, 'fashion-mnist-train-300-labels-idx1-ubyte.gz'))
    test = await loadImageFolder(join(imagesDir, 'fashion-mnist-png'))
  })

  const learnwareSpec = (classes: number[], steps = fit.steps): Promise<RkmeImageSpec> => {
    const key = `${classes.join(',')}/${steps}`
    if (!made.has(key)) made.set(key, generateRkmeImageSpec(subset(train, (n) => classes.includes(trainLabels[n])), { ...fit, steps, seed: 2 }))
    return made.get(key)!
  }
  const userSpec = (classes: number[], steps = fit.steps): Promise<RkmeImageSpec> => {
    const codes = classes.map((c) => test.labels!.classes.indexOf(CLASS_NAMES[c]))
    return generateRkmeImageSpec(subset(test.images, (n) => codes.includes(test.labels!.codes[n])), { ...fit, steps, seed: 1 })
  }

  it('user spec from test images of {trouser, bag} is closest to the spec from training images of {trouser, bag}', async () => {
    const user = await userSpec([1, 8])
    const match = await learnwareSpec([1, 8])
    const others = await Promise.all([[5, 7], [0, 2], [1, 7], [4, 8], [3, 6]].map((classes) => learnwareSpec(classes)))
    const matchDistance = imageMmd2(user, match)
    for (const other of others) {
      const distance = imageMmd2(user, other)
      expect(distance).toBeGreaterThan(1.5 * matchDistance)
      // The reference's transform is monotone (it saturates to 1 above ~2e-3, so ties are possible).
      expect(imageSearchDistance(distance)).toBeGreaterThanOrEqual(imageSearchDistance(matchDistance))
    }
  })

  it('another task: {sandal, sneaker} test images pick the {sandal, sneaker} learnware over overlapping and other subsets', async () => {
    const user = await userSpec([5, 7])
    const distances = await Promise.all([[5, 7], [7, 9], [1, 5], [1, 7], [0, 2]].map(async (classes) => imageMmd2(user, await learnwareSpec(classes))))
    expect(distances.indexOf(Math.min(...distances))).toBe(0)
  })

  it('with the reference\'s fixed noise Z (no Z steps) the same search loses its signal', async () => {
    const user = await userSpec([1, 8], 0)
    const match = imageMmd2(user, await learnwareSpec([1, 8], 0))
    const other = imageMmd2(user, await learnwareSpec([0, 2], 0))
    // All distances collapse to the distance between two noise sets: within a few per cent of each other.
    expect(Math.abs(match - other) / match).toBeLessThan(0.05)
  })
})

describe('imageSearchDistance (Beimingwu: d ← 1 − exp(−d / 5e-5))', () => {
  it('maps 0 to 0, 5e-5 to 1 − 1/e, is monotone and saturates', () => {
    expect(imageSearchDistance(0)).toBe(0)
    expect(imageSearchDistance(5e-5)).toBeCloseTo(1 - Math.exp(-1), 15)
    let previous = -1
    for (const d of [0, 1e-6, 1e-5, 1e-4, 5e-4, 1e-3, 2e-3, 0.1]) {
      expect(imageSearchDistance(d)).toBeGreaterThanOrEqual(previous)
      previous = imageSearchDistance(d)
    }
    expect(imageSearchDistance(2e-3)).toBe(1)
  })
})
