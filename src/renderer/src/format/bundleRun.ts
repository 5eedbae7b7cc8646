/**
 * How to run an exported bundle, in the words and commands the Export screen shows: a table bundle reads a
 * CSV with the listed columns; one made from images reads a folder of images (`--images`), one made from
 * texts a CSV of texts (`--texts`, in the column it was fitted on unless `--column` names another), both
 * through the bundle's prepare.mjs. Pure, so the screen and its tests agree.
 *
 * Example:
 *   bundleRunSnippet(result)   // 'unzip shoes.zip -d shoes\ncd shoes\n…\nnode predict.mjs --images <folder> --out predictions.csv'
 *   bundleInputWords(result)   // 'Images: a folder of PNG or JPEG files (sub-folders too), or an IDX images file'
 */

import type { BundleExportResult } from '../../../shared/api'

type BundleView = Pick<BundleExportResult, 'output' | 'inputColumns' | 'media'>

export function bundleRunSnippet(result: BundleView): string {
  const folder = result.output.fileName.replace(/\.zip$/i, '')
  const kind = result.media?.kind ?? 'table'
  const replayed = kind === 'images' ? 'the example images' : kind === 'texts' ? 'the example texts' : 'the golden rows'
  const run = kind === 'images'
    ? 'node predict.mjs --images <folder> --out predictions.csv'
    : kind === 'texts'
      ? `node predict.mjs --texts <file.csv> --out predictions.csv${columnNote(result)}`
      : 'node predict.mjs your-rows.csv --out predictions.csv'
  return [
    `unzip ${result.output.fileName} -d ${folder}`,
    `cd ${folder}`,
    'npm install onnxruntime-node          # once',
    `node predict.mjs --check               # replays ${replayed}`,
    run
  ].join('\n')
}

/** What the bundle takes, in one line. */
export function bundleInputWords(result: BundleView): string {
  const media = result.media
  if (!media) return result.inputColumns.map((c) => c.name).join(', ')
  if (media.kind === 'images') return 'Images: a folder of PNG or JPEG files (sub-folders too), one image, or an IDX images file; prepared as the app prepared yours'
  return `Texts: a CSV file with a header row, one text per row in the column “${media.textColumn ?? 'text'}”; embedded as the app embedded yours`
}

function columnNote(result: BundleView): string {
  const column = result.media?.textColumn
  return column ? `   # texts in column "${column}" (--column names another)` : ''
}
