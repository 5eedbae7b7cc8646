// Bundles the command line (and later the HTTP server) into out/cli with esbuild. Dependencies stay
// external (they are in node_modules); engine code is bundled so the CLI starts fast without a TS loader.
import { build } from 'esbuild'

await build({
  entryPoints: { index: 'src/cli/index.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning'
})
