/**
 * An error shown in place, where the user was working: the engine's message and its hint, announced to
 * screen readers. Never a stack trace (see api/userError.ts).
 */
import type { UserError } from '../api/userError'

export function ErrorNote({ error, title }: { error: UserError | null | undefined; title?: string }): React.JSX.Element | null {
  if (!error) return null
  return (
    <div className="note error" role="alert">
      <span>
        {title ? <strong>{title}: </strong> : null}
        {error.message}
      </span>
      {error.hint ? <span className="hint">{error.hint}</span> : null}
    </div>
  )
}

export function Note({ kind = 'info', children }: { kind?: 'info' | 'ok' | 'warn'; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className={`note ${kind}`} role={kind === 'warn' ? 'status' : undefined}>
      {children}
    </div>
  )
}
