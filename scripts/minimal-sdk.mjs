// The yardstick for the action's cold start: the least a bundled script can do to send one
// CreateDatasetImportJob with the SDK. `npm run bench` bundles it exactly as the action is bundled.
import { CreateDatasetImportJobCommand, PersonalizeClient } from '@aws-sdk/client-personalize'

const client = new PersonalizeClient({})
const output = await client.send(
  new CreateDatasetImportJobCommand({
    jobName: process.env.BENCH_JOB_NAME,
    datasetArn: process.env.BENCH_DATASET_ARN,
    dataSource: { dataLocation: process.env.BENCH_DATA_LOCATION },
  }),
)
process.stdout.write(`${output.datasetImportJobArn}\n`)
