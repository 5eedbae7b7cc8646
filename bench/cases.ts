/**
 * Benchmark cases, one per process so each reports its own peak RSS. `bench/run.mjs` builds this file and
 * runs every case; each prints one JSON line: {"case", "seconds", "peakRssMiB", …}.
 *
 *   node out/bench/cases.cjs rkme-table-10k-20
 */

import { createWriteStream, existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadTableFile, parseTableText, type LoadedTable } from '../src/engine/data'
import { readLearnwarePackage } from '../src/engine/learnware'
import { createRng } from '../src/engine/math/rng'
import { packLearnware } from '../src/engine/pack'
import { previewReuse } from '../src/engine/reuse/preview'
import type { ReuseLearnware } from '../src/engine/reuse/types'
import { OnnxModelCache, sha256Hex } from '../src/engine/runtime'
import { createRbfKernelRows, rbfKernelModule } from '../src/engine/math/rbfKernel'
import { generateRkmeTableSpec, innerProduct, type RkmeTableSpec } from '../src/engine/spec'
import { trainLogisticRegression } from '../src/engine/train'
import { statisticalSearch } from '../src/engine/search'
import { createHashedNgramEmbedder, generateRkmeTextSpec, loadTextTableFile } from '../src/engine/text'
import { readIdxImages, type ImageBatch } from '../src/engine/data/images'
import {
  DEFAULT_IMAGE_FIT, DEFAULT_IMAGE_MODEL_CONFIG, generateRkmeImageSpec, imageMmd2, imageMmd2Many, parseRkmeImageSpec, preprocessImages,
  type RkmeImageSpec
} from '../src/engine/spec/image'
import { prepareNngpImages } from '../src/engine/spec/image/nngpImages'
import { createNngpScratch, nngpPairExact } from '../src/engine/spec/image/nngpPair'
import { finalBeta, fitRkmeImage } from '../src/engine/spec/image/rkmeImageFit'
import { solveSimplexQp } from '../src/engine/math/simplexQp'

/** Seeded Gaussian mixture: 8 clusters with random centres and scales, float32 like the reference input. */
function gaussianMixture(rows: number, d: number, seed = 42): Float32Array {
  const rng = createRng(seed)
  const centres = Array.from({ length: 8 }, () => Array.from({ length: d }, () => rng.normal() * 2))
  const scales = Array.from({ length: 8 }, () => 0.5 + rng.next())
  const data = new Float32Array(rows * d)
  for (let n = 0; n < rows; n++) {
    const c = rng.int(8)
    for (let f = 0; f < d; f++) data[n * d + f] = centres[c][f] + scales[c] * rng.normal()
  }
  return data
}

/**
 * MMD² between a spec and the full data, Σββk − 2/N Σβk(z,x) + (1/N²)ΣΣk(x,x'); the last term is
 * estimated on a random sample of 5,000 rows (it is the same for every spec of that data).
 */
function mmd2ToData(spec: RkmeTableSpec, data: Float32Array, rows: number, d: number): number {
  const x = Float64Array.from(data)
  const perRow = new Float64Array(rows)
  createRbfKernelRows(rbfKernelModule(), x, rows, d).weightedRows(spec.z, spec.k, spec.beta, spec.gamma, perRow)
  const cross = perRow.reduce((a, b) => a + b, 0) / rows
  const sampleRows = Math.min(rows, 5000)
  const sample = x.subarray(0, sampleRows * d)
  const selfSum = new Float64Array(sampleRows)
  createRbfKernelRows(rbfKernelModule(), sample, sampleRows, d).weightedRows(sample, sampleRows, new Float64Array(sampleRows).fill(1), spec.gamma, selfSum)
  const dataTerm = selfSum.reduce((a, b) => a + b, 0) / (sampleRows * sampleRows)
  return innerProduct(spec, spec) - 2 * cross + dataTerm
}

/**
 * `seconds`: the fastest of five warm runs in the same process (JIT and thread pool warm, as in a running
 * app; the minimum is the least disturbed by other work on the machine), `medianSeconds` their median,
 * `coldSeconds`: the first run.
 */
