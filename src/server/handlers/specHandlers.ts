/**
 * The Spec screen's calls: make the private RKME specification of an opened table (a job in a worker),
 * and show it again. The JSON becomes an output the user saves where they like.
 */

import { parse } from 'node:path'
import type { HandlerImplementations } from '../../shared/api'
import { LearnwareError } from '../../engine/errors'
import type { EngineHost } from '../engineHost'
import { toSpecSummary } from '../views'

export function specHandlers(host: EngineHost): Pick<HandlerImplementations, 'specGenerate' | 'specGet'> {
  return {
    specGenerate: async ({ datasetId, k, gamma, seed }) => {
      const { table, fileName } = host.datasets.get(datasetId)
      if (table.featuresPerRow === 0 || table.rowsKept === 0) {
        throw new LearnwareError('DATA_NO_FEATURES', `${fileName} has no feature columns with values to describe`, {
          hint: 'Check the column kinds and the ignored columns on the Data screen.'
        })
      }
      const empty = table.columns.find((column) => column.role === 'feature' && column.kind === 'empty')
      if (empty) {
        throw new LearnwareError('DATA_ALL_MISSING_COLUMN', `${fileName}: column "${empty.name}" has no values (every cell is missing)`, {
          hint: `Leave "${empty.name}" out on the Data screen.`
        })
      }
      return host.jobs.start('specGenerate', {
        run: async ({ signal, progress }) => {
          const started = performance.now()
          const { spec, json } = await host.runTask('generateSpec', {
            matrix: table.matrix,
            rows: table.rowsKept,
            featuresPerRow: table.featuresPerRow,
            featureNames: table.featureNames,
            totalRows: table.totalRows,
            k: k ?? 100,
            gamma: gamma ?? 0.1,
            seed: seed ?? 0
          }, { signal, onProgress: progress })
          const bytes = new TextEncoder().encode(json)
          const specFileName = `${parse(fileName).name}.spec.json`
          const outputId = host.addOutput({ fileName: specFileName, mediaType: 'application/json', bytes })
          const facts = { sourceName: fileName, featureNames: [...table.featureNames], rowsUsed: table.rowsKept, seconds: (performance.now() - started) / 1000, jsonBytes: bytes.byteLength, fileName: specFileName }
          const specId = host.specs.addWith((id) => ({ spec, summary: toSpecSummary({ specId: id, datasetId, outputId }, spec, facts) }))
          return host.specs.get(specId).summary
        }
      })
    },

    specGet: async ({ specId }) => host.specs.get(specId).summary
  }
}
