/**
 * Toggle chips for vocabulary filters (scenarios, licences…). `multiple` false makes them behave like a
 * radio group where clicking the selected chip clears it.
 */
export interface ChipsProps {
  label: string
  options: readonly string[]
  selected: readonly string[]
  onChange: (next: string[]) => void
  multiple?: boolean
}

export function Chips({ label, options, selected, onChange, multiple = true }: ChipsProps): React.JSX.Element {
  const toggle = (option: string): void => {
    const on = selected.includes(option)
    if (multiple) onChange(on ? selected.filter((s) => s !== option) : [...selected, option])
    else onChange(on ? [] : [option])
  }
  return (
    <div className="field">
      <span className="label" id={`chips-${slug(label)}`}>{label}</span>
      <div className="chips" role="group" aria-labelledby={`chips-${slug(label)}`}>
        {options.map((option) => (
          <button key={option} type="button" className="chip" aria-pressed={selected.includes(option)} onClick={() => toggle(option)}>
            {option}
          </button>
        ))}
      </div>
    </div>
  )
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}