async function tableSpecCase(rows: number, d: number): Promise<Record<string, unknown>> {
  const data = gaussianMixture(rows, d)
  const time = async (): Promise<{ seconds: number; spec: RkmeTableSpec }> => {
    const started = performance.now()
    const spec = await generateRkmeTableSpec(data, rows, d, { k: 100, seed: 0 })
    return { seconds: (performance.now() - started) / 1000, spec }
  }
  const cold = await time()
  const warm: { seconds: number; spec: RkmeTableSpec }[] = []
  for (let run = 0; run < 5; run++) warm.push(await time())
  const sorted = warm.map((w) => w.seconds).sort((a, b) => a - b)
  return { rows, features: d, k: cold.spec.k, seconds: sorted[0], medianSeconds: sorted[2], coldSeconds: cold.seconds, mmd2ToData: mmd2ToData(warm[0].spec, data, rows, d) }
}

async function streamedCsvCase(rows: number, d: number): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-'))
  const path = join(dir, 'big.csv')
  try {
    await writeMixtureCsv(path, rows, d)
    const started = performance.now()
    const table = await loadTableFile(path, { maxRows: 200_000, seed: 0 })
    const loaded = performance.now()
    const spec = await generateRkmeTableSpec(table.matrix, table.rowsKept, table.featuresPerRow, { k: 100, seed: 0 })
    const finished = performance.now()
    return {
      rows, features: d, k: spec.k, rowsKept: table.rowsKept, sampled: table.sampled,
      loadSeconds: (loaded - started) / 1000, specSeconds: (finished - loaded) / 1000, seconds: (finished - started) / 1000
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function writeMixtureCsv(path: string, rows: number, d: number): Promise<void> {
  const out = createWriteStream(path)
  const header = Array.from({ length: d }, (_, f) => `f${f}`).join(',')
  out.write(`${header}\n`)
  const chunkRows = 10_000
  for (let start = 0; start < rows; start += chunkRows) {
    const count = Math.min(chunkRows, rows - start)
    const chunk = gaussianMixture(count, d, 1000 + start)
    const lines: string[] = []
    for (let n = 0; n < count; n++) lines.push(Array.from(chunk.subarray(n * d, (n + 1) * d), (v) => v.toFixed(4)).join(','))
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
}

/** Multinomial logistic regression (L-BFGS) on 5,000 × 20 × 10 classes — the reuse preview trains many. */
async function logisticRegressionCase(): Promise<Record<string, unknown>> {
  const rng = createRng(3)
  const rows = 5000
  const cols = 20
  const centres = Float64Array.from({ length: 10 * cols }, () => rng.normal() * 1.5)
  const features = new Float32Array(rows * cols)
  const labels = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    labels[r] = rng.int(10)
    for (let j = 0; j < cols; j++) features[r * cols + j] = centres[labels[r] * cols + j] + rng.normal() * 2 + 10 * j
  }
  const started = performance.now()
  const model = trainLogisticRegression({ features, rows, cols, labels })
  return { rows, features: cols, classes: 10, iterations: model.report.iterations, seconds: (performance.now() - started) / 1000 }
}

/** Synthetic specs (K = 100, d = 10): clustered reduced sets around random centres, normalised β. */
function syntheticSpecs(count: number, seed: number): RkmeTableSpec[] {
  const rng = createRng(seed)
  return Array.from({ length: count }, () => {
    const centre = Array.from({ length: 10 }, () => rng.normal() * 2)
    const z = Float64Array.from({ length: 1000 }, (_, i) => centre[i % 10] + rng.normal())
    const beta = Float64Array.from({ length: 100 }, () => rng.next())
    const total = beta.reduce((a, b) => a + b, 0)
    return { type: 'RKMETableSpecification', z, beta: beta.map((b) => b / total), k: 100, featuresPerRow: 10, pointShape: [10], gamma: 0.1, numPoints: 1000 }
  })
}

/** Single ranking and greedy mixture over a dock of synthetic learnwares (self terms cached, as the dock does); warm figures are the fastest of three. */
async function searchCase(count: number): Promise<Record<string, unknown>> {
  const candidates = syntheticSpecs(count, 7).map((spec, i) => ({ id: `lw${i}`, spec, selfInner: innerProduct(spec, spec) }))
  const user = syntheticSpecs(1, 99)[0]
  const time = async (run: () => Promise<unknown>): Promise<number> => { const started = performance.now(); await run(); return (performance.now() - started) / 1000 }
  const coldSingleSeconds = await time(() => statisticalSearch(user, candidates, { mixture: 'none' }))
  const fastest = async (run: () => Promise<unknown>): Promise<number> => {
    let best = Infinity
    for (let repeat = 0; repeat < 3; repeat++) best = Math.min(best, await time(run))
    return best
  }
  const singleSeconds = await fastest(() => statisticalSearch(user, candidates, { mixture: 'none' }))
  const greedySeconds = await fastest(() => statisticalSearch(user, candidates, { mixture: 'greedy' }))
  return { learnwares: count, k: 100, features: 10, coldSingleSeconds, singleSeconds, greedySeconds, seconds: greedySeconds }
}

/**
 * Seeded 4-class table: features around one of 3 regional centres (shift per region), labels from one
 * shared linear rule plus noise, so learnwares trained on one region are good there and less so elsewhere.
 */
function regionalClassTable(rows: number, d: number, regions: readonly number[], seed: number, source: string): LoadedTable {
  const rule = createRng(5)
  const weights = Float64Array.from({ length: 4 * d }, () => rule.normal())
  const centres = Array.from({ length: 3 }, () => Float64Array.from({ length: d }, () => rule.normal() * 1.5))
  const rng = createRng(seed)
  const lines = [[...Array.from({ length: d }, (_, f) => `f${f}`), 'label'].join(',')]
  const x = new Float64Array(d)
  for (let n = 0; n < rows; n++) {
    const centre = centres[regions[rng.int(regions.length)]]
    for (let f = 0; f < d; f++) x[f] = centre[f] + rng.normal()
    let best = 0
    let bestScore = -Infinity
    for (let k = 0; k < 4; k++) {
      let score = rng.normal() * 1.5
      for (let f = 0; f < d; f++) score += weights[k * d + f] * x[f]
      if (score > bestScore) [best, bestScore] = [k, score]
    }
    lines.push(`${Array.from(x, (v) => v.toFixed(4)).join(',')},class_${best}`)
  }
  return parseTableText(lines.join('\n'), { source, target: 'label' })
}

/** A learnware trained on one region of the synthetic data, packed (RKME k = 50) as a dock would hand it out. */
async function regionalLearnware(region: number, d: number): Promise<ReuseLearnware> {
  const table = regionalClassTable(1500, d, [region], 100 + region, `region${region}.csv`)
  const model = trainLogisticRegression({ features: table.matrix, rows: table.rowsKept, cols: d, labels: table.target!.codes! })
  const name = `Region ${region} model`
  const { zip, spec } = await packLearnware({
    onnxModel: model.toOnnx(), table, k: 50, check: false,
    semantic: { name, description: 'Synthetic regional classifier', task: 'Classification', scenarios: ['Business'], license: 'MIT' }
  })
  return { id: `region-${region}`, name, license: 'MIT', packageSha256: sha256Hex(zip), pkg: await readLearnwarePackage(zip, { label: name }), spec }
}

/** Reuse preview: 5,000 user rows × 20 features, 3 learnwares, Single/Averaging/JobSelector/EnsemblePruning/FeatureAugment/scratch. */
async function reusePreviewCase(): Promise<Record<string, unknown>> {
  const d = 20
  const learnwares = await Promise.all([0, 1, 2].map((region) => regionalLearnware(region, d)))
  const table = regionalClassTable(5000, d, [0, 1, 2], 7, 'user.csv')
  const cache = new OnnxModelCache()
  try {
    const started = performance.now()
    const cpuBefore = process.cpuUsage()
    const preview = await previewReuse({ table, learnwares, labelledRows: 100, repeats: 5, seed: 0, cache })
    const seconds = (performance.now() - started) / 1000
    // CPU time of this process (JS + onnxruntime threads): a steadier figure than wall time on a busy machine
    const cpu = process.cpuUsage(cpuBefore)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const accuracy = Object.fromEntries(preview.candidates.map((c) => [c.id, c.status === 'ok' ? Number(c.metrics.accuracy!.mean.toFixed(3)) : c.error.code]))
    const candidateMs = Object.fromEntries(preview.candidates.map((c) => [c.id, c.status === 'ok' ? Math.round(c.elapsedMs) : null]))
    return { rows: table.rowsKept, features: d, learnwares: learnwares.length, candidates: preview.candidates.length, labelledRows: 100, repeats: 5, seconds, cpuSeconds, accuracy, candidateMs }
  } finally {
    await cache.dispose()
  }
}

/**
 * 5,000 Brown-corpus paragraphs (the shared data set; the test fixture, repeated, when it is absent): load,
 * embed with the built-in hashed n-gram embedder, detect languages and fit the text RKME (K = 100, d = 384).
 */
async function textSpecCase(rows: number): Promise<Record<string, unknown>> {
  const shared = '../shared/datasets/text/brown_paragraphs.csv'
  const started = performance.now()
  const docs = existsSync(shared)
    ? await loadTextTableFile(shared, { column: 'text', maxRows: rows, seed: 0 })
    : await loadTextTableFile('test/fixtures/text/brown_subset.csv', { column: 'text' })
  const texts = Array.from({ length: rows }, (_, i) => docs.texts[i % docs.texts.length])
  const loaded = performance.now()
  await createHashedNgramEmbedder().embed(texts)
  const embedded = performance.now()
  const spec = await generateRkmeTextSpec(texts, { seed: 0 })
  const finished = performance.now()
  return {
    texts: texts.length, source: existsSync(shared) ? 'brown_paragraphs.csv' : 'brown_subset.csv (repeated)', language: spec.language,
    loadSeconds: (loaded - started) / 1000, embedSeconds: (embedded - loaded) / 1000,
    seconds: (finished - embedded) / 1000
  }
}

/** Fashion-MNIST t10k from the shared data sets (`npm run bench` runs from the repository root). */
async function fashionMnist(count: number): Promise<ImageBatch> {
  const path = join(process.cwd(), '../shared/datasets/images/fashion-mnist/t10k-images-idx3-ubyte.gz')
  if (!existsSync(path)) throw new Error(`${path} not found (the image cases need the shared Fashion-MNIST files)`)
  return readIdxImages(path, { limit: count })
}

/** A synthetic image spec: N(0, 1) reduced set, dense random β (what our fitted specs look like to the kernel). */
function syntheticImageSpec(k: number, seed: number): RkmeImageSpec {
  const rng = createRng(seed)
  const beta = Float64Array.from({ length: k }, () => 0.2 + rng.next())
  const total = beta.reduce((a, b) => a + b, 0)
  return {
    type: 'RKMEImageSpecification', version: 1, msg: null, k, channels: 1, nModels: 16, modelConfig: { ...DEFAULT_IMAGE_MODEL_CONFIG },
    z: Float32Array.from({ length: k * 1024 }, () => rng.normal()), beta: beta.map((b) => b / total)
  }
}

/**
 * One image spec distance, K = 50 vs 50 at 1 × 32 × 32, dense β (as our fitted specs have): the cross term
 * with both self terms already cached (as in a search), best of 4 fresh pairs after a warm-up, in both
 * arithmetics; then per distance when one query is compared with 8 specs on a 2-thread pool. Wall and
 * CPU milliseconds (the CPU time of all threads).
 */
async function imageDistanceCase(): Promise<Record<string, unknown>> {
  const measure = async (run: () => unknown): Promise<{ wall: number; cpu: number }> => {
    const cpu = process.cpuUsage()
    const started = performance.now()
    await run()
    const used = process.cpuUsage(cpu)
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 }
  }
  const result: Record<string, unknown> = {}
  let seed = 100
  for (const arithmetic of ['reference', 'exact'] as const) {
    const query = syntheticImageSpec(50, seed++)
    imageMmd2(query, syntheticImageSpec(50, seed++), { arithmetic }) // warm-up: JIT, query's self term
    const single = []
    for (let r = 0; r < 4; r++) {
      const other = syntheticImageSpec(50, seed++)
      imageMmd2(other, other, { arithmetic })
      single.push(await measure(() => imageMmd2(query, other, { arithmetic })))
    }
    result[`${arithmetic}Ms`] = Math.min(...single.map((m) => m.wall))
    result[`${arithmetic}CpuMs`] = Math.min(...single.map((m) => m.cpu))
    const many = Array.from({ length: 8 }, () => syntheticImageSpec(50, seed++))
    for (const spec of many) imageMmd2(spec, spec, { arithmetic })
    await imageMmd2Many(query, [syntheticImageSpec(50, seed++)], { arithmetic, threads: 2 }) // starts the process's pool
    const pooled = await measure(() => imageMmd2Many(query, many, { arithmetic, threads: 2 }))
    result[`${arithmetic}PoolMsPerDistance`] = pooled.wall / many.length
    // A later search: a new user spec against learnwares the pool already holds (new Gram entries, no copies).
    const nextQuery = syntheticImageSpec(50, seed++)
    imageMmd2(nextQuery, nextQuery, { arithmetic })
    const nextSearch = await measure(() => imageMmd2Many(nextQuery, many, { arithmetic, threads: 2 }))
    result[`${arithmetic}PoolMsPerDistanceSeenLearnwares`] = nextSearch.wall / many.length
  }
  // Reference-made specs (sparse β, shared noise Z): pruning on the first distance, the Gram cache after.
  const fixture = (name: string): RkmeImageSpec => parseRkmeImageSpec(JSON.parse(readFileSync(join('test/fixtures/rkme-image', `${name}.json`), 'utf8')))
  const [tops, shoes, tops2] = ['a_tops', 'b_shoes', 'c_tops2'].map(fixture)
  for (const spec of [tops, shoes, tops2]) imageMmd2(spec, spec)
  result.fixtureFirstMs = (await measure(() => imageMmd2(tops, shoes))).wall
  result.fixtureSharedZNextMs = (await measure(() => imageMmd2(tops, tops2))).wall
  result.seconds = (result.referenceMs as number) / 1000
  return result
}

/** MMD² (exact kernel) between a fitted (z, β) and the images; the images' own term on the first 300. */
function imageMmd2ToData(z: ArrayLike<number>, beta: Float64Array, k: number, images: ImageBatch): number {
  const zSet = prepareNngpImages(z, k, images.channels, 'exact')
  const xSet = prepareNngpImages(images.data, images.count, images.channels, 'exact')
  const scratch = createNngpScratch()
  let value = 0
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) value += beta[i] * beta[j] * (i === j ? zSet.selfKernel[i] : nngpPairExact(zSet, i, zSet, j, images.channels, scratch))
    for (let n = 0; n < images.count; n++) value -= (2 * beta[i] * nngpPairExact(zSet, i, xSet, n, images.channels, scratch)) / images.count
  }
  const m = Math.min(300, images.count)
  let own = 0
  for (let n = 0; n < m; n++) for (let q = 0; q < m; q++) own += n === q ? xSet.selfKernel[n] : nngpPairExact(xSet, n, xSet, q, images.channels, scratch)
  return value + own / (m * m)
}

