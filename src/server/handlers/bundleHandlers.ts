/**
 * `bundleExport`: the Export screen's call. The host checks the table has a target and that every chosen
 * learnware can run here, reads their packages from its dock, and a job worker fits the reuser and writes
 * one verified bundle, kept as an output to save. The checks are shared with the reuse preview.
 */

import type { HandlerImplementations } from '../../shared/api'
import type { LoadedTable } from '../../engine/data'
import { LearnwareError } from '../../engine/errors'
import { checkRunnable, checkTableLearnware } from '../../engine/reuse'
import type { EngineHost } from '../engineHost'
import type { LearnwareInput } from '../jobs/reuseTasks'
import { fileNameFor } from './sources'

export function bundleHandlers(host: EngineHost): Pick<HandlerImplementations, 'bundleExport'> {
  return {
    bundleExport: async ({ datasetId, method, learnwareIds, name, description, metrics, seed }) => {
      const table = requireTarget(host, datasetId, 'a bundle is fitted and checked on your labelled rows')
      const learnwares = await learnwareInputs(host, learnwareIds)
      return host.jobs.start('bundleExport', {
        run: async ({ signal, progress }) => {
          const { zip, ...result } = await host.runTask('exportBundle', { table, learnwares, method, name, description, metrics, seed: seed ?? 0 }, { signal, onProgress: progress })
          const zipName = fileNameFor(result.name, '.zip', 'bundle')
          const outputId = host.addOutput({ fileName: zipName, mediaType: 'application/zip', bytes: zip })
          return { ...result, output: { outputId, fileName: zipName, bytes: zip.byteLength, mediaType: 'application/zip' } }
        }
      })
    }
  }
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
