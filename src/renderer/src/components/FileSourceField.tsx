/**
 * Choosing a file in a way that works in both modes. A browser cannot know a file's path, so there are
 * two doors: type (or, on the desktop, browse for) a path that the engine opens itself — no size limit —
 * or pick a file whose bytes are sent to the engine (up to the contract's upload limit).
 *
 * Example:
 *   <FileSourceField label="CSV file" purpose="table" accept=".csv,.tsv,.txt"
 *     path={path} onPathChange={setPath} onSource={(source, name) => open(source, name)} />
 */
import { useId, useRef, useState } from 'react'
import { bytesToBase64, MAX_UPLOAD_BYTES, type FileSource, type PICK_PURPOSES } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'
import { formatBytes } from '../format/numbers'
import { ErrorNote } from './ErrorNote'

export interface FileSourceFieldProps {
  label: string
  purpose: (typeof PICK_PURPOSES)[number]
  accept: string
  path: string
  onPathChange: (path: string) => void
  onSource: (source: FileSource, displayName: string) => void
  /** Text of the button that opens a typed path. */
  openLabel?: string
  busy?: boolean
  help?: React.ReactNode
  placeholder?: string
}

export function FileSourceField(props: FileSourceFieldProps): React.JSX.Element {
  const { label, purpose, accept, path, onPathChange, onSource, openLabel = 'Open', busy, help, placeholder = '/home/you/data/sales.csv' } = props
  const id = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<UserError | null>(null)

  const openPath = (value: string): void => {
    const trimmed = value.trim()
    if (!trimmed) {
      setError({ message: `Type the path of the ${label.toLowerCase()} first, or upload a copy of it.` })
      return
    }
    setError(null)
    onSource({ kind: 'path', path: trimmed }, baseName(trimmed))
  }

  const browse = async (): Promise<void> => {
    try {
      const picked = await api.desktop?.pickFile({ purpose })
      if (!picked) return
      onPathChange(picked.path)
      openPath(picked.path)
    } catch (thrown) {
      setError(toUserError(thrown))
    }
  }

  const upload = async (file: File | undefined): Promise<void> => {
    if (!file) return
    if (file.size > MAX_UPLOAD_BYTES) {
      setError({ message: `${file.name} is ${formatBytes(file.size)}, more than the ${formatBytes(MAX_UPLOAD_BYTES)} a copy can be.`, hint: 'Type its path instead: the engine then reads it directly.' })
      return
    }
    setError(null)
    const bytes = new Uint8Array(await file.arrayBuffer())
    onSource({ kind: 'bytes', fileName: file.name, base64: bytesToBase64(bytes) }, file.name)
  }

  return (
    <div className="stack tight">
      <form
        className="row top"
        onSubmit={(event) => {
          event.preventDefault()
          openPath(path)
        }}
      >
        <div className="field grow">
          <label htmlFor={id}>{label} — path on this machine</label>
          <input
            id={id}
            type="text"
            value={path}
            spellCheck={false}
            placeholder={placeholder}
            onChange={(event) => onPathChange(event.target.value)}
          />
          {help ? <span className="help">{help}</span> : null}
        </div>
        <div className="row" style={{ paddingTop: 20 }}>
          <button type="submit" className="btn primary" disabled={busy}>
            {openLabel}
          </button>
          {api.desktop ? (
            <button type="button" className="btn" disabled={busy} onClick={() => void browse()}>
              Browse…
            </button>
          ) : null}
          <button type="button" className="btn" disabled={busy} onClick={() => fileInput.current?.click()}>
            Upload a copy…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept={accept}
            hidden
            aria-label={`Upload a copy of the ${label.toLowerCase()}`}
            onChange={(event) => {
              void upload(event.target.files?.[0])
              event.target.value = ''
            }}
          />
        </div>
      </form>
      <ErrorNote error={error} />
    </div>
  )
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}
