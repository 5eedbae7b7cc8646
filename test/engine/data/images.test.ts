import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { encode as encodeJpeg } from 'jpeg-js'
import { PNG } from 'pngjs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  bilinearTaps, decodeImage, loadImageFolder, parseIdxImages, readIdxImages, readIdxLabels, resizeImageBatch
} from '../../../src/engine/data/images'
import type { ProgressEvent } from '../../../src/engine/progress'
import { fixturesDir } from '../../helpers/fixtures'

const imagesDir = join(fixturesDir, 'images')
const pngFolder = join(imagesDir, 'fashion-mnist-png')

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const image = new PNG({ width, height })
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const [r, g, b] = pixel(x, y)
    image.data.set([r, g, b, 255], (y * width + x) * 4)
  }
  return PNG.sync.write(image)
}

function jpeg(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const data = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...pixel(x, y), 255], (y * width + x) * 4)
  return encodeJpeg({ data, width, height }, 95).data
}

let temp: string | null = null
afterEach(async () => { if (temp) await rm(temp, { recursive: true, force: true }); temp = null })
async function tempFolder(files: Record<string, Buffer | string>): Promise<string> {
  temp = await mkdtemp(join(tmpdir(), 'lw-images-'))
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(join(temp, name, '..'), { recursive: true })
    await writeFile(join(temp, name), bytes)
  }
  return temp
}

describe('IDX (Fashion-MNIST) reader', () => {
  it('reads gzipped images and labels', async () => {
    const images = await readIdxImages(join(imagesDir, 'fashion-mnist-train-300-images-idx3-ubyte.gz'))
    const labels = await readIdxLabels(join(imagesDir, 'fashion-mnist-train-300-labels-idx1-ubyte.gz'))
    expect([images.count, images.channels, images.height, images.width]).toEqual([300, 1, 28, 28])
    expect(labels.length).toBe(300)
    for (let c = 0; c < 10; c++) expect(labels.filter((l) => l === c).length).toBe(30)
    expect(images.data.reduce((m, v) => Math.max(m, v), 0)).toBe(255)
    expect((await readIdxImages(join(imagesDir, 'fashion-mnist-train-300-images-idx3-ubyte.gz'), { limit: 7 })).count).toBe(7)
  })

  it('reads plain IDX bytes and names a wrong magic number or a truncated file', () => {
    const header = Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2])
    const batch = parseIdxImages(Buffer.concat([header, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])]), 'tiny')
    expect(Array.from(batch.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(() => parseIdxImages(Buffer.concat([header, Buffer.from([1, 2])]), 'short')).toThrow(/short: holds 2 pixel bytes/)
    const labels = Buffer.from([0, 0, 8, 1, 0, 0, 0, 8, 3, 1, 4, 1, 5, 9, 2, 6])
    expect(() => parseIdxImages(labels, 'labels.idx')).toThrow(/magic number is 2049, expected 2051/)
    expect(gzipSync(header).length).toBeGreaterThan(0)
  })
})

describe('PNG / JPEG decoding', () => {
  it('decodes a grey Fashion-MNIST PNG into one channel with its pixel values', async () => {
    const bytes = await readFile(join(pngFolder, 'bag', '00018.png'))
    const image = decodeImage(bytes, 'bag/00018.png')
    const raw = PNG.sync.read(bytes)
    expect([image.width, image.height, image.channels]).toEqual([28, 28, 1])
    for (let p = 0; p < 28 * 28; p++) expect(image.data[p]).toBe(raw.data[p * 4])
  })

  it('decodes colour PNG and JPEG into three planar channels', () => {
    const colour = decodeImage(png(4, 3, (x, y) => [10 * x, 20 * y, 200]), 'c.png')
    expect(colour.channels).toBe(3)
    expect(colour.data[0 * 12 + 1 * 4 + 2]).toBe(20) // R plane, y = 1, x = 2
    expect(colour.data[1 * 12 + 2 * 4 + 0]).toBe(40) // G plane, y = 2
    expect(colour.data[2 * 12 + 5]).toBe(200)
    const photo = decodeImage(jpeg(16, 16, () => [200, 30, 30]), 'c.jpg')
    expect(photo.channels).toBe(3)
    expect(Math.abs(photo.data[0] - 200)).toBeLessThan(8)
    expect(decodeImage(jpeg(8, 8, (x) => [x * 30, x * 30, x * 30]), 'g.jpg').channels).toBe(1)
  })

  it('refuses non-images, corrupt data and images too large to hold', () => {
    expect(() => decodeImage(Buffer.from('hello'), 'notes.png')).toThrow(/notes\.png: not a PNG or JPEG/)
    const truncated = png(8, 8, () => [1, 2, 3]).subarray(0, 60)
    expect(() => decodeImage(truncated, 'cut.png')).toThrow(/cut\.png: cannot decode PNG/)
    const bomb = png(1, 1, () => [0, 0, 0])
    bomb.writeUInt32BE(60_000, 16)
    bomb.writeUInt32BE(60_000, 20)
    expect(() => decodeImage(bomb, 'bomb.png')).toThrow(/larger than the 40 megapixels/)
  })
})

