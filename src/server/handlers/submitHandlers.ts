/**
 * `submitPack`: the Submit wizard's one call. A job that packs the ONNX model with its training CSV in a
 * worker (semantic spec from the wizard and the table, RKME spec, the checker's verdict), then — unless
 * told not to — adds the package to the dock, and keeps the zip as an output to save.
 */

import { basename, resolve } from 'node:path'
import type { DataOptions, HandlerImplementations } from '../../shared/api'
import type { LibraryType, License, Scenario } from '../../engine/spec/semantic'
import type { EngineHost } from '../engineHost'
import { decodeBase64, discard, fileNameFor, materialize, toLoadOptions, type MaterializedFile } from './sources'

export function submitHandlers(host: EngineHost): Pick<HandlerImplementations, 'submitPack'> {
  return {
    submitPack: async (args) => {
      const { semantic } = args
      let training: MaterializedFile
      let options: DataOptions
      if ('datasetId' in args.training) {
        const dataset = host.datasets.get(args.training.datasetId)
        training = { path: dataset.path, fileName: dataset.fileName, temporary: false }
        options = dataset.options
      } else {
        training = await materialize(host, args.training.source)
        options = args.training.options ?? {}
      }
      const load = toLoadOptions({ ...options, target: args.target, targetTask: semantic.task === 'Classification' ? 'classification' : 'regression' })
      const model = args.model.kind === 'path' ? { path: resolve(args.model.path) } : { bytes: decodeBase64(args.model.base64) }
      const modelName = args.model.kind === 'path' ? basename(args.model.path) : args.model.fileName
      return host.jobs.start('submitPack', {
        run: async ({ signal, progress }) => {
          try {
            const packed = await host.runTask('pack', {
              model, modelName, trainingPath: training.path, load,
              semantic: {
                name: semantic.name, description: semantic.description, task: semantic.task,
                // Checked against Beimingwu's vocabulary by packLearnware (SEMANTIC_INVALID names a wrong value).
                scenarios: semantic.scenarios as Scenario[], license: semantic.license as License, library: semantic.library as LibraryType | undefined
              },
              gamma: args.gamma, k: args.k, seed: args.seed
            }, { signal, onProgress: (fraction, detail) => progress(0.9 * fraction, detail) })
            const { zip, ...facts } = packed
            const fileName = fileNameFor(semantic.name, '.zip', 'learnware')
            const outputId = host.addOutput({ fileName, mediaType: 'application/zip', bytes: zip })
            let learnwareId: string | null = null
            let duplicate = false
            if (args.addToDock !== false) {
              progress(0.92, 'Adding the learnware to the dock')
              const added = await host.withDockFolder(progress, () =>
                host.runTask('importPackage', { dockDir: host.dockDir, zip: { bytes: zip }, label: fileName, verdict: facts.check }, { signal })
              )
              learnwareId = added.learnwareId
              duplicate = added.duplicate
              if (!duplicate) host.bus.emit('dockChanged', { reason: 'submit', ids: [learnwareId] })
            }
            return { ...facts, learnwareId, duplicate, output: { outputId, fileName, bytes: zip.byteLength, mediaType: 'application/zip' } }
          } finally {
            discard(training)
          }
        }
      })
    }
  }
}
