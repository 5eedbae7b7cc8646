/**
 * Text learnwares of the starter dock, after Beimingwu's 20-Newsgroups benchmark (reference §9.2): the Brown
 * corpus's 15 genres are grouped into 5 super-groups; for every combination of 3 super-groups, two
 * learnwares are trained, each on a random half of the combination's market documents (a logistic
 * regression over the built-in embedding, classifying the super-group; about 0.5–0.7 held-out accuracy
 * on 3 classes — lexical features of single paragraphs see topic and style only). User tasks are the held-out
 * documents of every combination of 2 super-groups — the learnwares whose combination holds both are the
 * right answer. Documents are split, never paragraphs, so no paragraph of a user task's document was seen
 * by any learnware. Deterministic: fixed seeds, fixed order.
 *
 * Example:
 *   const built = await buildTextLearnwares('resources/datasets', console.log)
 *   built.learnwares.length   // 20
 *   built.userTasks[0].csv    // "text,target\n…" — held-out paragraphs with their super-group
 */

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LearnwareError } from '../../src/engine/errors'
import { createRng, type Rng } from '../../src/engine/math/rng'
import { packTextLearnware } from '../../src/engine/pack'
import { createHashedNgramEmbedder, parseTextTable } from '../../src/engine/text'
import { trainLogisticRegression } from '../../src/engine/train'

export const BROWN_FILE = 'brown_paragraphs.csv'
/** Share of each super-group's documents kept out of every learnware, for the user tasks. */
export const TEXT_USER_FRACTION = 0.3
export const TEXT_SPLIT_SEED = 2024
/** Reduced-set size of the text specs: 100 × 384 floats would make each package ~0.4 MB. */
export const TEXT_SPEC_K = 40
/**
 * Kernel width of the text specs. At Beimingwu's γ = 0.1 the built-in embedding puts any two paragraphs at
 * kernel value ≈ e⁻¹, and a K = 40 (even K = 100) reduced set misses the data's MMD² by ~10× the gap between
 * a right and a wrong learnware, so search ranks at random. At γ = 0.01–0.003 the kernel is nearly linear
 * (MMD² ≈ γ·‖mean embedding difference‖²), the reduced set reproduces the exact MMD² within ~20 %, and the
 * learnwares holding the user's two groups rank first (γ = 0.01: 8 of 10 user tasks; 0.003: 9 of 10). The
 * search makes each user spec with the learnware's γ, so this only has to agree among the learnwares.
 */
export const TEXT_GAMMA = 0.003
/** Ridge penalty of the logistic regressions: 1 beat 1/rows (the default) by ~5 points of held-out accuracy on one split. */
export const TEXT_L2 = 1

export const SUPER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  fiction: ['fiction_general', 'fiction_mystery', 'fiction_science', 'fiction_adventure', 'fiction_romance'],
  press: ['press_reportage', 'press_editorial', 'press_reviews'],
  'learned-government': ['learned', 'miscellaneous_government'],
  'lore-hobbies': ['popular_lore', 'skill_and_hobbies'],
  'letters-religion-humor': ['belles_lettres', 'religion', 'humor']
}

export interface BuiltTextLearnware {
  slug: string
  name: string
  groups: string[]
  trainingDocuments: number
  trainingRows: number
  classes: string[]
  heldOut: { metric: 'accuracy'; value: number; rows: number }
  zip: Uint8Array
}

export interface BuiltTextUserTask {
  name: string
  groups: string[]
  sources: string[]
  rows: number
  description: string
  csv: string
}

interface Paragraph { text: string; group: string; document: string }

