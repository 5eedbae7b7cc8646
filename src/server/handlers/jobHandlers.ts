/** `jobGet`, `jobList`, `jobCancel`: following and stopping long work. */

import type { HandlerImplementations } from '../../shared/api'
import type { EngineHost } from '../engineHost'

export function jobHandlers(host: EngineHost): Pick<HandlerImplementations, 'jobGet' | 'jobList' | 'jobCancel'> {
  return {
    jobGet: async ({ jobId }) => host.jobs.get(jobId),
    jobList: async () => host.jobs.list(),
    jobCancel: async ({ jobId }) => host.jobs.cancel(jobId)
  }
}
