/**
 * Accepts a file by drag-and-drop or a picker and hands over its bytes. Works the same in Electron and in
 * a browser because it reads the bytes (File.arrayBuffer) instead of relying on a filesystem path.
 */
import { useRef, useState } from 'react'

export interface DropZoneProps {
  label: string
  accept: string
  onFile: (file: { name: string; bytes: Uint8Array }) => void
  disabled?: boolean
}

export function DropZone({ label, accept, onFile, disabled }: DropZoneProps): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  const take = async (file: File | undefined): Promise<void> => {
    if (!file || disabled) return
    onFile({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })
  }
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(event) => { event.preventDefault(); setOver(true) }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => { event.preventDefault(); setOver(false); void take(event.dataTransfer.files[0]) }}
    >
      <p>Drop a {label} here, or</p>
      <button type="button" className="btn small" style={{ marginTop: 6 }} disabled={disabled} onClick={() => input.current?.click()}>
        Choose a file…
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        aria-label={`Choose a ${label}`}
        hidden
        onChange={(event) => { void take(event.target.files?.[0]); event.target.value = '' }}
      />
    </div>
  )
}
