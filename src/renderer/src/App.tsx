/**
 * The app shell: a sidebar listing the journey's steps (each with a KNIME-style status light) and the
 * screen for the current step. Screens are independent; they share state only through the stores.
 */
import { ErrorNote } from './components/ErrorNote'
import { useAppStore } from './stores/appStore'
import { SCREENS, useNavigation, type ScreenId } from './stores/navigation'
import { useStepStatus, type StepTone } from './stores/stepStatus'
import { DockScreen } from './screens/DockScreen'
import { DataScreen } from './screens/DataScreen'
import { SpecScreen } from './screens/SpecScreen'
import { SearchScreen } from './screens/SearchScreen'
import { PreviewScreen } from './screens/PreviewScreen'
import { ExportScreen } from './screens/ExportScreen'
import { SubmitScreen } from './screens/SubmitScreen'

const SCREEN_COMPONENTS: Record<ScreenId, () => React.JSX.Element> = {
  dock: DockScreen,
  data: DataScreen,
  spec: SpecScreen,
  search: SearchScreen,
  preview: PreviewScreen,
  export: ExportScreen,
  submit: SubmitScreen
}

const TONE_WORDS: Record<StepTone, string> = {
  idle: 'not started',
  ready: 'ready',
  busy: 'working',
  done: 'done',
  failed: 'needs attention'
}

export function App(): React.JSX.Element {
  const screen = useNavigation((s) => s.screen)
  const go = useNavigation((s) => s.go)
  const tones = useStepStatus()
  const appError = useAppStore((s) => s.error)
  const Screen = SCREEN_COMPONENTS[screen]
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Steps">
        <div className="brand">
          Learnware Dock
          <small>Reuse models on your own data</small>
        </div>
        {SCREENS.map((info) => {
          const tone = tones[info.id]
          return (
            <button
              key={info.id}
              type="button"
              className="nav-item"
              aria-current={screen === info.id ? 'page' : undefined}
              aria-label={`${info.title} (${TONE_WORDS[tone]})`}
              onClick={() => go(info.id)}
            >
              <span className="step" aria-hidden="true">{info.step ?? '+'}</span>
              <span className="label">{info.title}</span>
              <span className={`dot ${dotClass(tone)}`} title={TONE_WORDS[tone]} aria-hidden="true" />
            </button>
          )
        })}
        <div className="footer">
          <span className="private">● Private:</span> your data stays on this machine. Only what you save or export leaves it.
        </div>
      </nav>
      <main className="main" id="main">
        {appError ? (
          <div style={{ padding: '12px 24px 0' }}>
            <ErrorNote error={appError} title="The app cannot reach its engine" />
          </div>
        ) : null}
        <Screen key={screen} />
      </main>
    </div>
  )
}

function dotClass(tone: StepTone): string {
  switch (tone) {
    case 'done': return 'ok'
    case 'ready': return 'warn'
    case 'busy': return 'busy'
    case 'failed': return 'bad'
    default: return ''
  }
}
