#!/usr/bin/env node
// Entry point of `npx learnware-dock`. Runs the bundled CLI in out/cli, building it first when it is
// missing or older than the sources (so a fresh clone works right after `npm ci`).
const { existsSync, statSync, readdirSync } = require('node:fs')
const { join } = require('node:path')
const { execFileSync } = require('node:child_process')

const root = join(__dirname, '..')
const bundle = join(root, 'out', 'cli', 'index.cjs')

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
