// One table, two consumers: scripts/record-cli-fixtures.mjs runs each case's `cli` arguments through the
// real AWS CLI against the emulator and stores the request body it sends; the end-to-end suite runs the
// action with the case's `inputs` and requires the same body.

export const DATASET = 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/INTERACTIONS'
export const LOCATION = 's3://retail-data/interactions/2026-11-29.csv'
export const ROLE = 'arn:aws:iam::123456789012:role/PersonalizeS3Read'

const document = {
  jobName: 'from-document',
  datasetArn: DATASET,
  dataSource: { dataLocation: LOCATION },
  roleArn: ROLE,
  tags: [{ tagKey: 'team', tagValue: 'reco' }],
  importMode: 'INCREMENTAL',
  publishAttributionMetricsToS3: true,
}
const documentYaml = `jobName: from-document
datasetArn: ${DATASET}
dataSource:
  dataLocation: ${LOCATION}
roleArn: ${ROLE}
tags:
- tagKey: team
  tagValue: reco
importMode: INCREMENTAL
publishAttributionMetricsToS3: true
`

const required = name => ['--job-name', name, '--dataset-arn', DATASET, '--data-source', `dataLocation=${LOCATION}`]
const inputs = name => ({ 'job-name': name, 'dataset-arn': DATASET, 'data-location': LOCATION })
const twoTags = ['--tags', 'tagKey=team,tagValue=reco', 'tagKey=env,tagValue=prod']

/**
 * `cliMajor: 2`: record with CLI v2 (v1 has no --cli-input-yaml).
 * @typedef {{ name: string, cli: string[], inputs: Record<string, string>, files?: Record<string, string>, cliMajor?: 1 | 2 }} CliCase
 * @type {CliCase[]}
 */
export const CLI_CASES = [
  { name: 'plain', cli: required('plain'), inputs: inputs('plain') },
  {
    name: 'data-source as JSON',
    cli: [
      '--job-name',
      'json-source',
      '--dataset-arn',
      DATASET,
      '--data-source',
      JSON.stringify({ dataLocation: LOCATION }),
    ],
    inputs: inputs('json-source'),
  },
  {
    name: 'role-arn',
    cli: [...required('with-role'), '--role-arn', ROLE],
    inputs: { ...inputs('with-role'), 'role-arn': ROLE },
  },
  {
    name: 'tags as the CLI JSON list',
    cli: [
      ...required('tags-json'),
      '--tags',
      '[{"tagKey":"team","tagValue":"reco"},{"tagKey":"env","tagValue":"prod"}]',
    ],
    inputs: {
      ...inputs('tags-json'),
      tags: '[{"tagKey":"team","tagValue":"reco"},{"tagKey":"env","tagValue":"prod"}]',
    },
  },
  {
    name: 'tags as the CLI shorthand',
    cli: [...required('tags-shorthand'), ...twoTags],
    inputs: { ...inputs('tags-shorthand'), tags: 'tagKey=team,tagValue=reco tagKey=env,tagValue=prod' },
  },
  {
    name: 'tags as shorthand lines',
    cli: [...required('tags-lines'), ...twoTags],
    inputs: { ...inputs('tags-lines'), tags: 'tagKey=team,tagValue=reco\ntagKey=env,tagValue=prod\n' },
  },
  {
    name: 'tags as a JSON object',
    cli: [...required('tags-object'), ...twoTags],
    inputs: { ...inputs('tags-object'), tags: '{"team":"reco","env":"prod"}' },
  },
  {
    name: 'tags as key=value lines',
    cli: [...required('tags-kv'), ...twoTags],
    inputs: { ...inputs('tags-kv'), tags: 'team=reco\nenv=prod\n' },
  },
  {
    name: 'tags with an empty value and a quoted space',
    cli: [...required('tags-quoted'), '--tags', 'tagKey=owner,tagValue="data team"', 'tagKey=empty,tagValue='],
    inputs: { ...inputs('tags-quoted'), tags: 'tagKey=owner,tagValue="data team" tagKey=empty,tagValue=' },
  },
  {
    name: 'import-mode INCREMENTAL',
    cli: [...required('incremental'), '--import-mode', 'INCREMENTAL'],
    inputs: { ...inputs('incremental'), 'import-mode': 'incremental' },
  },
  {
    name: 'import-mode FULL',
    cli: [...required('full'), '--import-mode', 'FULL'],
    inputs: { ...inputs('full'), 'import-mode': 'FULL' },
  },
  {
    name: 'publish true',
    cli: [...required('publish-true'), '--publish-attribution-metrics-to-s3'],
    inputs: { ...inputs('publish-true'), 'publish-attribution-metrics-to-s3': 'true' },
  },
  {
    name: 'publish false',
    cli: [...required('publish-false'), '--no-publish-attribution-metrics-to-s3'],
    inputs: { ...inputs('publish-false'), 'publish-attribution-metrics-to-s3': 'false' },
  },
  {
    name: 'cli-input-json inline',
    cli: ['--cli-input-json', JSON.stringify(document)],
    inputs: { 'cli-input-json': JSON.stringify(document) },
  },
  {
    name: 'cli-input-json from a file',
    cli: ['--cli-input-json', 'file://import.json'],
    inputs: { 'cli-input-json': 'file://import.json' },
    files: { 'import.json': JSON.stringify(document, null, 2) },
  },
  {
    name: 'cli-input-json overridden by explicit arguments',
    cli: [
      '--cli-input-json',
      JSON.stringify(document),
      '--job-name',
      'overridden',
      '--import-mode',
      'FULL',
      '--tags',
      'tagKey=env,tagValue=ci',
      '--no-publish-attribution-metrics-to-s3',
    ],
    inputs: {
      'cli-input-json': JSON.stringify(document),
      'job-name': 'overridden',
      'import-mode': 'FULL',
      tags: 'env=ci',
      'publish-attribution-metrics-to-s3': 'false',
    },
  },
  {
    name: 'cli-input-yaml from a file',
    cli: ['--cli-input-yaml', 'file://import.yaml'],
    inputs: { 'cli-input-yaml': 'file://import.yaml' },
    files: { 'import.yaml': documentYaml },
    cliMajor: 2,
  },
]
