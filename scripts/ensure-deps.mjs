// Installs the project's dependencies when they are missing or older than the lockfile, so that the
// README's two commands (`npm start`, `npm test`) work on a fresh clone. Uses only Node built-ins.
import { existsSync, statSync } from 'node:fs'
import { execSync } from 'node:child_process'

const marker = 'node_modules/.package-lock.json'
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs
if (stale) {
  console.error('Installing dependencies (first run)…')
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' })
}
