/**
 * `submitPack`: the Submit wizard's one call. A job that packs the ONNX model with its training data in a
 * worker — a CSV (semantic spec from the wizard and the table, RKME spec), or, for an image or text
 * classifier, the images or texts opened on the Data screen — gets the checker's verdict, then, unless told
 * not to, adds the package to the dock, and keeps the zip as an output to save.
 */

import { basename, resolve } from 'node:path'
import type { DataOptions, HandlerImplementations, ParsedArgs } from '../../shared/api'
import { LearnwareError } from '../../engine/errors'
import type { LibraryType, License, Scenario } from '../../engine/spec/semantic'
import type { EngineHost } from '../engineHost'
import type { PackOutput } from '../jobs/tasks'
import { decodeBase64, discard, fileNameFor, materialize, toLoadOptions, type MaterializedFile } from './sources'

type SubmitArgs = ParsedArgs<'submitPack'>
type PackRun = (signal: AbortSignal, progress: (fraction: number, detail: string | null) => void) => Promise<PackOutput>

export function submitHandlers(host: EngineHost): Pick<HandlerImplementations, 'submitPack'> {
  return {
    submitPack: async (args) => {
      const { semantic } = args
      const model = args.model.kind === 'path' ? { path: resolve(args.model.path) } : { bytes: decodeBase64(args.model.base64) }
      const modelName = args.model.kind === 'path' ? basename(args.model.path) : args.model.fileName
      const packRun = 'imageSetId' in args.training || 'textSetId' in args.training
        ? mediaPackRun(host, args, model, modelName)
        : await tablePackRun(host, args, model, modelName)
      return host.jobs.start('submitPack', {
        run: async ({ signal, progress }) => {
          const { zip, ...facts } = await packRun(signal, progress)
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
        }
      })
    }
  }
}

function semanticInput(semantic: SubmitArgs['semantic']) {
  return {
    name: semantic.name, description: semantic.description,
    // Checked against Beimingwu's vocabulary by the packer (SEMANTIC_INVALID names a wrong value).
    scenarios: semantic.scenarios as Scenario[], license: semantic.license as License, library: semantic.library as LibraryType | undefined
  }
}

async function tablePackRun(host: EngineHost, args: SubmitArgs, model: { path: string } | { bytes: Uint8Array }, modelName: string): Promise<PackRun> {
  const { semantic } = args
  if (args.target === undefined) {
    throw new LearnwareError('DATA_MISSING_COLUMN', 'Name the target column: the table learnware predicts it', { hint: 'Give the label column of the training CSV.' })
  }
  let training: MaterializedFile
  let options: DataOptions
  if ('datasetId' in args.training) {
    const dataset = host.datasets.get(args.training.datasetId)
    training = { path: dataset.path, fileName: dataset.fileName, temporary: false }
    options = dataset.options
  } else if ('source' in args.training) {
    training = await materialize(host, args.training.source)
    options = args.training.options ?? {}
  } else {
    throw new Error('tablePackRun takes a dataset or a file')
  }
  const load = toLoadOptions({ ...options, target: args.target, targetTask: semantic.task === 'Classification' ? 'classification' : 'regression' })
  return async (signal, progress) => {
    try {
      return await host.runTask('pack', {
        model, modelName, trainingPath: training.path, load,
        semantic: { ...semanticInput(semantic), task: semantic.task },
        gamma: args.gamma, k: args.k, seed: args.seed
      }, { signal, onProgress: (fraction, detail) => progress(0.9 * fraction, detail) })
    } finally {
      discard(training)
    }
  }
}

/** Image and text learnwares made here are classifiers (ADR 0011, 0012); their data comes from the Data screen. */
function mediaPackRun(host: EngineHost, args: SubmitArgs, model: { path: string } | { bytes: Uint8Array }, modelName: string): PackRun {
  const { semantic, training } = args
  const kind = 'imageSetId' in training ? 'image' : 'text'
  if (semantic.task !== 'Classification') {
    throw new LearnwareError('USAGE', `An ${kind} learnware packed here is a classifier; the task must be Classification, not ${semantic.task}`, {
      hint: 'Choose Classification, or pack a regression model with a table.'
    })
  }
  const onProgress = (progress: (fraction: number, detail: string | null) => void) => (fraction: number, detail: string | null) => progress(0.9 * fraction, detail)
  if ('imageSetId' in training) {
    const set = host.imageSets.get(training.imageSetId)
    if (!set.labels) {
      throw new LearnwareError('DATA_MISSING_COLUMN', `${set.view.sourceName} has no labels: an image learnware is packed with its training images, one sub-folder per class`, {
        hint: 'Open the folder whose sub-folders are the classes the model predicts.'
      })
    }
    const { images, labels } = set
    return (signal, progress) => host.runTask('packImages', { model, modelName, images, labels, semantic: semanticInput(semantic), k: args.k, seed: args.seed }, { signal, onProgress: onProgress(progress) })
  }
  if (!('textSetId' in training)) throw new Error('mediaPackRun takes images or texts')
  const set = host.textSets.get(training.textSetId)
  if (args.target === undefined) {
    throw new LearnwareError('DATA_MISSING_COLUMN', `Name the column of ${set.view.fileName} that holds each text's label`, { hint: `Columns with text: ${set.view.textColumns.join(', ')}` })
  }
  const gamma = args.gamma === 'auto' ? undefined : args.gamma
  return (signal, progress) => host.runTask('packTexts', {
    model, modelName, path: set.path, column: set.view.column, labelColumn: args.target!, semantic: semanticInput(semantic), gamma, k: args.k, seed: args.seed
  }, { signal, onProgress: onProgress(progress) })
}
