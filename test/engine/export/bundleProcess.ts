/**
 * Running an exported bundle the way a user would, outside Learnware Dock: unzip it into a folder and start a
 * separate Node process (this Node binary) whose only way to onnxruntime is `NODE_PATH` pointing at the
 * repo's node_modules — no TypeScript, no engine code.
 *
 * Example:
 *   const dir = await unpackBundle(bundle.zip)
 *   const { stdout, code } = await runNode(dir, ['predict.mjs', '--check'])
 */

import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { readZipSafely } from '../../../src/engine/learnware'
import { repoRoot } from '../../helpers/fixtures'

const unpacked: string[] = []

export async function unpackBundle(zip: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bundle-'))
  unpacked.push(dir)
  for (const [name, bytes] of await readZipSafely(zip, { label: 'bundle.zip' })) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), bytes)
  }
  return dir
}

/** Removes every folder `unpackBundle` made (call from afterAll). */
export async function removeUnpackedBundles(): Promise<void> {
  await Promise.all(unpacked.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
}

export interface ProcessResult {
  code: number
  stdout: string
  stderr: string
}

export function runProgram(program: string, cwd: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(program, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** A fresh Node process that can require onnxruntime-node and nothing of the engine. */
export function runNode(cwd: string, args: string[]): Promise<ProcessResult> {
  return runProgram(process.execPath, cwd, args, { NODE_PATH: join(repoRoot, 'node_modules') })
}

/** The first fenced code block of `language` after `heading` in a markdown text. */
export function codeBlockAfter(markdown: string, heading: string, language: string): string {
  const from = markdown.indexOf(heading)
  if (from < 0) throw new Error(`no heading ${heading}`)
  const start = markdown.indexOf(`\`\`\`${language}\n`, from)
  const end = markdown.indexOf('\n```', start + 4)
  if (start < 0 || end < 0) throw new Error(`no ${language} block after ${heading}`)
  return markdown.slice(start + language.length + 4, end + 1)
}
