/** `learnware-dock spec dist <a.json> <b.json>` — the MMD² between two table specifications. */

import { readFile } from 'node:fs/promises'
import { LearnwareError } from '../../engine/errors'
import { mmd2, parseRkmeTableSpec, type RkmeTableSpec } from '../../engine/spec'
import type { ParsedCommand } from '../args'

export async function readSpecFile(path: string): Promise<RkmeTableSpec> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new LearnwareError('IO_NOT_FOUND', `Cannot read ${path}`, { cause: error, hint: 'Check the path' })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new LearnwareError('SPEC_INVALID_JSON', `${path} is not valid JSON`, { cause: error })
  }
  return parseRkmeTableSpec(json, path)
}

export async function specDistCommand(command: ParsedCommand): Promise<{ mmd2: number }> {
  const [a, b] = command.positionals
  if (!a || !b) throw new LearnwareError('USAGE', 'spec dist needs two spec files', { hint: 'learnware-dock spec dist a.json b.json' })
  return { mmd2: mmd2(await readSpecFile(a), await readSpecFile(b)) }
}
