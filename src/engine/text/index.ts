/**
 * Text data and the RKME text specification: load documents (a CSV column, a folder of .txt files), embed
 * them (the built-in hashed n-gram embedder, or a sentence-embedding ONNX model the user supplies with its
 * tokenizer), detect their languages as langdetect codes, and make, compare, read and write Beimingwu's
 * `RKMETextSpecification` (plus our `embedder` key). Specs are only comparable when made by the same
 * embedder (docs/adr/0007-text-spec.md).
 *
 * Example:
 *   import { loadTextTableFile, generateRkmeTextSpec, serializeRkmeTextSpec, parseRkmeTextSpec, textSpecsComparable, textMmd2 } from '../text'
 *
 *   const docs = await loadTextTableFile('reviews.csv', { column: 'body' })        // or loadTextFolder('reviews/')
 *   const spec = await generateRkmeTextSpec(docs.texts, { seed: 0, onProgress, signal })
 *   spec.language          // ['en']
 *   spec.embedder          // 'learnware-dock/hashed-ngram-v1-384?words=1-2&chars=3-5&nnz=4&seed=0&scale=2.5'
 *   writeFileSync('rkme_text.json', serializeRkmeTextSpec(spec))
 *
 *   const theirs = parseRkmeTextSpec(JSON.parse(readFileSync('other.json', 'utf8')), 'other.json')
 *   if (textSpecsComparable(spec, theirs)) console.log(textMmd2(spec, theirs))
 *
 *   // Beimingwu-compatible specs need Beimingwu's embedder, exported to ONNX by the user:
 *   const miniLm = await loadOnnxTextEmbedder('/models/paraphrase-multilingual-MiniLM-L12-v2', { id: BEIMINGWU_TEXT_EMBEDDER_ID })
 *   const compatible = await generateRkmeTextSpec(docs.texts, { embedder: miniLm })
 *   await miniLm.dispose?.()
 */

export { EMBED_TASK, type EmbedOptions, type TextEmbedder } from './embedder'
export { createHashedNgramEmbedder, DISTANCE_SCALE, HASHED_NGRAM_VERSION, hashedNgramSettingsFromId, type HashedNgramOptions, type HashedNgramSettings } from './hashedEmbedder'
export { createOnnxTextEmbedder, type OnnxTextEmbedderOptions } from './onnxEmbedder'
export { loadOnnxTextEmbedder, type OnnxTextEmbedderFolderOptions } from './onnxEmbedderFolder'
export { createBertTokenizer, DEFAULT_MAX_TOKENS, parseTokenizerJson, type BertVocabOptions, type TextTokenizer, type TokenizerOptions } from './tokenizer'
export { detectLanguages, detectTextLanguage, FRANC_TO_LANGDETECT, type LanguageDetectionOptions } from './language'
export { loadTextTableFile, parseTextTable, type TextTableOptions } from './textTable'
export { loadTextFolder, type TextFolderOptions } from './textFolder'
export type { SkippedText, TextCollection } from './textCollection'
export {
  BEIMINGWU_TEXT_EMBEDDER_ID,
  generateRkmeTextSpec,
  parseRkmeTextSpec,
  RKME_TEXT_TYPE,
  serializeRkmeTextSpec,
  textMmd2,
  textSpecMismatch,
  textSpecsComparable,
  toRkmeTextSpecJson,
  type GenerateRkmeTextOptions,
  type RkmeTextSpec,
  type RkmeTextSpecJson
} from './textSpec'
