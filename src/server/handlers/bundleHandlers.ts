/**
 * `bundleExport`: the Export screen's call. The host checks the table has a target and that every chosen
 * learnware can run here, reads their packages from its dock, and a job worker fits the reuser and writes
 * one verified bundle, kept as an output to save. The checks are shared with the reuse preview. Labelled
 * images or texts are checked as the preview checks them (labelledMedia.ts), and their worker opens the dock
 * (one dock job at a time) to bring them to the learnwares' input, like the media preview.
 */

import type { BundleExportResult, HandlerImplementations } from '../../shared/api'
import type { LoadedTable } from '../../engine/data'
import { LearnwareError } from '../../engine/errors'
import { checkRunnable, checkTableLearnware } from '../../engine/reuse'
import type { EngineHost } from '../engineHost'
import type { ExportBundleOutput, LearnwareInput } from '../jobs/reuseTasks'
import { labelledMedia } from './labelledMedia'
import { fileNameFor } from './sources'

export function bundleHandlers(host: EngineHost): Pick<HandlerImplementations, 'bundleExport'> {
  return {
    bundleExport: async (args) => {
      const { method, learnwareIds, name, description, metrics } = args
      const seed = args.seed ?? 0
      const media = labelledMedia(host, args, 'a bundle is fitted and checked')
      if (media) {
        return host.jobs.start('bundleExport', {
          run: async ({ signal, progress }) => keptBundle(host, await host.withDockFolder(progress, () =>
            host.runTask('exportMediaBundle', { dockDir: host.dockDir, data: media, learnwareIds, method, name, description, metrics, seed }, { signal, onProgress: progress })))
        })
      }
      const table = requireTarget(host, args.datasetId!, 'a bundle is fitted and checked on your labelled rows')
      const learnwares = await learnwareInputs(host, learnwareIds)
      return host.jobs.start('bundleExport', {
        run: async ({ signal, progress }) =>
          keptBundle(host, await host.runTask('exportBundle', { table, learnwares, method, name, description, metrics, seed }, { signal, onProgress: progress }))
      })
    }
  }
}

/** The worker's bundle with its zip kept as an output to save. */
function keptBundle(host: EngineHost, { zip, ...result }: ExportBundleOutput): BundleExportResult {
  const zipName = fileNameFor(result.name, '.zip', 'bundle')
  const outputId = host.addOutput({ fileName: zipName, mediaType: 'application/zip', bytes: zip })
  return { ...result, output: { outputId, fileName: zipName, bytes: zip.byteLength, mediaType: 'application/zip' } }
}

/** The opened table, which must have a target (`why` says what it is needed for). */
export function requireTarget(host: EngineHost, datasetId: string, why: string): LoadedTable {
  const { table, fileName } = host.datasets.get(datasetId)
  if (!table.target) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `${fileName} has no target column; ${why}`, { hint: 'Choose the label column on the Data screen.' })
  }
  return table
}

/**
 * Dock learnwares as workers take them (package bytes verified by the dock, spec from the catalog), each
 * once, in the order given; one the dock cannot run is refused (MODEL_NOT_RUNNABLE) before any work starts.
 */
export async function learnwareInputs(host: EngineHost, ids: readonly string[]): Promise<LearnwareInput[]> {
  const inputs: LearnwareInput[] = []
  const seen = new Set<string>()
  for (const id of ids) {
    const entry = host.dock.get(id)
    if (seen.has(entry.id)) continue
    seen.add(entry.id)
    checkRunnable(entry)
    checkTableLearnware(entry)
    inputs.push({
      id: entry.id,
      name: entry.name,
      license: entry.license ?? 'Others',
      packageSha256: entry.packageSha256,
      packageBytes: await host.dock.packageBytes(entry.id),
      spec: entry.statSpec
    })
  }
  return inputs
}