export async function buildTextLearnwares(datasetsDir: string, log?: (line: string) => void): Promise<{ learnwares: BuiltTextLearnware[]; userTasks: BuiltTextUserTask[] }> {
  const paragraphs = await readBrown(join(datasetsDir, BROWN_FILE))
  const { market, user } = splitDocuments(paragraphs, createRng(TEXT_SPLIT_SEED))
  const embedder = createHashedNgramEmbedder()
  const vectors = await embedder.embed(paragraphs.map((p) => p.text))
  const width = embedder.dimension
  const names = Object.keys(SUPER_GROUPS)
  const learnwares: BuiltTextLearnware[] = []
  for (const groups of combinations(names, 3)) {
    for (const half of ['a', 'b']) {
      const rng = createRng(TEXT_SPLIT_SEED + learnwares.length + 1)
      const documents = sample(documentsOf(paragraphs, market, groups), 0.5, rng)
      const rows = paragraphs.flatMap((p, i) => (documents.has(p.document) ? [i] : []))
      const classes = [...groups].sort()
      const labels = rows.map((i) => classes.indexOf(paragraphs[i].group))
      const model = trainLogisticRegression({ features: pick(vectors, rows, width), rows: rows.length, cols: width, labels }, { l2: TEXT_L2 })
      const heldOutRows = paragraphs.flatMap((p, i) => (user.has(p.document) && groups.includes(p.group) ? [i] : []))
      const predicted = model.predict(pick(vectors, heldOutRows, width), heldOutRows.length)
      const right = heldOutRows.filter((row, j) => classes[predicted[j]] === paragraphs[row].group).length
      const slug = `brown-${groups.join('-')}-${half}`
      const name = `Brown text genre group — ${groups.join(', ')} (logistic regression, half ${half.toUpperCase()})`
      const packed = await packTextLearnware({
        onnxModel: model.toOnnx(),
        texts: rows.map((i) => paragraphs[i].text),
        labels: rows.map((i) => paragraphs[i].group),
        classes,
        embedder,
        gamma: TEXT_GAMMA,
        k: TEXT_SPEC_K,
        seed: 0,
        modelSource: `${slug}.onnx`,
        semantic: {
          name,
          description: `Which group of Brown corpus genres an English paragraph comes from: ${classes.map((g) => `${g} (${SUPER_GROUPS[g].join(', ')})`).join('; ')}. ` +
            `Logistic regression over the built-in hashed n-gram embedding, trained on ${rows.length} paragraphs of ${documents.size} documents (a random half of this combination's market documents); ` +
            `held-out accuracy ${(right / heldOutRows.length).toFixed(3)} on ${heldOutRows.length} paragraphs of other documents.`,
          scenarios: ['Education'],
          license: 'Others',
          library: 'Others'
        }
      })
      if (packed.check?.status !== 'usable') {
        throw new LearnwareError('MODEL_INVALID', `${slug}: the checker found the package ${packed.check?.status}: ${packed.check?.reasons.join('; ')}`)
      }
      const heldOut = { metric: 'accuracy' as const, value: right / heldOutRows.length, rows: heldOutRows.length }
      log?.(`${slug}: ${rows.length} paragraphs, held-out accuracy ${heldOut.value.toFixed(3)} on ${heldOut.rows}`)
      learnwares.push({ slug, name, groups: [...groups], trainingDocuments: documents.size, trainingRows: rows.length, classes, heldOut, zip: packed.zip })
    }
  }
  const userTasks = combinations(names, 2).map((groups) => userTask(paragraphs, user, groups, learnwares))
  return { learnwares, userTasks }
}

function userTask(paragraphs: readonly Paragraph[], user: Set<string>, groups: string[], learnwares: readonly BuiltTextLearnware[]): BuiltTextUserTask {
  const rows = paragraphs.filter((p) => user.has(p.document) && groups.includes(p.group))
  const sources = learnwares.filter((l) => groups.every((g) => l.groups.includes(g))).map((l) => l.slug)
  const csv = ['text,target', ...rows.map((p) => `${csvField(p.text)},${p.group}`)].join('\n') + '\n'
  return {
    name: `brown-${groups.join('--')}`,
    groups,
    sources,
    rows: rows.length,
    description: `Held-out Brown paragraphs (documents no learnware saw) of two genre groups: ${groups.join(' and ')}; column text, target = the group.`,
    csv
  }
}

async function readBrown(path: string): Promise<Paragraph[]> {
  const table = parseTextTable(await readFile(path, 'utf8'), { column: 'text', labelColumn: 'genre', keepColumns: ['document'] })
  const groupOf = new Map(Object.entries(SUPER_GROUPS).flatMap(([group, genres]) => genres.map((g) => [g, group] as const)))
  return table.texts.map((text, i) => {
    const group = groupOf.get(table.labels![i])
    if (!group) throw new LearnwareError('DATA_BAD_VALUE', `${path}: unknown genre ${table.labels![i]}`)
    return { text, group, document: table.columns.document[i] }
  })
}

/** Per super-group, a seeded TEXT_USER_FRACTION of its documents go to the users, the rest to the market. */
function splitDocuments(paragraphs: readonly Paragraph[], rng: Rng): { market: Set<string>; user: Set<string> } {
  const market = new Set<string>()
  const user = new Set<string>()
  for (const group of Object.keys(SUPER_GROUPS)) {
    const documents = [...new Set(paragraphs.filter((p) => p.group === group).map((p) => p.document))].sort()
    const chosen = sample(documents, TEXT_USER_FRACTION, rng)
    for (const d of documents) (chosen.has(d) ? user : market).add(d)
  }
  return { market, user }
}

function documentsOf(paragraphs: readonly Paragraph[], allowed: Set<string>, groups: readonly string[]): string[] {
  return [...new Set(paragraphs.filter((p) => allowed.has(p.document) && groups.includes(p.group)).map((p) => p.document))].sort()
}

/** A seeded random `fraction` of `items` (Fisher–Yates prefix). */
function sample(items: readonly string[], fraction: number, rng: Rng): Set<string> {
  const copy = [...items]
  const count = Math.round(copy.length * fraction)
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(copy.length - i)
    ;[copy[i], copy[j]] = [copy[j], copy[i]]
  }
  return new Set(copy.slice(0, count))
}

function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]]
  return items.flatMap((item, i) => combinations(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]))
}

function pick(vectors: Float32Array, rows: readonly number[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width)
  rows.forEach((row, r) => out.set(vectors.subarray(row * width, (row + 1) * width), r * width))
  return out
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