/** 1,000 Fashion-MNIST images → spec with default settings; quality against the reference's fixed noise Z. */
async function imageSpecCase(count: number): Promise<Record<string, unknown>> {
  const images = await fashionMnist(count)
  const started = performance.now()
  const cpu = process.cpuUsage()
  const spec = await generateRkmeImageSpec(images, { seed: 0 })
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const ready = preprocessImages(images)
  const noise = await fitRkmeImage(ready, { steps: 0, seed: 0 })
  return {
    images: count, k: spec.k, steps: DEFAULT_IMAGE_FIT.steps, seconds, cpuSeconds: (used.user + used.system) / 1e6,
    mmd2ToData: imageMmd2ToData(spec.z, spec.beta, spec.k, ready),
    mmd2ToDataNoiseZ: imageMmd2ToData(noise.z, noise.beta, noise.k, ready)
  }
}

const CASES: Record<string, () => Promise<Record<string, unknown>>> = {
  'search-1k-learnwares': () => searchCase(1000),
  'search-10k-learnwares': () => searchCase(10_000),
  'train-logistic-5k-20-10': logisticRegressionCase,
  'reuse-preview-5k-20': reusePreviewCase,
  'rkme-table-10k-20': () => tableSpecCase(10_000, 20),
  'rkme-table-100k-50': () => tableSpecCase(100_000, 50),
  'rkme-table-csv-1m-50-streamed': () => streamedCsvCase(1_000_000, 50),
  'text-spec-brown-5k': () => textSpecCase(5000),
  'rkme-image-distance-50x50': imageDistanceCase,
  'rkme-image-fashion-1k': () => imageSpecCase(1000)
}

export const caseNames = Object.keys(CASES)

async function runCase(name: string): Promise<void> {
  const run = CASES[name]
  if (!run) throw new Error(`unknown case ${name}; cases: ${caseNames.join(', ')}`)
  const result = await run()
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024)
  process.stdout.write(`${JSON.stringify({ case: name, ...result, peakRssMiB })}\n`)
}

if (require.main === module) {
  const name = process.argv[2]
  if (name === '--list') process.stdout.write(`${caseNames.join('\n')}\n`)
  else void runCase(name ?? '')
}
