/** A learnware's dock status in words and colour: usable (green), not runnable (amber), invalid (red). */
export type StatusTone = 'ok' | 'warn' | 'bad' | 'idle'

const STATUS_WORDS: Record<string, { text: string; tone: StatusTone }> = {
  usable: { text: 'Usable', tone: 'ok' },
  'not-runnable': { text: 'Not runnable', tone: 'warn' },
  invalid: { text: 'Invalid', tone: 'bad' }
}

export function StatusChip({ status, title }: { status: string; title?: string }): React.JSX.Element {
  const known = STATUS_WORDS[status] ?? { text: status, tone: 'idle' as const }
  return (
    <span className={`status ${known.tone}`} title={title}>
      {known.text}
    </span>
  )
}

export function ToneChip({ tone, children }: { tone: StatusTone; children: React.ReactNode }): React.JSX.Element {
  return <span className={`status ${tone}`}>{children}</span>
}
