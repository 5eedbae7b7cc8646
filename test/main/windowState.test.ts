/**
 * Remembered window bounds: a damaged or hand-edited file means defaults, never a crash; what is read
 * back is fitted to the displays that exist now (a window from a vanished monitor comes back centred on
 * the primary one; nothing opens larger than its display or with its title bar out of reach); the file is
 * written atomically and read back the same.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { clampWindowState, DEFAULT_WINDOW_SIZE, loadWindowState, MIN_WINDOW_SIZE, parseWindowState, saveWindowState } from '../../src/main/windowState'

const primary = { x: 0, y: 0, width: 1920, height: 1040 }
const leftMonitor = { x: -1280, y: 0, width: 1280, height: 984 }
let dir = ''

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('parseWindowState', () => {
  it.each([null, 'x', [], {}, { width: '800', height: 600 }, { width: 800, height: 600, x: 1.5, y: 0 }, { width: -5, height: 600 }, { width: 1e9, height: 600 }])('refuses %j', (value) => {
    expect(parseWindowState(value)).toBeNull()
  })

  it('keeps a valid state and defaults maximized', () => {
    expect(parseWindowState({ x: 10, y: 20, width: 1000, height: 700 })).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false })
  })
})

describe('clampWindowState', () => {
  it('gives the default size, centred, when nothing was stored', () => {
    expect(clampWindowState(null, [primary])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false })
  })

  it('keeps a window that fits where it was, also on a monitor left of the primary', () => {
    expect(clampWindowState({ x: 100, y: 50, width: 1200, height: 800, maximized: true }, [primary])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true })
    expect(clampWindowState({ x: -1200, y: 10, width: 1000, height: 700, maximized: false }, [primary, leftMonitor])).toMatchObject({ x: -1200, y: 10 })
  })

  it('centres a window whose monitor is gone', () => {
    const state = clampWindowState({ x: -1200, y: 10, width: 1000, height: 700, maximized: false }, [primary])
    expect(state).toEqual({ width: 1000, height: 700, maximized: false })
  })

  it('shrinks a window larger than its display and pulls it fully onto it', () => {
    const state = clampWindowState({ x: 1500, y: 900, width: 3000, height: 2000, maximized: false }, [primary])
    expect(state).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: false })
    const hanging = clampWindowState({ x: 1700, y: 100, width: 1000, height: 700, maximized: false }, [primary])
    expect(hanging).toEqual({ x: 920, y: 100, width: 1000, height: 700, maximized: false })
  })

  it('never goes below the minimum size a display allows', () => {
    expect(clampWindowState({ width: 10, height: 10, maximized: false }, [primary])).toMatchObject(MIN_WINDOW_SIZE)
    expect(clampWindowState({ width: 10, height: 10, maximized: false }, [{ x: 0, y: 0, width: 800, height: 500 }])).toMatchObject({ width: 800, height: 500 })
  })

  it('centres a window whose title bar would be above the screen', () => {
    expect(clampWindowState({ x: 100, y: -2000, width: 1000, height: 700, maximized: false }, [primary])).toEqual({ width: 1000, height: 700, maximized: false })
  })
})

describe('the state file', () => {
  it('round-trips, and a damaged file reads as no state', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lwd-window-'))
    const file = join(dir, 'nested', 'window-state.json')
    expect(await loadWindowState(file)).toBeNull()
    await saveWindowState(file, { x: 1, y: 2, width: 1000, height: 700, maximized: true })
    expect(await loadWindowState(file)).toEqual({ x: 1, y: 2, width: 1000, height: 700, maximized: true })
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ width: 1000 })
    await writeFile(file, '{"width": 1000, "hei')
    expect(await loadWindowState(file)).toBeNull()
  })
})
