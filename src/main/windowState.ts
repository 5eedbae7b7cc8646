/**
 * Remembering the window: its bounds and whether it was maximised, kept in a JSON file in userData. What
 * is read back is validated (a damaged or hand-edited file means defaults, never a crash) and clamped to
 * the displays that exist now — a window last seen on a monitor that is gone comes back centred on the
 * primary one, and no window opens bigger than the screen or with its title bar out of reach.
 *
 * Example:
 *   const state = clampWindowState(await loadWindowState(file), screen.getAllDisplays().map((d) => d.workArea))
 *   new BrowserWindow({ ...boundsOf(state) }); if (state.maximized) window.maximize()
 */

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

const Coordinate = z.number().int().min(-100_000).max(100_000)
const Size = z.number().int().min(1).max(100_000)

export const WindowStateSchema = z.object({
  x: Coordinate.optional(),
  y: Coordinate.optional(),
  width: Size,
  height: Size,
  maximized: z.boolean().default(false)
})

export type WindowState = z.infer<typeof WindowStateSchema>

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 }
export const MIN_WINDOW_SIZE = { width: 900, height: 600 }
/** How much of the window (from its top-left) must be on a display to count as reachable. */
const MIN_VISIBLE = { width: 120, height: 40 }

export const WINDOW_STATE_FILE = 'window-state.json'

/** A stored state, or null when it is missing or not a valid state. */
export function parseWindowState(json: unknown): WindowState | null {
  const parsed = WindowStateSchema.safeParse(json)
  return parsed.success ? parsed.data : null
}

/**
 * Fits a state to the displays' work areas (the first is the primary): sizes between the minimum and the
 * display, and a position kept only if the window's top-left part is on some display — then moved fully
 * onto it. Without a usable position x/y are left out, so Electron centres the window.
 */
export function clampWindowState(state: WindowState | null, workAreas: readonly Rectangle[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE }
  const wanted = state ?? { ...DEFAULT_WINDOW_SIZE, maximized: false }
  const area = wanted.x !== undefined && wanted.y !== undefined ? workAreas.find((candidate) => topLeftIsVisible(wanted as Required<WindowState>, candidate)) : undefined
  const target = area ?? primary
  const width = clamp(wanted.width, Math.min(MIN_WINDOW_SIZE.width, target.width), target.width)
  const height = clamp(wanted.height, Math.min(MIN_WINDOW_SIZE.height, target.height), target.height)
  if (!area) return { width, height, maximized: wanted.maximized }
  return {
    x: clamp(wanted.x!, area.x, area.x + area.width - width),
    y: clamp(wanted.y!, area.y, area.y + area.height - height),
    width,
    height,
    maximized: wanted.maximized
  }
}

function topLeftIsVisible(state: Required<WindowState>, area: Rectangle): boolean {
  const right = Math.min(state.x + state.width, area.x + area.width, state.x + MIN_VISIBLE.width * 4)
  const bottom = Math.min(state.y + state.height, area.y + area.height, state.y + MIN_VISIBLE.height * 4)
  const left = Math.max(state.x, area.x)
  const top = Math.max(state.y, area.y)
  return right - left >= MIN_VISIBLE.width && bottom - top >= MIN_VISIBLE.height
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value))
}

export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    return parseWindowState(JSON.parse(await readFile(file, 'utf8')))
  } catch {
    return null
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify(state))
  await rename(temporary, file)
}