describe('image folders', () => {
  it('loads the labelled layout: one class per sub-folder, sorted, with progress', async () => {
    const events: ProgressEvent[] = []
    const folder = await loadImageFolder(pngFolder, { onProgress: (e) => events.push(e) })
    expect(folder.labels?.classes).toEqual(['ankle_boot', 'bag', 'coat', 'dress', 'pullover', 'sandal', 'shirt', 'sneaker', 't-shirt_top', 'trouser'])
    expect([folder.images.count, folder.images.channels, folder.images.height, folder.images.width]).toEqual([120, 1, 28, 28])
    expect(folder.files[0]).toMatch(/^ankle_boot\//)
    expect(Array.from(folder.labels!.codes.slice(0, 12))).toEqual(new Array(12).fill(0))
    expect(folder.skipped).toEqual([])
    const fractions = events.flatMap((e) => (e.status === 'progress' ? [e.fraction] : []))
    expect(fractions.at(-1)).toBe(1)
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1])
  })

  it('loads a flat folder unlabelled; skips corrupt files with a reason; resizes odd sizes; goes RGB when any image is colour', async () => {
    const dir = await tempFolder({
      'a.png': png(10, 10, () => [50, 50, 50]),
      'b.png': png(10, 10, () => [90, 90, 90]),
      'c.jpg': jpeg(20, 20, () => [200, 40, 40]),
      'broken.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a PNG after all')]),
      'readme.txt': 'not an image',
      '.hidden.png': png(10, 10, () => [0, 0, 0])
    })
    const folder = await loadImageFolder(dir)
    expect(folder.labels).toBeNull()
    expect(folder.files).toEqual(['a.png', 'b.png', 'c.jpg'])
    expect([folder.images.count, folder.images.channels, folder.images.height, folder.images.width]).toEqual([3, 3, 10, 10])
    expect(folder.resized).toBe(1)
    expect(folder.skipped).toHaveLength(1)
    expect(folder.skipped[0].file).toBe('broken.png')
    expect(folder.skipped[0].reason).toMatch(/cannot decode PNG|truncated PNG header/)
    // Grey a.png repeated into R, G and B.
    expect([folder.images.data[0], folder.images.data[100], folder.images.data[200]]).toEqual([50, 50, 50])
  })

  it('samples a seeded subset, and explains an empty folder', async () => {
    const a = await loadImageFolder(pngFolder, { maxImages: 10, seed: 3 })
    const b = await loadImageFolder(pngFolder, { maxImages: 10, seed: 3 })
    expect(a.files).toEqual(b.files)
    expect(a.images.count).toBe(10)
    expect(a.sampled).toBe(true)
    expect(a.filesFound).toBe(120)
    const dir = await tempFolder({ 'notes.txt': 'nothing here' })
    await expect(loadImageFolder(dir)).rejects.toMatchObject({ code: 'DATA_NO_IMAGES' })
  })
})

describe('resizing like torchvision Resize(antialias=True)', () => {
  it('enlarging is bilinear with half-pixel centres (align_corners=False)', () => {
    const ramp = { data: Float32Array.from({ length: 28 * 28 }, (_, p) => p % 28), count: 1, channels: 1, height: 28, width: 28 }
    const big = resizeImageBatch(ramp, 32, 32)
    for (let x = 0; x < 32; x++) {
      const source = Math.min(27, Math.max(0, (x + 0.5) * (28 / 32) - 0.5))
      expect(big.data[5 * 32 + x]).toBeCloseTo(source, 5)
    }
  })

  it('halving uses the stretched triangle filter [1, 3, 3, 1] / 8, renormalised at the border', () => {
    const taps = bilinearTaps(8, 4)
    expect(Array.from(taps.weights.subarray(taps.span, taps.span + 4))).toEqual([1 / 8, 3 / 8, 3 / 8, 1 / 8])
    expect(taps.start[1]).toBe(1)
    expect(Array.from(taps.weights.subarray(0, 3))).toEqual([3 / 7, 3 / 7, 1 / 7])
    const flat = resizeImageBatch({ data: new Float32Array(64 * 64).fill(7), count: 1, channels: 1, height: 64, width: 64 }, 32, 32)
    expect(flat.data.every((v) => Math.abs(v - 7) < 1e-5)).toBe(true)
  })
})
