/**
 * Renderer entry: loads the app-wide facts (mode, vocabulary), keeps the dock list fresh when the engine
 * says the dock changed, and mounts the shell. Runs unchanged in Electron (window.api from the preload)
 * and in a browser (HTTP + SSE client), see api/connection.ts.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { api } from './api/connection'
import { useAppStore } from './stores/appStore'
import { useDockStore } from './stores/dockStore'
import './styles/app.css'

void useAppStore.getState().load()
api.subscribe('dockChanged', () => void useDockStore.getState().refresh())

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
