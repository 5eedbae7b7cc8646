/**
 * Renderer entry. The real screens arrive with the desktop-app issue; this shell proves the build and
 * the typed bridge work.
 */
import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { Api, AppInfo } from '../../shared/api'

declare global {
  interface Window {
    api: Api
  }
}

function App(): React.JSX.Element {
  const [info, setInfo] = useState<AppInfo | null>(null)
  useEffect(() => {
    window.api?.appInfo().then(setInfo, () => setInfo(null))
  }, [])
  return (
    <main>
      <h1>Learnware Dock</h1>
      <p>{info ? `${info.name} ${info.version} — ${info.runtime}` : 'Starting…'}</p>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
