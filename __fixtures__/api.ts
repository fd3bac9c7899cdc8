import type { PersonalizeApi } from '../src/aws/personalize.js'
import { jobArn } from './constants.js'

/**
 * A Personalize API where every call succeeds at once (the job ACTIVE), unless a test overrides it. A Create's
 * request always leaves (onSent) before its fake outcome, as a real one does unless it is stopped first.
 */
export function fakeApi(overrides: Partial<PersonalizeApi> = {}): PersonalizeApi {
  const create = overrides.createImportJob ?? (async request => jobArn(request.jobName))
  return {
    describeImportJob: async () => ({ status: 'ACTIVE' }),
    describeDataset: async () => ({ status: 'ACTIVE' }),
    listImportJobs: async () => ({ jobs: [] }),
    describeSchema: async () => '',
    listTags: async () => ({}),
    credentialsExpiry: async () => undefined,
    ...overrides,
    createImportJob: async (request, onSent) => {
      onSent?.()
      return create(request, onSent)
    },
  }
}
