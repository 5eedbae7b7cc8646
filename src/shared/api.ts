/**
 * The typed contract between the UI and the engine host (Electron main, or the HTTP server in web mode):
 * the one entry to import from. One handler map (`name → (args) => Promise<result>`, handlers.ts) with a
 * zod schema per request, a typed event map for job progress and dock changes (events.ts), channel names
 * and HTTP paths (channels.ts), errors as `{ code, message, hint }` (errors.ts), and the client side:
 * `Api` (what `window.api` is on the desktop), `createHttpApi` (the same in a browser) and `runJob`
 * (client.ts). This folder imports nothing from Node, Electron or the DOM.
 *
 * The journey, in calls:
 *   appInfo, vocabularyGet
 *   dockList / dockGet / dockImport (job) / dockRemove / dockPackage
 *   dataOpen → DatasetView { datasetId, previewRows, format, columns … } / dataConfigure / dataGet / dataRows / dataClose
 *   imagesOpen → ImageSetView { imageSetId, classes, skipped, thumbnails } / textsOpen → TextSetView { textSetId, samples, language }
 *   specGenerate (job) → SpecSummary / specGet
 *   searchRun (job, with a datasetId, imageSetId or textSetId) → SearchResultView { single, mixture, alignments, texts }
 *   reusePreview (job) → ReusePreviewResult { candidates: metrics ± std, confusion, summary } / reuseCurve (job)
 *   bundleExport (job, same data as the preview) → BundleExportResult { verification, members, output, media? }   (one verified ONNX graph)
 *   submitPack (job) → SubmitResult { learnwareId, check, output }
 *   outputSave (spec JSON, package zip … to a path; web mode can also download `api.outputUrl(id)`)
 *   jobGet / jobList / jobCancel; events: 'job', 'dockChanged'
 *   desktop only: api.desktop.pickFile / pickSavePath / openExternal
 *
 * Example:
 *   const info = await api.appInfo()      // { name: 'Learnware Dock', version: '0.1.0', runtime: 'node v24.21.0', mode: 'web', … }
 *   const view = await api.dataOpen({ source: { kind: 'path', path: '/home/ana/wine.csv' }, options: { target: 'target' } })
 *   const spec = await runJob(api, () => api.specGenerate({ datasetId: view.datasetId }), { onProgress })
 */

export * from './base64'
export * from './channels'
export * from './client'
export * from './contract/app'
export * from './contract/bundle'
export * from './contract/common'
export * from './contract/data'
export * from './contract/dock'
export * from './contract/jobs'
export * from './contract/media'
export * from './contract/reuse'
export * from './contract/search'
export * from './contract/spec'
export * from './contract/submit'
export * from './desktop'
export * from './errors'
export * from './events'
export * from './handlers'
export * from './names'
export * from './security'
export * from './validation'

export { HANDLER_NAMES as API_NAMES } from './handlers'
