// Names and ARNs shared by the unit and end-to-end tests.

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'
export const DATASET = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/INTERACTIONS`
export const ITEMS_DATASET = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/ITEMS`
export const LOCATION = 's3://retail-data/interactions/2026-11-29.csv'
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`

export const jobArn = (name: string, region = REGION): string =>
  `arn:aws:personalize:${region}:${ACCOUNT}:dataset-import-job/${name}`
