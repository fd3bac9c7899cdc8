// The action's input names, once: the readers, the docs test and the README generator all use this table.
// Keep it free of imports and of non-erasable TypeScript, so Node can load it from scripts directly.

export const INPUTS = {
  datasetArn: 'dataset-arn',
  datasetGroupArn: 'dataset-group-arn',
  datasets: 'datasets',
  jobNames: 'job-names',
  dataLocation: 'data-location',
  jobName: 'job-name',
  roleArn: 'role-arn',
  importMode: 'import-mode',
  publishAttributionMetricsToS3: 'publish-attribution-metrics-to-s3',
  tags: 'tags',
  cliInputJson: 'cli-input-json',
  cliInputYaml: 'cli-input-yaml',
  generateCliSkeleton: 'generate-cli-skeleton',
  jobArn: 'job-arn',
  wait: 'wait',
  waitTimeoutMinutes: 'wait-timeout-minutes',
  pollIntervalSeconds: 'poll-interval-seconds',
  preflight: 'preflight',
  dataChecks: 'data-checks',
  athenaWorkgroup: 'athena-workgroup',
  athenaOutputLocation: 'athena-output-location',
  athenaDatabase: 'athena-database',
  maxScanGb: 'max-scan-gb',
  ifBusy: 'if-busy',
  skipUnchanged: 'skip-unchanged',
  maxShrinkPercent: 'max-shrink-percent',
  checkOnly: 'check-only',
  localData: 'local-data',
  schemaFile: 'schema-file',
  commitStatus: 'commit-status',
  githubToken: 'github-token',
  provenanceTags: 'provenance-tags',
  awsRegion: 'aws-region',
  endpointUrl: 'endpoint-url',
} as const

export type InputName = (typeof INPUTS)[keyof typeof INPUTS]

/** The inputs that describe a job to create or the data to check; they cannot be combined with job-arn. */
export const CREATE_INPUTS: readonly InputName[] = [
  INPUTS.datasetArn,
  INPUTS.dataLocation,
  INPUTS.jobName,
  INPUTS.roleArn,
  INPUTS.tags,
  INPUTS.importMode,
  INPUTS.publishAttributionMetricsToS3,
  INPUTS.cliInputJson,
  INPUTS.cliInputYaml,
  INPUTS.localData,
  INPUTS.schemaFile,
  INPUTS.maxShrinkPercent,
  INPUTS.datasets,
]
