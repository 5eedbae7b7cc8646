// Bundles the command line into out/cli, and web mode's server and the job worker (which the Electron app
// uses too) into out/server, with esbuild. Dependencies stay external (they are in node_modules); engine
// code is bundled so the CLI and the server start fast without a TS loader.
// Each output file is written to a temporary name and renamed into place, so a process starting while
// another rebuilds never loads a half-written bundle.
import { build } from 'esbuild'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

const bundles = [
  { entryPoints: { index: 'src/cli/index.ts' }, outdir: 'out/cli' },
  { entryPoints: { index: 'src/server/main.ts', jobWorker: 'src/server/jobs/workerEntry.ts' }, outdir: 'out/server' }
]
const results = await Promise.all(bundles.map((bundle) => build({
  ...bundle,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  write: false
})))
for (const file of results.flatMap((result) => result.outputFiles)) {
  mkdirSync(dirname(file.path), { recursive: true })
  const temporary = `${file.path}.${process.pid}.tmp`
  writeFileSync(temporary, file.contents)
  renameSync(temporary, file.path)
}
