/**
 * Where a local dock lives on disk. A dock is one folder: `catalog.sqlite` (the catalog), `packages/`
 * (every package zip, named by the sha256 of its bytes) and `staging/` (zips being imported; anything
 * left there after a crash is garbage). The app passes the folder explicitly; `defaultDockDir()` only
 * suggests one in the platform's per-user data folder, so tests and the CLI can point anywhere.
 *
 * Example:
 *   const dir = defaultDockDir()            // ~/.local/share/learnware-dock/dock on Linux
 *   const layout = dockLayout(dir)
 *   layout.packagePath('9f86d0…')            // <dir>/packages/9f86d0….zip
 */

import { homedir } from 'node:os'
import { join } from 'node:path'

export const CATALOG_FILE = 'catalog.sqlite'
export const PACKAGES_DIR = 'packages'
export const STAGING_DIR = 'staging'

/** Package files are `<64 lowercase hex>.zip`; anything else in `packages/` is not ours and is left alone. */
export const PACKAGE_FILE_PATTERN = /^([0-9a-f]{64})\.zip$/

export interface DockLayout {
  dir: string
  catalogPath: string
  packagesDir: string
  stagingDir: string
  packagePath(sha256: string): string
}

export function dockLayout(dir: string): DockLayout {
  const packagesDir = join(dir, PACKAGES_DIR)
  return {
    dir,
    catalogPath: join(dir, CATALOG_FILE),
    packagesDir,
    stagingDir: join(dir, STAGING_DIR),
    packagePath: (sha256) => join(packagesDir, `${sha256}.zip`)
  }
}

/** The relative name shown in messages, e.g. `packages/9f86d0….zip`. */
export function packageFileLabel(sha256: string): string {
  return `${PACKAGES_DIR}/${sha256}.zip`
}

/**
 * The per-user data folder of the platform + `learnware-dock/dock`: `$XDG_DATA_HOME` (else
 * `~/.local/share`) on Linux and other Unixes, `%APPDATA%` on Windows, `~/Library/Application Support`
 * on macOS. `env` and `platform` are parameters so the choice can be tested on any machine.
 */
export function defaultDockDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir()
): string {
  return join(platformDataDir(env, platform, home), 'learnware-dock', 'dock')
}

function platformDataDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') return env.APPDATA || join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support')
  return env.XDG_DATA_HOME || join(home, '.local', 'share')
}
