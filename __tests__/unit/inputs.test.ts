import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { DATASET } from '../../__fixtures__/constants.js'
import {
  brokenRule,
  dataLocationProblem,
  datasetArnProblem,
  type ImportRequest,
  jobArnProblem,
  RULES,
  tagsProblem,
} from '../../src/aws/model.js'
import type { Config } from '../../src/config.js'
import { defaultJobName } from '../../src/inputs/job-name.js'
import { INPUTS } from '../../src/inputs/names.js'
import { readConfig } from '../../src/inputs/read.js'
import { type InputEnvironment, InputError } from '../../src/inputs/source.js'
import { workspaceFileReader } from '../../src/workspace.js'

const LOCATION = 's3://retail-data/in.csv'

function source(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  files: Record<string, string> = {},
): InputEnvironment {
  return {
    getInput: name => inputs[name] ?? '',
    env: { GITHUB_REPOSITORY: 'acme/reco', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1', ...env },
    readWorkspaceFile: path => {
      const text = files[path]
      if (text === undefined) throw new Error('no such file in the workspace')
      return text
    },
  }
}

const config = (
  inputs: Record<string, string>,
  env?: Record<string, string>,
  files?: Record<string, string>,
): Promise<Config> => readConfig(source(inputs, env, files))
const request = async (
  inputs: Record<string, string>,
  env?: Record<string, string>,
  files?: Record<string, string>,
) => {
  const target = (await config({ 'dataset-arn': DATASET, 'data-location': LOCATION, ...inputs }, env, files)).target
  if (target.kind !== 'create') throw new Error(`expected create, got ${target.kind}`)
  const [entry] = target.entries
  if (!entry) throw new Error('expected an entry')
  return entry.request
}
const inputError = async (inputs: Record<string, string>, env?: Record<string, string>): Promise<InputError> => {
  try {
    await config(inputs, env)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('readConfig', () => {
  test('a minimal create: no optional member is set', async () => {
    expect(await request({})).toEqual({
      jobName: expect.stringMatching(/^reco-7-1-[0-9a-f]{8}$/),
      datasetArn: DATASET,
      dataSource: { dataLocation: LOCATION },
    })
  })

  test('wait defaults: wait, 120 minutes, 30 s; decimals allowed', async () => {
    expect((await config({ 'dataset-arn': DATASET, 'data-location': LOCATION })).wait).toEqual({
      enabled: true,
      timeoutMs: 7_200_000,
      maxPauseMs: 30_000,
    })
    expect(
      (
        await config({
          'dataset-arn': DATASET,
          'data-location': LOCATION,
          wait: 'False',
          'wait-timeout-minutes': '0.1',
          'poll-interval-seconds': '1.5',
        })
      ).wait,
    ).toEqual({
      enabled: false,
      timeoutMs: 6000,
      maxPauseMs: 1500,
    })
  })

  test('the job ARN is derived from the dataset ARN and the name', async () => {
    const target = (await config({ 'dataset-arn': DATASET, 'data-location': LOCATION, 'job-name': 'n1' })).target
    expect(target).toMatchObject({
      kind: 'create',
      entries: [{ jobArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/n1' }],
    })
  })

  test('region: aws-region, then AWS_REGION, then AWS_DEFAULT_REGION, then the ARN', async () => {
    const base = { 'dataset-arn': DATASET, 'data-location': LOCATION }
    expect((await config(base)).region).toBe('us-east-1')
    expect((await config(base, { AWS_DEFAULT_REGION: 'us-east-1' })).region).toBe('us-east-1')
    expect((await inputError(base, { AWS_DEFAULT_REGION: 'eu-west-1' })).message).toContain(
      '(from AWS_DEFAULT_REGION) does not match the region of dataset-arn (us-east-1)',
    )
    expect((await inputError({ ...base, 'aws-region': 'eu-west-1' }, { AWS_REGION: 'us-east-1' })).message).toContain(
      '(from aws-region)',
    )
  })

  test('attach: job-arn alone, region from its ARN', async () => {
    const arn = 'arn:aws:personalize:eu-west-1:123456789012:dataset-import-job/nightly'
    expect(await config({ 'job-arn': arn })).toMatchObject({
      target: { kind: 'attach', jobs: [{ jobArn: arn, jobName: 'nightly' }] },
      region: 'eu-west-1',
    })
  })

  test('skeletons ignore every other input; output is a validated dry run', async () => {
    expect((await config({ 'generate-cli-skeleton': 'input', 'dataset-arn': 'garbage' })).target).toEqual({
      kind: 'skeleton',
      format: 'input',
    })
    expect(
      (await config({ 'generate-cli-skeleton': 'output', 'dataset-arn': DATASET, 'data-location': LOCATION })).target
        .kind,
    ).toBe('dry-run')
    expect((await inputError({ 'generate-cli-skeleton': 'output', 'dataset-arn': 'garbage' })).input).toBe(
      'dataset-arn',
    )
  })

  test('endpoint-url is passed on only when set', async () => {
    expect((await config({ 'dataset-arn': DATASET, 'data-location': LOCATION })).endpoint).toBeUndefined()
    expect(
      (await config({ 'dataset-arn': DATASET, 'data-location': LOCATION, 'endpoint-url': 'http://127.0.0.1:4599' }))
        .endpoint,
    ).toBe('http://127.0.0.1:4599')
  })
})

describe('cli-input documents', () => {
  const document = {
    jobName: 'from-doc',
    datasetArn: DATASET,
    dataSource: { dataLocation: LOCATION },
    roleArn: 'arn:aws:iam::123456789012:role/R',
    tags: [{ tagKey: 'team', tagValue: 'reco' }],
    importMode: 'INCREMENTAL',
    publishAttributionMetricsToS3: true,
  }

  test('JSON inline supplies every member', async () => {
    const target = (await config({ 'cli-input-json': JSON.stringify(document) })).target
    expect(target).toMatchObject({ kind: 'create', entries: [{ request: { ...document, importMode: 'INCREMENTAL' } }] })
  })

  test('YAML from a workspace file, and explicit inputs override the document', async () => {
    const yaml =
      'jobName: from-doc\ndatasetArn: ' +
      DATASET +
      '\ndataSource:\n  dataLocation: ' +
      LOCATION +
      '\nimportMode: FULL\npublishAttributionMetricsToS3: false\n'
    const result = await request(
      {
        'dataset-arn': '',
        'data-location': '',
        'cli-input-yaml': 'file://import.yaml',
        'job-name': 'explicit',
        'import-mode': 'incremental',
      },
      {},
      { 'import.yaml': yaml },
    )
    expect(result).toEqual({
      jobName: 'explicit',
      datasetArn: DATASET,
      dataSource: { dataLocation: LOCATION },
      importMode: 'INCREMENTAL',
      publishAttributionMetricsToS3: false,
    })
  })

  test('a document member that breaks a rule names the document member', async () => {
    const error = await inputError({ 'cli-input-json': JSON.stringify({ ...document, jobName: 'bad name' }) })
    expect(error.input).toBe('cli-input-json member "jobName"')
  })

  test('explicit tags replace the document tags', async () => {
    expect((await request({ 'cli-input-json': JSON.stringify(document), tags: 'env=ci' })).tags).toEqual([
      { tagKey: 'env', tagValue: 'ci' },
    ])
  })
})

describe('workspace files', () => {
  test('resolve inside GITHUB_WORKSPACE and refuse to leave it, symlinks included', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ws-'))
    const workspace = join(root, 'workspace')
    mkdirSync(join(workspace, 'config'), { recursive: true })
    writeFileSync(join(workspace, 'config', 'import.json'), '{}')
    writeFileSync(join(root, 'secret.txt'), 'secret')
    symlinkSync(join(root, 'secret.txt'), join(workspace, 'link.txt'))
    const read = workspaceFileReader(workspace)
    expect(read('config/import.json')).toBe('{}')
    expect(() => read('../secret.txt')).toThrow('outside the workspace')
    expect(() => read('link.txt')).toThrow('outside the workspace')
    expect(() => read(join(root, 'secret.txt'))).toThrow('outside the workspace')
    expect(() => read('missing.json')).toThrow('no such file')
  })
})

describe('properties', () => {
  test('the default job name always satisfies the model, for any repository, run id and attempt', async () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120, unit: 'binary' }),
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 10 }),
        fc.string(),
        (repository, runId, runAttempt, location) => {
          const name = defaultJobName({ repository, runId, runAttempt }, DATASET, location)
          expect(brokenRule(name, RULES.jobName)).toBeUndefined()
        },
      ),
      { numRuns: 2000 },
    )
  })

  test('the default job name differs between attempts and between datasets', async () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 100 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 99 }),
        (repository, runId, attempt) => {
          const context = { repository, runId: String(runId), runAttempt: String(attempt) }
          const next = { ...context, runAttempt: String(attempt + 1) }
          expect(defaultJobName(context, DATASET, LOCATION)).not.toBe(defaultJobName(next, DATASET, LOCATION))
          expect(defaultJobName(context, DATASET, LOCATION)).not.toBe(
            defaultJobName(context, DATASET.replace('INTERACTIONS', 'ITEMS'), LOCATION),
          )
        },
      ),
    )
  })

  test('the region is inferred from any dataset or job ARN, and the job ARN follows the dataset ARN', async () => {
    const region = fc
      .tuple(
        fc.constantFrom('us', 'eu', 'ap', 'ca', 'cn'),
        fc.constantFrom('east', 'west', 'central', 'north', 'southeast'),
        fc.integer({ min: 1, max: 9 }),
      )
      .map(parts => parts.join('-'))
    const account = fc.stringMatching(/^\d{12}$/)
    const partition = fc.constantFrom('aws', 'aws-cn')
    await fc.assert(
      fc.asyncProperty(
        partition,
        region,
        account,
        fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/),
        async (p, r, a, group) => {
          const dataset = `arn:${p}:personalize:${r}:${a}:dataset/${group}/ITEMS`
          const created = await config(
            { 'dataset-arn': dataset, 'data-location': LOCATION, 'job-name': 'j1' },
            { AWS_REGION: '' },
          )
          expect(created.region).toBe(r)
          expect(created.target).toMatchObject({
            entries: [{ jobArn: `arn:${p}:personalize:${r}:${a}:dataset-import-job/j1` }],
          })
          expect(
            (await config({ 'job-arn': `arn:${p}:personalize:${r}:${a}:dataset-import-job/j1` }, { AWS_REGION: '' }))
              .region,
          ).toBe(r)
        },
      ),
    )
  })

  const inputNames = Object.values(INPUTS)

  /** A request that config accepted breaks no rule of the service model. */
  const expectValid = (result: Awaited<ReturnType<typeof config>>) => {
    const target = result.target
    const requests =
      target.kind === 'create' ? target.entries : target.kind === 'dry-run' ? [target] : ([] as (typeof target)[])
    for (const { request: r, jobArn } of requests as Array<{ request: ImportRequest; jobArn: string }>) {
      expect(brokenRule(r.jobName, RULES.jobName)).toBeUndefined()
      expect(datasetArnProblem(r.datasetArn)).toBeUndefined()
      expect(dataLocationProblem(r.dataSource.dataLocation)).toBeUndefined()
      if (r.roleArn !== undefined) expect(brokenRule(r.roleArn, RULES.roleArn)).toBeUndefined()
      if (r.tags) expect(tagsProblem(r.tags)).toBeUndefined()
      if (r.importMode !== undefined) expect(['FULL', 'INCREMENTAL']).toContain(r.importMode)
      expect(jobArnProblem(jobArn)).toBeUndefined()
    }
  }

  test('any input values either make a valid config or an InputError naming an input; nothing else escapes', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 80, unit: 'binary' }),
      fc.constantFrom(
        DATASET,
        LOCATION,
        '[{"tagKey":"a","tagValue":"b"}]',
        '{"a":"b"}',
        'a=b',
        'true',
        '1',
        '0.1',
        'input',
        'output',
        '__proto__',
        '{"__proto__":{}}',
      ),
    )
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...inputNames), value), fc.boolean(), async (inputs, withBase) => {
        const all = withBase ? { 'dataset-arn': DATASET, 'data-location': LOCATION, ...inputs } : inputs
        try {
          expectValid(await config(all))
        } catch (error) {
          expect(error).toBeInstanceOf(InputError)
          const named = (error as InputError).input
          expect(inputNames.some(name => named.startsWith(name))).toBe(true)
        }
      }),
      { numRuns: 3000 },
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe("action.yml's defaults are the code's", () => {
  test('each input with a default reads the same when given it as when left empty (the runner fills it in)', async () => {
    const { actionYml } = await import('../../__fixtures__/run-action.mjs')
    const base = { 'dataset-arn': DATASET, 'data-location': LOCATION }
    const defaults = Object.entries(actionYml.inputs).filter(
      // github-token's default is an expression the runner resolves; commit-status reads it only when on.
      (entry): entry is [string, { default: string }] => entry[1].default !== undefined && entry[0] !== 'github-token',
    )
    expect(defaults.map(([name]) => name)).toContain('wait-timeout-minutes')
    const empty = await readConfig(source(base))
    for (const [name, input] of defaults) {
      expect(await readConfig(source({ ...base, [name]: input.default })), name).toEqual(empty)
    }
  })
})
