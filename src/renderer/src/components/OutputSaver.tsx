/**
 * Saving something the engine made (spec JSON, package zip, export bundle) — deliberately, by the user.
 * Type a path (or, on the desktop, choose one); in web mode the file can also be downloaded.
 *
 * Example:
 *   <OutputSaver output={spec.output} purpose="spec" what="specification" />
 */
import { useId, useState } from 'react'
import type { OutputRef, SAVE_PURPOSES } from '../../../shared/api'
import { api } from '../api/connection'
import { toUserError, type UserError } from '../api/userError'
import { formatBytes } from '../format/numbers'
import { ErrorNote, Note } from './ErrorNote'

export interface OutputSaverProps {
  output: OutputRef
  purpose: (typeof SAVE_PURPOSES)[number]
  /** What it is, in words: 'specification', 'package', 'bundle'. */
  what: string
}

export function OutputSaver({ output, purpose, what }: OutputSaverProps): React.JSX.Element {
  const id = useId()
  const [path, setPath] = useState('')
  const [overwrite, setOverwrite] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<{ path: string; bytes: number } | null>(null)
  const [error, setError] = useState<UserError | null>(null)

  const save = async (target: string): Promise<void> => {
    if (!target.trim()) {
      setError({ message: `Type where to save the ${what}, e.g. /home/you/${output.fileName}` })
      return
    }
    setSaving(true)
    setError(null)
    try {
      setSaved(await api.outputSave({ outputId: output.outputId, path: target.trim(), overwrite }))
    } catch (thrown) {
      setError(toUserError(thrown))
    } finally {
      setSaving(false)
    }
  }

  const choose = async (): Promise<void> => {
    try {
      const picked = await api.desktop?.pickSavePath({ purpose, defaultName: output.fileName })
      if (!picked) return
      setPath(picked.path)
      await save(picked.path)
    } catch (thrown) {
      setError(toUserError(thrown))
    }
  }

  const downloadUrl = api.outputUrl?.(output.outputId)
  return (
    <div className="stack tight">
      <form
        className="row top"
        onSubmit={(event) => {
          event.preventDefault()
          void save(path)
        }}
      >
        <div className="field grow">
          <label htmlFor={id}>Save the {what} to</label>
          <input id={id} type="text" value={path} spellCheck={false} placeholder={`/home/you/${output.fileName}`} onChange={(event) => setPath(event.target.value)} />
          <label className="check small plain">
            <input type="checkbox" checked={overwrite} onChange={(event) => setOverwrite(event.target.checked)} /> Replace the file if it exists
          </label>
        </div>
        <div className="row" style={{ paddingTop: 20 }}>
          <button type="submit" className="btn" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          {api.desktop ? (
            <button type="button" className="btn" disabled={saving} onClick={() => void choose()}>
              Choose where…
            </button>
          ) : null}
          {downloadUrl ? (
            <a className="btn" href={downloadUrl} download={output.fileName}>
              Download
            </a>
          ) : null}
        </div>
      </form>
      <span className="muted small">
        {output.fileName} · {formatBytes(output.bytes)}
      </span>
      {saved ? (
        <Note kind="ok">
          Saved to <code>{saved.path}</code> ({formatBytes(saved.bytes)}).
        </Note>
      ) : null}
      <ErrorNote error={error} />
    </div>
  )
}
