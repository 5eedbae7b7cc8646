/**
 * Which screen is showing. View state only; each screen's data lives in its own store and, ultimately,
 * in the engine. The order of SCREENS is the order of the journey (dock → data → spec → search → preview
 * → export), with Submit as the side door for people bringing their own model.
 */
import { create } from 'zustand'

export type ScreenId = 'dock' | 'data' | 'spec' | 'search' | 'preview' | 'export' | 'submit'

export interface ScreenInfo {
  id: ScreenId
  title: string
  /** Shown beside the title in the sidebar: the journey step, or nothing for side screens. */
  step?: number
}

export const SCREENS: readonly ScreenInfo[] = [
  { id: 'dock', title: 'Dock', step: 1 },
  { id: 'data', title: 'Data', step: 2 },
  { id: 'spec', title: 'Specification', step: 3 },
  { id: 'search', title: 'Search', step: 4 },
  { id: 'preview', title: 'Preview', step: 5 },
  { id: 'export', title: 'Export', step: 6 },
  { id: 'submit', title: 'Submit a model' }
]

interface NavigationState {
  screen: ScreenId
  go: (screen: ScreenId) => void
}

export const useNavigation = create<NavigationState>((set) => ({
  screen: 'dock',
  go: (screen) => set({ screen })
}))
