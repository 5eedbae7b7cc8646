/**
 * Learnwares of a dock, ready to reuse: each one's package read from the dock's store (bytes verified
 * against their sha256 by the dock) and its RKME table spec from the catalog — what the reusers, the preview
 * and the exporter take. Callers name the learnwares by id (ours or Beimingwu's origin id), or hand over a
 * search result, whose top single matches and recommended mixture are the natural learnwares to try.
 *
 * Only learnwares the dock can run are reused. Named explicitly, a Python model or a package that failed the
 * check is refused with the reason (MODEL_NOT_RUNNABLE); picked from a search, it is left out and listed in
 * `skipped`, since search also finds learnwares that can only be inspected here. These are table learnwares:
 * text and image learnwares are refused the same way (DATA_BAD_VALUE, `checkTableLearnware`) — they are
 * reused on the user's images or texts through mediaReuse.ts, or run one at a time.
 *
 * Example:
 *   const learnwares = await loadReuseLearnwares(dock, ['lwd-00000003', 'lwd-00000007'])
 *   const result = await searchDockWithTable(dock, table, { mixture: 'greedy' })
 *   const { learnwares, skipped } = await loadSearchedLearnwares(dock, result, { top: 3 })
 *   skipped[0]   // { id: 'lwd-00000009', name: 'Python iris', reason: 'lwd-00000009 ("Python iris") cannot be run here: …' }
 *   await previewReuse({ table, learnwares, cache })
 */

import type { Dock, DockEntry } from '../dock'
import { isLearnwareError, LearnwareError } from '../errors'
import { readLearnwarePackage } from '../learnware'
import type { ReuseLearnware } from './types'

/** What a reuse needs of a search result (a `DockSearchResult` is one). */
export interface SearchForReuse {
  single: readonly { id: string }[]
  mixture: { ids: readonly string[] } | null
}

export interface SearchedLearnwares {
  learnwares: ReuseLearnware[]
  /** Learnwares the search found that cannot be reused here, with the reason. */
  skipped: { id: string; name: string; reason: string }[]
}

/** Single matches taken from a search by default. */
export const DEFAULT_SEARCH_TOP = 3

/** The learnwares with these ids, in this order (repeats dropped); refuses one the dock cannot run. */
export async function loadReuseLearnwares(dock: Dock, ids: readonly string[]): Promise<ReuseLearnware[]> {
  if (ids.length === 0) {
    throw new LearnwareError('USAGE', 'No learnware to reuse was named', { hint: 'Give the ids of learnwares in the dock (see learnware-dock dock list).' })
  }
  const entries = distinctEntries(dock, ids)
  entries.forEach(checkRunnable)
  entries.forEach(checkTableLearnware)
  return Promise.all(entries.map((entry) => reuseLearnware(dock, entry)))
}

/** The top `top` single matches, then the mixture's learnwares, without repeats. */
export function reuseIdsFromSearch(result: SearchForReuse, options: { top?: number } = {}): string[] {
  const top = options.top ?? DEFAULT_SEARCH_TOP
  return [...new Set([...result.single.slice(0, top).map((hit) => hit.id), ...(result.mixture?.ids ?? [])])]
}

/** The learnwares a search recommends (see reuseIdsFromSearch), leaving out those the dock cannot run. */
export async function loadSearchedLearnwares(dock: Dock, result: SearchForReuse, options: { top?: number } = {}): Promise<SearchedLearnwares> {
  const entries = distinctEntries(dock, reuseIdsFromSearch(result, options))
  if (entries.length === 0) {
    throw new LearnwareError('DOCK_NOT_FOUND', 'The search found no learnware to reuse', {
      hint: 'Widen the search (fewer filters), add learnwares to the dock, or name learnwares by id.'
    })
  }
  const skipped: SearchedLearnwares['skipped'] = []
  const runnable: DockEntry[] = []
  for (const entry of entries) {
    try {
      checkRunnable(entry)
      checkTableLearnware(entry)
      runnable.push(entry)
    } catch (error) {
      if (!isLearnwareError(error)) throw error
      skipped.push({ id: entry.id, name: entry.name, reason: error.message })
    }
  }
  if (runnable.length === 0) {
    throw new LearnwareError('MODEL_NOT_RUNNABLE', `None of the learnwares the search found can be run here: ${skipped.map((s) => s.reason).join('; ')}`, {
      hint: 'Add learnwares with ONNX models to the dock (learnware-dock pack), or name usable ones by id.'
    })
  }
  return { learnwares: await Promise.all(runnable.map((entry) => reuseLearnware(dock, entry))), skipped }
}

/** Throws MODEL_NOT_RUNNABLE, naming the learnware and the reason, unless the dock can run it. */
export function checkRunnable(entry: DockEntry): void {
  if (entry.status === 'usable') return
  const what = `${entry.id} ("${entry.name}")`
  if (entry.status === 'not-runnable') {
    throw new LearnwareError('MODEL_NOT_RUNNABLE', `${what} cannot be run here: ${entry.statusReason}`, {
      hint: 'Search and inspect it here, or convert its model to ONNX and pack it with learnware-dock pack.'
    })
  }
  throw new LearnwareError('MODEL_NOT_RUNNABLE', `${what} failed the learnware check and is not run: ${entry.statusReason}`, {
    hint: `See learnware-dock dock show ${entry.id}; remove it, or add a corrected package.`
  })
}

/**
 * Throws DATA_BAD_VALUE for a text or image learnware named for a reuse of a table (the message is kept as the
 * app and the CLI show it); on images or texts they are reused through mediaReuse.ts, and the exporter takes
 * table learnwares only.
 */
export function checkTableLearnware(entry: DockEntry): void {
  const kind = entry.statSpecType === 'RKMETextSpecification' ? 'text' : entry.statSpecType === 'RKMEImageSpecification' ? 'image' : null
  if (kind === null) return
  throw new LearnwareError('DATA_BAD_VALUE', `${entry.id} ("${entry.name}") is ${kind === 'image' ? 'an image' : 'a text'} learnware; reuse previews, learning curves and exported bundles work with table learnwares only`, {
    hint: kind === 'image'
      ? `Reuse it on images (learnware-dock reuse preview --images <folder> --ids ${entry.id}), or run it alone: learnware-dock predict ${entry.id} --images <folder>.`
      : `Reuse it on texts (learnware-dock reuse preview --data <texts.csv> --text-column <column> --target <label> --ids ${entry.id}), or run it alone: learnware-dock predict ${entry.id} <texts.csv> --text-column <column>.`
  })
}

/** Entries in the order given; an id and the origin id of the same learnware count once. DOCK_NOT_FOUND for an unknown id. */
function distinctEntries(dock: Dock, ids: readonly string[]): DockEntry[] {
  const byId = new Map<string, DockEntry>()
  for (const id of ids) {
    const entry = dock.get(id)
    if (!byId.has(entry.id)) byId.set(entry.id, entry)
  }
  return [...byId.values()]
}

async function reuseLearnware(dock: Dock, entry: DockEntry): Promise<ReuseLearnware> {
  const pkg = await readLearnwarePackage(await dock.packageBytes(entry.id), { label: entry.id })
  return {
    id: entry.id,
    name: entry.name,
    license: entry.license ?? 'unknown',
    packageSha256: entry.packageSha256,
    pkg,
    spec: entry.statSpec
  }
}
