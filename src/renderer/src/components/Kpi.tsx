/** One headline number with its name under it (rows, features, K …). */
export function Kpi({ name, value }: { name: string; value: string }): React.JSX.Element {
  return (
    <div className="kpi">
      <div className="value">{value}</div>
      <div className="name">{name}</div>
    </div>
  )
}
