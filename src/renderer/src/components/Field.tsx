/** A labelled form control: the label is tied to the control by id so clicking it focuses the control. */
import { useId } from 'react'

export interface FieldProps {
  label: string
  help?: React.ReactNode
  children: (id: string) => React.ReactNode
  className?: string
}

export function Field({ label, help, children, className }: FieldProps): React.JSX.Element {
  const id = useId()
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {help ? <span className="help">{help}</span> : null}
    </div>
  )
}

export interface SelectFieldProps<T extends string> {
  label: string
  value: T
  options: readonly { value: T; label: string }[]
  onChange: (value: T) => void
  help?: React.ReactNode
  disabled?: boolean
}

export function SelectField<T extends string>({ label, value, options, onChange, help, disabled }: SelectFieldProps<T>): React.JSX.Element {
  return (
    <Field label={label} help={help}>
      {(id) => (
        <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as T)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}
