import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createHashedNgramEmbedder, parseRkmeTextSpec, type TextCollection } from '../../src/engine/text'
import { trainLogisticRegression } from '../../src/engine/train'
import { runCli, type CliResult } from '../helpers/cli'
import { brownRows, loadBrown, textPackage } from '../engine/dock/textFixtures'
import { ensureFreshCli } from './freshCli'

let dir: string
let dock: string
let brown: TextCollection
let userCsv: string
const ids: Record<string, string> = {}

function jsonOf(result: CliResult, code = 0): any {
  expect(result.code, result.stderr).toBe(code)
  return JSON.parse(result.stdout.trim())
}

function writeTextsCsv(path: string, texts: readonly string[], labels: readonly string[]): void {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`
  writeFileSync(path, ['body,genre', ...texts.map((text, i) => `${quote(text)},${labels[i]}`)].join('\n'))
}

beforeAll(async () => {
  ensureFreshCli()
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-text-'))
  dock = join(dir, 'dock')
  brown = await loadBrown()
  const packages: Record<string, string[]> = {
    scholarship: ['learned', 'religion', 'miscellaneous_government'],
    stories: ['fiction_romance', 'fiction_adventure', 'humor'],
    howTo: ['skill_and_hobbies', 'press_reportage', 'humor']
  }
  for (const [name, genres] of Object.entries(packages)) {
    const zip = join(dir, `${name}.zip`)
    writeFileSync(zip, await textPackage(brown, genres, name))
    ids[name] = jsonOf(runCli(['dock', 'add', zip, '--dock', dock, '--json'])).id
  }
  const user = brownRows(brown, ['learned', 'religion'], 'user')
  userCsv = join(dir, 'user.csv')
  writeTextsCsv(userCsv, user.texts, user.labels)
}, 120_000)

describe('learnware-dock with texts', () => {
  it('spec text writes an RKME text spec of a CSV column with the built-in embedder', () => {
    const out = join(dir, 'user-spec.json')
    const summary = jsonOf(runCli(['spec', 'text', userCsv, '--column', 'body', '--out', out, '--json']))
    expect(summary).toMatchObject({ language: ['en'], embedder: createHashedNgramEmbedder().id, k: 100, out })
    const spec = parseRkmeTextSpec(JSON.parse(readFileSync(out, 'utf8')))
    expect(spec.rkme.featuresPerRow).toBe(384)
    expect(spec.rkme.numPoints).toBe(summary.texts)
  })

  it('search --text-column finds the learnware trained on the user\'s genres first', () => {
    const result = jsonOf(runCli(['search', '--data', userCsv, '--text-column', 'body', '--dock', dock, '--mixture', 'none', '--json']))
    expect(result.single[0].id).toBe(ids.scholarship)
    expect(result.language).toEqual(['en'])
    expect(result.incomparable).toEqual([])
    const text = runCli(['search', '--data', userCsv, '--text-column', 'body', '--dock', dock])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('scholarship')
  })

  it('predict --text-column runs a text learnware on raw strings', () => {
    const out = join(dir, 'preds.csv')
    const result = jsonOf(runCli(['predict', ids.scholarship, userCsv, '--text-column', 'body', '--dock', dock, '--json']))
    expect(result).toMatchObject({ id: ids.scholarship, task: 'classification', embedder: createHashedNgramEmbedder().id })
    expect(result.classNames).toEqual(['learned', 'miscellaneous_government', 'religion'])
    const truth = brownRows(brown, ['learned', 'religion'], 'user').labels
    const right = (result.predictions as string[]).filter((p, i) => p === truth[i]).length
    expect(right / truth.length).toBeGreaterThan(0.6)
    expect(runCli(['predict', ids.scholarship, userCsv, '--text-column', 'body', '--dock', dock, '--out', out]).code).toBe(0)
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/learned/)
  })

  it('asks for --text-column when a text learnware is given a table', () => {
    const result = runCli(['predict', ids.scholarship, userCsv, '--dock', dock])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/takes raw text[\s\S]*--text-column/)
  })

  it('pack --text-column packs a classifier over the built-in embedding with its training texts', async () => {
    const embedder = createHashedNgramEmbedder()
    const train = brownRows(brown, ['fiction_romance', 'humor'], 'learnware')
    const classes = ['fiction_romance', 'humor']
    const model = trainLogisticRegression({ features: await embedder.embed(train.texts), rows: train.texts.length, cols: embedder.dimension, labels: train.labels.map((l) => classes.indexOf(l)) })
    const modelPath = join(dir, 'romance-humor.onnx')
    writeFileSync(modelPath, model.toOnnx())
    const trainCsv = join(dir, 'romance-humor.csv')
    writeTextsCsv(trainCsv, train.texts, train.labels)
    const out = join(dir, 'romance-humor.zip')
    const packed = jsonOf(runCli(['pack', '--model', modelPath, '--data', trainCsv, '--text-column', 'body', '--target', 'genre', '--name', 'Romance or humour', '--gamma', '0.003', '--k', '40', '--out', out, '--json']))
    expect(packed).toMatchObject({ kind: 'text', status: 'usable', classes, trainedOn: train.texts.length, embedder: embedder.id, language: ['en'], spec: { type: 'RKMETextSpecification', k: 40, gamma: 0.003 } })
    const added = jsonOf(runCli(['dock', 'add', out, '--dock', dock, '--json']))
    expect(added.status).toBe('usable')
    const user = brownRows(brown, ['fiction_romance', 'humor'], 'user')
    const userCsv2 = join(dir, 'romance-humor-user.csv')
    writeTextsCsv(userCsv2, user.texts, user.labels)
    const found = jsonOf(runCli(['search', '--data', userCsv2, '--text-column', 'body', '--dock', dock, '--mixture', 'none', '--json']))
    expect(found.single[0].id).toBe(added.id)
  }, 120_000)
})
