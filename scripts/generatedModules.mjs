/**
 * The command-line half of the scripts that write generated TypeScript modules (build-wasm.mjs,
 * build-bundle-scripts.mjs): run as a program, rewrite the modules that changed, or with `--check` only
 * report stale ones (exit 1), which their tests use.
 *
 * Example (at the end of a generator):
 *   await runGenerator(import.meta.url, generatedModules, 'npm run build:wasm')
 */

import { readFileSync, writeFileSync } from 'node:fs'

/** When `moduleUrl` is the program being run: writes (or with --check, checks) every { path, body }, then exits. */
export async function runGenerator(moduleUrl, generatedModules, command) {
  const isMain = process.argv[1] && moduleUrl.endsWith(process.argv[1].split('/').pop())
  if (!isMain) return
  const check = process.argv.includes('--check')
  let stale = 0
  for (const { path, body } of await generatedModules()) {
    let current = ''
    try { current = readFileSync(path, 'utf8') } catch {}
    if (current === body) continue
    if (check) { stale++; console.error(`${path} is out of date: run ${command}`) } else { writeFileSync(path, body); console.log(`wrote ${path}`) }
  }
  process.exit(stale ? 1 : 0)
}
