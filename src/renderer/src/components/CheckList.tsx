/** The learnware checker's steps, each with ✓ or ✗ and its sentence. */
import type { CheckOutcomeView } from '../../../shared/api'

const CHECK_WORDS: Record<string, string> = {
  semantic: 'Semantic specification',
  'stat-spec': 'Statistical specification',
  'model-kind': 'Model format',
  manifest: 'Manifest',
  'model-load': 'Model loads',
  'input-width': 'Input width',
  'probe-run': 'Probe run',
  'output-rows': 'Output rows',
  'output-values': 'Output values',
  'output-shape': 'Output shape',
  'time-limit': 'Time limit'
}

export function CheckList({ checks, collapseWhenAllPass }: { checks: CheckOutcomeView[]; collapseWhenAllPass?: boolean }): React.JSX.Element {
  const list = (
    <ul className="checks" aria-label="Checks">
      {checks.map((check, i) => (
        <li key={`${check.name}-${i}`} className={check.ok ? 'ok' : 'bad'}>
          <span className="mark" aria-hidden="true">{check.ok ? '✓' : '✗'}</span>
          <span>
            <strong>{CHECK_WORDS[check.name] ?? check.name}</strong>
            <span className="sr-only">{check.ok ? ' passed' : ' failed'}</span>: {check.detail}
          </span>
        </li>
      ))}
    </ul>
  )
  if (!collapseWhenAllPass || checks.some((check) => !check.ok)) return list
  return (
    <details>
      <summary>All {checks.length} checks passed</summary>
      {list}
    </details>
  )
}
