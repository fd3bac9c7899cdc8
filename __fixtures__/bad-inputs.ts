// Hostile and sloppy inputs, each with the input its error must name and a fragment of the rule: checked
// in-process for every case (__tests__/unit/bad-input) and through the bundle for a few (__tests__/e2e/bad-input).
import { DATASET, LOCATION } from './constants.js'

export const SECRET = 'Sensitive-Tag-Value-7731'
const base = { 'dataset-arn': DATASET, 'data-location': LOCATION }
const many = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n')

export interface BadInputCase {
  name: string
  inputs: Record<string, string>
  /** The input the error must name. */
  input: string
  /** A fragment of the rule the message must state. */
  rule: string | RegExp
  files?: Record<string, string>
  env?: Record<string, string | undefined>
}

export const BAD_INPUTS: BadInputCase[] = [
  {
    name: 'dataset-arn that is no ARN',
    inputs: { ...base, 'dataset-arn': 'interactions' },
    input: 'dataset-arn',
    rule: 'must match arn:([a-z\\d-]+):personalize:.*:.*:.+',
  },
  {
    name: 'dataset-arn over 256 characters',
    inputs: { ...base, 'dataset-arn': `${DATASET}${'x'.repeat(250)}` },
    input: 'dataset-arn',
    rule: 'must be 1-256 characters',
  },
  {
    name: 'dataset-arn of 100 KB',
    inputs: { ...base, 'dataset-arn': 'a'.repeat(100_000) },
    input: 'dataset-arn',
    rule: 'must be 1-256 characters (got 100000)',
  },
  {
    name: 'dataset-arn of another service',
    inputs: { ...base, 'dataset-arn': 'arn:aws:s3:::retail-data' },
    input: 'dataset-arn',
    rule: 'must match',
  },
  {
    name: 'dataset-arn with an upper-case partition',
    inputs: { ...base, 'dataset-arn': DATASET.replace('arn:aws:', 'arn:AWS:') },
    input: 'dataset-arn',
    rule: 'must match',
  },
  {
    name: 'dataset-arn of a dataset group',
    inputs: { ...base, 'dataset-arn': 'arn:aws:personalize:us-east-1:123456789012:dataset-group/retail' },
    input: 'dataset-arn',
    rule: 'must be a dataset ARN',
  },
  {
    name: 'dataset-arn with a short account id',
    inputs: { ...base, 'dataset-arn': 'arn:aws:personalize:us-east-1:1234:dataset/retail/ITEMS' },
    input: 'dataset-arn',
    rule: 'must be a dataset ARN',
  },
  {
    name: 'dataset-arn with a forged workflow command',
    inputs: { ...base, 'dataset-arn': `${DATASET}\n::set-output name=status::ACTIVE` },
    input: 'dataset-arn',
    rule: 'must be one line without control characters',
  },
  {
    name: 'data-location with another scheme',
    inputs: { ...base, 'data-location': 'ftp://retail-data/x.csv' },
    input: 'data-location',
    rule: 'must match (s3|http|https)://.+',
  },
  {
    name: 'data-location without bucket',
    inputs: { ...base, 'data-location': 's3:///interactions.csv' },
    input: 'data-location',
    rule: 'must name a bucket',
  },
  {
    name: 'data-location with an upper-case bucket',
    inputs: { ...base, 'data-location': 's3://Retail/x.csv' },
    input: 'data-location',
    rule: 'must name a bucket',
  },
  {
    name: 'data-location over 256 characters',
    inputs: { ...base, 'data-location': `s3://retail-data/${'k'.repeat(250)}` },
    input: 'data-location',
    rule: 'must be 1-256 characters',
  },
  {
    name: 'data-location with a tab',
    inputs: { ...base, 'data-location': 's3://retail-data/a\tb.csv' },
    input: 'data-location',
    rule: 'control characters',
  },
  { name: 'data-location missing', inputs: { 'dataset-arn': DATASET }, input: 'data-location', rule: 'is required' },
  {
    name: 'job-name with a space',
    inputs: { ...base, 'job-name': 'nightly import' },
    input: 'job-name',
    rule: 'must match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*$',
  },
  {
    name: 'job-name of 64 characters',
    inputs: { ...base, 'job-name': 'j'.repeat(64) },
    input: 'job-name',
    rule: 'must be 1-63 characters (got 64)',
  },
  {
    name: 'job-name starting with a hyphen',
    inputs: { ...base, 'job-name': '-nightly' },
    input: 'job-name',
    rule: 'must match',
  },
  {
    name: 'job-name with non-ASCII letters',
    inputs: { ...base, 'job-name': 'import-été' },
    input: 'job-name',
    rule: 'must match',
  },
  {
    name: 'job-name with a percent-encoded newline',
    inputs: { ...base, 'job-name': 'x%0A::error::forged' },
    input: 'job-name',
    rule: 'must match',
  },
  {
    name: 'role-arn with a short account',
    inputs: { ...base, 'role-arn': 'arn:aws:iam::1234:role/Reader' },
    input: 'role-arn',
    rule: 'must match arn:([a-z\\d-]+):iam::\\d{12}:role',
  },
  {
    name: 'role-arn of a user',
    inputs: { ...base, 'role-arn': 'arn:aws:iam::123456789012:user/ci' },
    input: 'role-arn',
    rule: 'must match',
  },
  {
    name: 'import-mode PARTIAL',
    inputs: { ...base, 'import-mode': 'PARTIAL' },
    input: 'import-mode',
    rule: 'must be FULL or INCREMENTAL',
  },
  {
    name: 'publish-attribution-metrics-to-s3 yes',
    inputs: { ...base, 'publish-attribution-metrics-to-s3': 'yes' },
    input: 'publish-attribution-metrics-to-s3',
    rule: 'must be true or false',
  },
  {
    name: '201 tags',
    inputs: { ...base, tags: many(201, i => `k${i}=${SECRET}`) },
    input: 'tags',
    rule: 'must hold at most 200 tags (got 201)',
  },
  {
    name: 'duplicate tag keys',
    inputs: { ...base, tags: `team=${SECRET}\nenv=ci\nteam=${SECRET}` },
    input: 'tags',
    rule: 'tag 3: key duplicates the key of tag 1',
  },
  {
    name: 'an aws: tag key',
    inputs: { ...base, tags: `[{"tagKey":"aws:owner","tagValue":"${SECRET}"}]` },
    input: 'tags',
    rule: 'tag 1: key must not start with "aws:"',
  },
  {
    name: 'a tag key of 129 characters',
    inputs: { ...base, tags: `ok=1\n${'k'.repeat(129)}=${SECRET}` },
    input: 'tags',
    rule: 'tag 2: key must be 1-128 characters',
  },
  {
    name: 'a tag value of 257 characters',
    inputs: { ...base, tags: `{"team":"${SECRET}${'v'.repeat(240)}"}` },
    input: 'tags',
    rule: 'tag 1: value must be at most 256 characters',
  },
  {
    name: 'a tag value outside the pattern',
    inputs: { ...base, tags: `tagKey=team,tagValue=${SECRET}!` },
    input: 'tags',
    rule: 'tag 1: value must match',
  },
  {
    name: 'tags that are broken JSON',
    inputs: { ...base, tags: `[{"tagKey":"team","tagValue":"${SECRET}"` },
    input: 'tags',
    rule: 'is not valid JSON',
  },
  {
    name: 'a shorthand tag without tagValue',
    inputs: { ...base, tags: 'tagKey=team tagKey=env,tagValue=ci' },
    input: 'tags',
    rule: 'tag 1: missing tagValue',
  },
  {
    name: 'a shorthand tag with an unclosed quote',
    inputs: { ...base, tags: `tagKey=team,tagValue="${SECRET}` },
    input: 'tags',
    rule: 'unclosed quote',
  },
  {
    name: 'a tag line without =',
    inputs: { ...base, tags: `team=reco\n${SECRET}` },
    input: 'tags',
    rule: 'tag 2: must be key=value',
  },
  {
    name: 'cli-input-json that is broken JSON',
    inputs: { 'cli-input-json': '{"jobName": "x",' },
    input: 'cli-input-json',
    rule: 'is not valid JSON',
  },
  {
    name: 'cli-input-json with an unknown member',
    inputs: { 'cli-input-json': `{"datasetArn":"${DATASET}","datasource":{}}` },
    input: 'cli-input-json',
    rule: 'unknown member "datasource"',
  },
  {
    name: 'cli-input-json with a number for jobName',
    inputs: { 'cli-input-json': '{"jobName": 5}' },
    input: 'cli-input-json',
    rule: 'member "jobName" must be a string',
  },
  {
    name: 'cli-input-json with __proto__',
    inputs: { 'cli-input-json': '{"__proto__": {"polluted": true}, "jobName": "x"}' },
    input: 'cli-input-json',
    rule: 'unknown member "__proto__"',
  },
  {
    name: 'cli-input-json with constructor',
    inputs: { 'cli-input-json': '{"constructor": {"prototype": {"x": 1}}}' },
    input: 'cli-input-json',
    rule: 'unknown member "constructor"',
  },
  {
    name: 'cli-input-json naming a file outside the workspace',
    inputs: { 'cli-input-json': 'file://../../../../etc/hostname' },
    input: 'cli-input-json',
    rule: 'outside the workspace',
  },
  {
    name: 'cli-input-json naming a missing file',
    inputs: { 'cli-input-json': 'file://import.json' },
    input: 'cli-input-json',
    rule: 'no such file in the workspace',
  },
  {
    name: 'cli-input-json file of 3 MB',
    inputs: { 'cli-input-json': 'file://big.json' },
    files: { 'big.json': `{"jobName":"${'x'.repeat(3_000_000)}"}` },
    input: 'cli-input-json',
    rule: 'must be at most 128 KiB',
  },
  {
    name: 'cli-input-json with a bad dataSource',
    inputs: { 'cli-input-json': `{"datasetArn":"${DATASET}","dataSource":"s3://b/k"}` },
    input: 'cli-input-json',
    rule: 'member "dataSource" must be an object',
  },
  {
    name: 'cli-input-json and cli-input-yaml together',
    inputs: { 'cli-input-json': '{}', 'cli-input-yaml': 'jobName: x' },
    input: 'cli-input-json',
    rule: 'cannot be combined with cli-input-yaml',
  },
  {
    name: 'cli-input-yaml that is broken YAML',
    inputs: { 'cli-input-yaml': 'jobName: [unclosed' },
    input: 'cli-input-yaml',
    rule: 'is not valid YAML',
  },
  {
    name: 'cli-input-yaml that is a list',
    inputs: { 'cli-input-yaml': '- jobName: x' },
    input: 'cli-input-yaml',
    rule: 'must be a YAML object',
  },
  {
    name: 'cli-input-yaml with a bad member value',
    inputs: { 'cli-input-yaml': `datasetArn: ${DATASET}\ndataSource:\n  dataLocation: ftp://x\n` },
    input: 'cli-input-yaml member "dataSource.dataLocation"',
    rule: 'must match',
  },
  {
    name: 'cli-input-yaml with tag values as numbers',
    inputs: { ...base, 'cli-input-yaml': 'tags:\n- tagKey: team\n  tagValue: 5\n' },
    input: 'cli-input-yaml',
    rule: 'tag 1: "tagValue" must be a string',
  },
  { name: 'wait maybe', inputs: { ...base, wait: 'maybe' }, input: 'wait', rule: 'must be true or false' },
  {
    name: 'wait-timeout-minutes negative',
    inputs: { ...base, 'wait-timeout-minutes': '-5' },
    input: 'wait-timeout-minutes',
    rule: 'must be a number greater than 0',
  },
  {
    name: 'wait-timeout-minutes not a number',
    inputs: { ...base, 'wait-timeout-minutes': 'ten' },
    input: 'wait-timeout-minutes',
    rule: 'must be a number',
  },
  {
    name: 'wait-timeout-minutes zero',
    inputs: { ...base, 'wait-timeout-minutes': '0' },
    input: 'wait-timeout-minutes',
    rule: 'greater than 0',
  },
  {
    name: 'wait-timeout-minutes in exponent form',
    inputs: { ...base, 'wait-timeout-minutes': '1e3' },
    input: 'wait-timeout-minutes',
    rule: 'must be a number',
  },
  {
    name: 'poll-interval-seconds below 1',
    inputs: { ...base, 'poll-interval-seconds': '0.5' },
    input: 'poll-interval-seconds',
    rule: 'at least 1',
  },
  {
    name: 'generate-cli-skeleton xml',
    inputs: { ...base, 'generate-cli-skeleton': 'xml' },
    input: 'generate-cli-skeleton',
    rule: 'must be one of input, yaml-input, output',
  },
  {
    name: 'job-arn of a dataset',
    inputs: { 'job-arn': DATASET },
    input: 'job-arn',
    rule: 'must be a dataset import job ARN',
  },
  {
    name: 'job-arn together with dataset-arn',
    inputs: { ...base, 'job-arn': 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/x' },
    input: 'job-arn',
    rule: 'cannot be combined with dataset-arn, data-location',
  },
  {
    name: 'aws-region that is no region',
    inputs: { ...base, 'aws-region': 'mars' },
    input: 'aws-region',
    rule: 'must be an AWS region',
  },
  {
    name: 'AWS_REGION of another region than the dataset',
    inputs: base,
    env: { AWS_REGION: 'eu-west-1' },
    input: 'aws-region',
    rule: 'does not match the region of dataset-arn (us-east-1)',
  },
  {
    name: 'commit-status that is no boolean',
    inputs: { ...base, 'commit-status': 'on' },
    input: 'commit-status',
    rule: 'must be true or false (got "on")',
  },
  {
    name: 'commit-status without a token',
    inputs: { ...base, 'commit-status': 'true', 'github-token': '' },
    input: 'github-token',
    rule: 'is required with commit-status: true',
  },
  {
    name: 'provenance-tags that is no boolean',
    inputs: { ...base, 'provenance-tags': 'yes' },
    input: 'provenance-tags',
    rule: 'must be true or false (got "yes")',
  },
  {
    name: 'provenance-tags past the 50 tags per resource',
    inputs: { ...base, 'provenance-tags': 'true', tags: many(48, i => `k${i}=${SECRET}`) },
    env: { GITHUB_SHA: 'a'.repeat(40), GITHUB_RUN_ID: '1', GITHUB_WORKFLOW: 'ci' },
    input: 'provenance-tags',
    rule: 'adds 4 tags to the 48 given, and Personalize allows 50 per resource',
  },
  {
    name: 'endpoint-url that is no http URL',
    inputs: { ...base, 'endpoint-url': 'ftp://127.0.0.1' },
    input: 'endpoint-url',
    rule: 'must be an http:// or https:// URL',
  },
]
