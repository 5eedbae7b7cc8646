/**
 * The Data screen's calls: open a CSV (read in a job worker so the host stays responsive), re-read it
 * with the user's overrides, show it again, show some rows (those behind a confusion-matrix cell), close
 * it. The table stays here; the UI gets a DatasetView and the rows it asks for.
 */

import type { DataOptions, HandlerImplementations } from '../../shared/api'
import { DEFAULT_PREVIEW_ROWS } from '../../shared/api'
import type { EngineHost, OpenDataset } from '../engineHost'
import { HostError } from '../errors'
import { tableRows, toDatasetView } from '../views'
import { discard, materialize, toLoadOptions } from './sources'

export function dataHandlers(host: EngineHost): Pick<HandlerImplementations, 'dataOpen' | 'dataConfigure' | 'dataGet' | 'dataRows' | 'dataClose'> {
  const read = async (path: string, options: DataOptions) =>
    host.runTask('openTable', { path, load: toLoadOptions(options), previewRows: options.previewRows ?? DEFAULT_PREVIEW_ROWS })

  return {
    dataOpen: async ({ source, options = {} }) => {
      const file = await materialize(host, source)
      try {
        const { preview, table } = await read(file.path, options)
        const datasetId = host.datasets.addWith((id): OpenDataset => ({ ...file, options, table, view: toDatasetView(id, preview, table, options) }))
        return host.datasets.get(datasetId).view
      } catch (error) {
        discard(file)
        throw error
      }
    },

    dataConfigure: async ({ datasetId, options }) => {
      const dataset = host.datasets.get(datasetId)
      const { preview, table } = await read(dataset.path, options)
      const updated: OpenDataset = { ...dataset, options, table, view: toDatasetView(datasetId, preview, table, options) }
      host.datasets.replace(datasetId, updated)
      return updated.view
    },

    dataGet: async ({ datasetId }) => host.datasets.get(datasetId).view,

    dataRows: async ({ datasetId, rows }) => {
      const { table, fileName } = host.datasets.get(datasetId)
      const beyond = rows.find((index) => index >= table.rowsKept)
      if (beyond !== undefined) throw new HostError('NOT_FOUND', `${fileName} has ${table.rowsKept} rows; there is no row ${beyond}`, 'Row indices count the kept rows from 0.')
      return tableRows(table, rows)
    },

    dataClose: async ({ datasetId }) => {
      host.datasets.get(datasetId)
      host.datasets.delete(datasetId)
      return { datasetId }
    }
  }
}
