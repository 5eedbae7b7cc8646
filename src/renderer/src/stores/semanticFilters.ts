/**
 * The semantic filters as the Dock and Search screens hold them (every list present, text possibly
 * empty) and as the contract wants them (only what is set). Pure, so it is tested without a page.
 *
 * Example:
 *   toSemanticFilters({ ...NO_FILTERS, text: ' iris ', tasks: ['Classification'] })
 *   // → { text: 'iris', tasks: ['Classification'] }
 */
import type { LearnwareStatus, SemanticFilters } from '../../../shared/api'

export interface DockFilters {
  text: string
  dataTypes: string[]
  tasks: string[]
  libraries: string[]
  licenses: string[]
  scenarios: string[]
  statuses: LearnwareStatus[]
}

export const NO_FILTERS: DockFilters = { text: '', dataTypes: [], tasks: [], libraries: [], licenses: [], scenarios: [], statuses: [] }

export function toSemanticFilters(filters: Omit<DockFilters, 'statuses'>): SemanticFilters {
  const out: SemanticFilters = {}
  if (filters.text.trim()) out.text = filters.text.trim()
  if (filters.dataTypes.length) out.dataTypes = filters.dataTypes
  if (filters.tasks.length) out.tasks = filters.tasks
  if (filters.libraries.length) out.libraries = filters.libraries
  if (filters.licenses.length) out.licenses = filters.licenses
  if (filters.scenarios.length) out.scenarios = filters.scenarios
  return out
}
