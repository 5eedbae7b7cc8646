// One-off: writes resources/datasets/fashion-mnist-*.gz, the compact Fashion-MNIST subset the starter dock's
// image learnwares are built from: the first 300 images of each class of the training set (market) and the
// first 60 of each class of the test set (user tasks), in their original order, as IDX files gzipped with
// node's zlib (no timestamp, so the bytes are reproducible).
// Run: node scripts/starter-dock/fashion-mnist-subset.mjs /path/to/fashion-mnist
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'

const source = process.argv[2] ?? '/work/shared/datasets/images/fashion-mnist'
const out = join(import.meta.dirname, '..', '..', 'resources', 'datasets')
const parts = [['train', 'fashion-mnist-market', 300], ['t10k', 'fashion-mnist-user', 60]]

for (const [prefix, name, perClass] of parts) {
  const images = gunzipSync(readFileSync(join(source, `${prefix}-images-idx3-ubyte.gz`)))
  const labels = gunzipSync(readFileSync(join(source, `${prefix}-labels-idx1-ubyte.gz`)))
  const counts = new Array(10).fill(0)
  const chosen = []
  for (let i = 8; i < labels.length; i++) if (counts[labels[i]] < perClass) { counts[labels[i]]++; chosen.push(i - 8) }
  const imageOut = Buffer.alloc(16 + chosen.length * 784)
  images.copy(imageOut, 0, 0, 16)
  imageOut.writeUInt32BE(chosen.length, 4)
  chosen.forEach((n, r) => images.copy(imageOut, 16 + r * 784, 16 + n * 784, 16 + (n + 1) * 784))
  const labelOut = Buffer.alloc(8 + chosen.length)
  labels.copy(labelOut, 0, 0, 8)
  labelOut.writeUInt32BE(chosen.length, 4)
  chosen.forEach((n, r) => { labelOut[8 + r] = labels[8 + n] })
  writeFileSync(join(out, `${name}-images-idx3-ubyte.gz`), gzipSync(imageOut, { level: 9 }))
  writeFileSync(join(out, `${name}-labels-idx1-ubyte.gz`), gzipSync(labelOut, { level: 9 }))
  console.log(`${name}: ${chosen.length} images`)
}
