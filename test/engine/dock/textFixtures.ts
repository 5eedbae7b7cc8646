/**
 * Text learnwares for the dock, search and CLI tests: classifiers over the built-in embedding trained on
 * genre subsets of the Brown fixture (test/fixtures/text/brown_subset.csv), packed with packTextLearnware.
 * Documents alternate between a learnware side and a user side, so a user's paragraphs never come from a
 * document a learnware was trained on.
 *
 * Example:
 *   const brown = await loadBrown()
 *   const zip = await textPackage(brown, ['fiction_romance', 'humor'], 'Romance and humour')
 *   const userTexts = brownTexts(brown, ['humor'], 'user')
 */

import { resolve } from 'node:path'
import { packTextLearnware } from '../../../src/engine/pack'
import { trainLogisticRegression } from '../../../src/engine/train'
import { createHashedNgramEmbedder, loadTextTableFile, type TextCollection, type TextEmbedder } from '../../../src/engine/text'

export const BROWN_SUBSET = resolve(import.meta.dirname, '../../fixtures/text/brown_subset.csv')

export function loadBrown(): Promise<TextCollection> {
  return loadTextTableFile(BROWN_SUBSET, { column: 'text', labelColumn: 'genre', keepColumns: ['document'] })
}

/** Paragraphs of `genres` from the learnware side (even-numbered documents per genre) or the user side. */
export function brownRows(brown: TextCollection, genres: readonly string[], side: 'learnware' | 'user'): { texts: string[]; labels: string[] } {
  const parity = side === 'learnware' ? 0 : 1
  const rank = new Map<string, number>()
  const byGenre = new Map<string, string[]>()
  brown.labels!.forEach((genre, i) => {
    const documents = byGenre.get(genre) ?? []
    if (!documents.includes(brown.columns.document[i])) documents.push(brown.columns.document[i])
    byGenre.set(genre, documents)
  })
  for (const documents of byGenre.values()) [...documents].sort().forEach((d, i) => rank.set(d, i))
  const texts: string[] = []
  const labels: string[] = []
  brown.texts.forEach((text, i) => {
    const genre = brown.labels![i]
    if (genres.includes(genre) && rank.get(brown.columns.document[i])! % 2 === parity) {
      texts.push(text)
      labels.push(genre)
    }
  })
  return { texts, labels }
}

export function brownTexts(brown: TextCollection, genres: readonly string[], side: 'learnware' | 'user'): string[] {
  return brownRows(brown, genres, side).texts
}

/** A packed text learnware: logistic regression over the embedding, classes = the genres. */
export async function textPackage(
  brown: TextCollection,
  genres: readonly string[],
  name: string,
  options: { embedder?: TextEmbedder; language?: string[]; check?: boolean } = {}
): Promise<Uint8Array> {
  const embedder = options.embedder ?? createHashedNgramEmbedder()
  const { texts, labels } = brownRows(brown, genres, 'learnware')
  const classes = [...genres].sort()
  const features = await embedder.embed(texts)
  const model = trainLogisticRegression({ features, rows: texts.length, cols: embedder.dimension, labels: labels.map((l) => classes.indexOf(l)) })
  const { zip } = await packTextLearnware({
    onnxModel: model.toOnnx(), texts, labels, classes, embedder, language: options.language, check: options.check ?? false,
    semantic: { name, description: `Brown corpus genre of a paragraph: ${classes.join(', ')}`, scenarios: ['Education'], license: 'MIT' }
  })
  return zip
}
