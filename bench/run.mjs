// `npm run bench`: builds bench/cases.ts and runs each case in its own process (so peak RSS is per case),
// printing one JSON line per case. Pass case names to run a subset: `npm run bench -- rkme-table-10k-20`.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'

await build({
  entryPoints: ['bench/cases.ts'], outfile: 'out/bench/cases.cjs', bundle: true, platform: 'node',
  format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning'
})
const all = execFileSync(process.execPath, ['out/bench/cases.cjs', '--list'], { encoding: 'utf8' }).trim().split('\n')
const wanted = process.argv.slice(2)
for (const name of wanted.length ? wanted : all) {
  execFileSync(process.execPath, ['out/bench/cases.cjs', name], { stdio: ['ignore', 'inherit', 'inherit'] })
}
