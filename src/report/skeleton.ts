// What `aws personalize create-dataset-import-job --generate-cli-skeleton <mode>` prints (CLI v1 1.45
// for JSON, CLI v2 for YAML, updated to the current model where roleArn is optional).

export const JSON_INPUT_SKELETON = `{
    "jobName": "",
    "datasetArn": "",
    "dataSource": {
        "dataLocation": ""
    },
    "roleArn": "",
    "tags": [
        {
            "tagKey": "",
            "tagValue": ""
        }
    ],
    "importMode": "INCREMENTAL",
    "publishAttributionMetricsToS3": true
}`

export const YAML_INPUT_SKELETON = `jobName: ''  # [REQUIRED] The name for the dataset import job.
datasetArn: '' # [REQUIRED] The ARN of the dataset that receives the imported data.
dataSource: # [REQUIRED] The Amazon S3 bucket that contains the training data to import.
  dataLocation: ''  # The path to the Amazon S3 bucket where the data that you want to upload to your dataset is stored.
roleArn: '' # The ARN of the IAM role that has permissions to read from the Amazon S3 data source.
tags: # A list of tags to apply to the dataset import job.
- tagKey: ''  # [REQUIRED] One part of a key-value pair that makes up a tag.
  tagValue: '' # [REQUIRED] The optional part of a key-value pair that makes up a tag.
importMode: FULL # Specify how to add the new records to an existing dataset. Valid values are: FULL, INCREMENTAL.
publishAttributionMetricsToS3: true # If you created a metric attribution, specify whether to publish metrics for this import job to Amazon S3.
`

/** `--generate-cli-skeleton output`: the response the validated request would get, with the job's real ARN. */
export function sampleOutput(jobArn: string): string {
  return JSON.stringify({ datasetImportJobArn: jobArn }, null, 4)
}
