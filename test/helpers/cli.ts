/** Runs the real `learnware-dock` command (bin → bundled CLI, rebuilt when stale) in a child process. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from './fixtures'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'learnware-dock.cjs'), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 120_000
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}
