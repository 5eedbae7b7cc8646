/**
 * Which labelled data a reuse call works on — an opened table, labelled images or texts with a label column —
 * shared by the preview, the curve and the export (they must name the data the same way, so the Export step
 * can send exactly what the Preview step sent). Exactly one of the three ids is given (`oneDataSource`).
 *
 * Example:
 *   const Args = z.strictObject({ ...ReuseData, learnwareIds: LearnwareIds }).refine(oneDataSource, ONE_DATA_SOURCE)
 *   Args.parse({ textSetId: 'txt-1', labelColumn: 'genre', learnwareIds: ['lwd-00000041'] })
 */

import { z } from 'zod'
import { EntityId } from './common'

export const ReuseData = {
  /** An opened table with its target column set. */
  datasetId: EntityId.optional(),
  /** Opened labelled images (`imagesOpen`: sub-folders, or an IDX file with its labels file beside it). */
  imageSetId: EntityId.optional(),
  /** Opened texts (`textsOpen`); `labelColumn` names the column of the same CSV holding each text's class. */
  textSetId: EntityId.optional(),
  labelColumn: z.string().min(1).max(1000).optional(),
  /** Images: a name for each class, in the order of the image set's `classes` (an IDX file's classes are codes). */
  classNames: z.array(z.string().min(1).max(200)).min(1).max(1000).optional()
}

export function oneDataSource(args: { datasetId?: string; imageSetId?: string; textSetId?: string }): boolean {
  return [args.datasetId, args.imageSetId, args.textSetId].filter((id) => id !== undefined).length === 1
}

export const ONE_DATA_SOURCE = { message: 'give one of datasetId, imageSetId and textSetId' }
