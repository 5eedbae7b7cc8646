/**
 * Beimingwu's semantic filters as one compact bar (text + data type, task, library, licence, and
 * optionally status) with scenarios as chips under "More filters". Used by Dock and Search.
 */
import type { SemanticVocabulary } from '../../../shared/api'
import { Chips } from './Chips'
import { Field } from './Field'

export interface FilterValues {
  text: string
  dataTypes: string[]
  tasks: string[]
  libraries: string[]
  licenses: string[]
  scenarios: string[]
  statuses?: string[]
}

export interface FilterBarProps {
  vocabulary: SemanticVocabulary
  values: FilterValues
  onChange: (patch: Partial<FilterValues>) => void
  showStatus?: boolean
  textLabel?: string
}

const STATUS_WORDS: Record<string, string> = { usable: 'Usable', 'not-runnable': 'Not runnable', invalid: 'Invalid' }

export function FilterBar({ vocabulary, values, onChange, showStatus, textLabel = 'Search by name or description' }: FilterBarProps): React.JSX.Element {
  const single = (label: string, options: string[], selected: string[], key: keyof FilterValues, words?: Record<string, string>) => (
    <Field label={label}>
      {(id) => (
        <select id={id} value={selected[0] ?? ''} onChange={(event) => onChange({ [key]: event.target.value ? [event.target.value] : [] })}>
          <option value="">Any</option>
          {options.map((option) => (
            <option key={option} value={option}>{words?.[option] ?? option}</option>
          ))}
        </select>
      )}
    </Field>
  )
  return (
    <div className="stack tight">
      <div className="filters">
        <Field label={textLabel}>
          {(id) => <input id={id} type="search" value={values.text} placeholder="e.g. iris, wine, cancer" onChange={(event) => onChange({ text: event.target.value })} />}
        </Field>
        {single('Data type', vocabulary.dataTypes, values.dataTypes, 'dataTypes')}
        {single('Task', vocabulary.tasks, values.tasks, 'tasks')}
        {single('Library', vocabulary.libraries, values.libraries, 'libraries')}
        {single('Licence', vocabulary.licenses, values.licenses, 'licenses')}
        {showStatus ? single('Status', vocabulary.statuses, values.statuses ?? [], 'statuses', STATUS_WORDS) : single('Scenario', vocabulary.scenarios, values.scenarios, 'scenarios')}
      </div>
      {showStatus ? (
        <details>
          <summary>Scenarios{values.scenarios.length ? ` (${values.scenarios.length} chosen)` : ''}</summary>
          <div style={{ marginTop: 8 }}>
            <Chips label="Show learnwares for any of these scenarios" options={vocabulary.scenarios} selected={values.scenarios} onChange={(scenarios) => onChange({ scenarios })} />
          </div>
        </details>
      ) : null}
    </div>
  )
}
