import type { PersonalizeApi } from '../src/aws/personalize.js'
import { jobArn } from './constants.js'

/** A Personalize API where every call succeeds at once (the job ACTIVE), unless a test overrides it. */
export function fakeApi(overrides: Partial<PersonalizeApi> = {}): PersonalizeApi {
  return {
    createImportJob: async request => jobArn(request.jobName),
    describeImportJob: async () => ({ status: 'ACTIVE' }),
    describeDataset: async () => ({ status: 'ACTIVE' }),
    listImportJobs: async () => ({ jobs: [] }),
    describeSchema: async () => '',
    credentialsExpiry: async () => undefined,
    ...overrides,
  }
}
