// `npm start` and `npm run web`: builds the app (electron-vite + the CLI/server bundles), then launches the
// desktop app on the starter dock — or, with --web or where the Electron binary is not available (it is
// downloaded on first use and some machines cannot reach its servers), says so in one line and serves the
// same UI in web mode on 127.0.0.1. Options are passed on: --port N (or PORT), --dock DIR, --no-starter.
// Uses only Node built-ins; runs under the Node that npm puts on PATH.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const webOnly = args.includes('--web')
const passOn = args.filter((arg) => arg !== '--web')

build()
if (webOnly) {
  serveWeb({ announce: null })
} else {
  const electron = findElectron()
  if ('binary' in electron) launchElectron(electron.binary)
  else serveWeb({ announce: electron.reason })
}

function build() {
  const npm = process.env.npm_execpath
  const command = npm ? process.execPath : process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(command, [...(npm ? [npm] : []), 'run', '--silent', 'build'], { cwd: root, encoding: 'utf8' })
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`)
    console.error('Learnware Dock could not be built (the output above says why).')
    process.exit(result.status ?? 1)
  }
}

/** The Electron executable, fetching it once if needed; or why there is none. */
function findElectron() {
  const electronDir = join(root, 'node_modules', 'electron')
  if (!existsSync(join(electronDir, 'package.json'))) return { reason: 'the electron package is not installed' }
  let binary = locate(electronDir)
  if (!binary && process.env.LEARNWARE_DOCK_FETCH_ELECTRON !== '0') {
    // Electron ≥ 42 downloads its binary on first use; quietly, so a failure stays one line.
    spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 180_000 })
    binary = locate(electronDir)
  }
  if (!binary) return { reason: 'its binary is not installed and could not be downloaded' }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'there is no graphical display' }
  return { binary }
}

function locate(electronDir) {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist')
  const binary = join(base, relative)
  return existsSync(binary) ? binary : null
}

function launchElectron(binary) {
  const child = spawn(binary, [root, ...passOn], { cwd: root, stdio: 'inherit' })
  forwardSignals(child)
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
}

/** Runs out/server/index.cjs; with `announce`, prints the one-line fallback notice with the URL. */
function serveWeb({ announce }) {
  const child = spawn(process.execPath, [join(root, 'out', 'server', 'index.cjs'), ...passOn, ...(announce ? ['--json'] : [])], {
    cwd: root,
    stdio: ['ignore', announce ? 'pipe' : 'inherit', 'inherit']
  })
  forwardSignals(child)
  if (announce) {
    let buffer = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      buffer += chunk
      const end = buffer.indexOf('\n')
      if (end < 0) return
      let url = buffer.slice(0, end)
      try {
        url = JSON.parse(url).openUrl
      } catch {
        // not JSON: print what the server said
      }
      console.log(`Electron is not available here (${announce}), so Learnware Dock is served in web mode instead: open ${url}  (Ctrl+C stops it)`)
      buffer = ''
      child.stdout.removeAllListeners('data')
      child.stdout.pipe(process.stdout)
    })
  }
  child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)))
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}
