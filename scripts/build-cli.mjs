// Bundles the command line (and later the HTTP server) into out/cli with esbuild. Dependencies stay
// external (they are in node_modules); engine code is bundled so the CLI starts fast without a TS loader.
// Each output file is written to a temporary name and renamed into place, so a process starting while
// another rebuilds never loads a half-written bundle.
import { build } from 'esbuild'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

const result = await build({
  entryPoints: { index: 'src/cli/index.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  write: false
})
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true })
  const temporary = `${file.path}.${process.pid}.tmp`
  writeFileSync(temporary, file.contents)
  renameSync(temporary, file.path)
}
