// `npm run build:starter-dock`: bundles scripts/build-starter-dock.ts (and the engine code it uses) with
// esbuild into out/scripts/, then runs it from the repository root. Dependencies stay external (node_modules),
// as in build-cli.mjs; the output in resources/starter-dock/ is committed.
import { build } from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const outfile = join(repoRoot, 'out', 'scripts', 'build-starter-dock.cjs')

await build({
  entryPoints: [join(repoRoot, 'scripts', 'build-starter-dock.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning'
})

const { writeStarterDock } = (await import(pathToFileURL(outfile).href)).default
try {
  await writeStarterDock(repoRoot)
} catch (error) {
  console.error(error?.message ?? error)
  if (error?.hint) console.error(error.hint)
  process.exitCode = 1
}
