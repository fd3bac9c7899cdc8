// Pre-flight checks and queueing end to end, where the emulator's own rules matter (one running import per
// dataset, 5 per region, two processes racing). The subtle paths are unit-tested in __tests__/unit/admission.
import { describe, expect, test } from 'vitest'
import { emulatorPerTest, importInputs, jobArn, runAction } from '../../__fixtures__/harness.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

const started = emulatorPerTest()
async function fresh(): Promise<PersonalizeEmulator> {
  const emulator = await started()
  emulator.defaultScript = { pendingReads: 1, inProgressReads: 1, outcome: 'ACTIVE' }
  return emulator
}

const inputs = importInputs

describe('queueing', () => {
  // Jobs ahead run until the test ends them, once the action is seen waiting for them: no race with the clock.
  test.concurrent('a second workflow started while the first one imports: both imports end ACTIVE, one after the other', async () => {
    const emulator = await fresh()
    emulator.scriptJob('workflow-1', { hold: true })
    const first = runAction({ emulator, inputs: inputs('workflow-1') })
    await emulator.requested('CreateDatasetImportJob')
    const second = runAction({ emulator, inputs: inputs('workflow-2'), env: { GITHUB_RUN_ID: '2' } })
    // Once the second has listed the dataset's imports it has seen workflow-1 running, and queues behind it.
    await emulator.requested('ListDatasetImportJobs', 2)
    emulator.finishJob('workflow-1')
    const [a, b] = await Promise.all([first, second])
    expect([a.code, b.code]).toEqual([0, 0])
    expect([a.outputs.status, b.outputs.status]).toEqual(['ACTIVE', 'ACTIVE'])
    expect(b.stdout).toContain('Import job workflow-1 is CREATE')
    const one = emulator.jobs.get(jobArn('workflow-1'))
    const two = emulator.jobs.get(jobArn('workflow-2'))
    expect(two?.createdAt).toBeGreaterThan(one?.createdAt ?? Number.NaN)
    expect(emulator.jobs.size).toBe(2)
  })
})
