import type { ImportRequest } from '../aws/model.js'

/** The request in the log, by the model's member names. Tags are sensitive in the model: count only. */
export function requestLines(request: ImportRequest): string[] {
  return [
    `jobName: ${request.jobName}`,
    `datasetArn: ${request.datasetArn}`,
    `dataSource.dataLocation: ${JSON.stringify(request.dataSource.dataLocation)}`,
    `roleArn: ${request.roleArn ?? '(not set)'}`,
    `importMode: ${request.importMode ?? '(not set: the service default FULL replaces existing bulk data)'}`,
    `publishAttributionMetricsToS3: ${request.publishAttributionMetricsToS3 ?? '(not set)'}`,
    `tags: ${request.tags ? `${request.tags.length} (keys and values not shown)` : '(none)'}`,
  ]
}
