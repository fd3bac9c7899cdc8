// Every data rule, one row each: its severity, what it applies to, the evidence for that severity and the fix.
// An error blocks the import, so it needs a source saying the import fails or the data is unusable for training:
// a developer-guide page (docs.aws.amazon.com/personalize/latest/dg/PAGE.html) or an observed import. Everything
// else is a warning with its fix. The README's rule table is generated from this one (npm run readme).

export type Severity = 'error' | 'warning'

/**
 * What a finding counts: values of one field ("12 of 9,742 YEAR values"), records ("3 of 2,465 records"), the
 * header line, or the file (or the import) as a whole.
 */
export type Scope = 'value' | 'record' | 'header' | 'file'

export interface Rule {
  severity: Severity
  scope: Scope
  /** Why this severity: a developer-guide page, an observed import, or "unknown" (then a warning). */
  source: string
  /** What to do; `{type}` stands for the field's Avro type. */
  fix: string
  /** The severity in check-only, where nothing is imported and a check left undone must not pass as passed. */
  strict?: Severity
}

const SAMPLES = 'aws-samples/amazon-personalize-samples'
const POC = `${SAMPLES} POC_in_a_box`
const NEWS = 'aws-samples/amazon-personalize-immersion-day NewsPublishing'

export const RULES = {
  'missing-column': {
    severity: 'error',
    scope: 'header',
    source: 'guide `error-messages`: "Input csv is missing the following columns"',
    fix: 'Add the columns to the header, named exactly as in the schema.',
  },
  'column-case': {
    severity: 'warning',
    scope: 'header',
    source: `observed: an items file with lower-case, quoted names imported ACTIVE (${NEWS})`,
    fix: 'Write the names as the schema does.',
  },
  'duplicate-column': {
    severity: 'error',
    scope: 'header',
    source: 'guide `preparing-training-data`: names are unique alphanumerics',
    fix: 'Give each column its own name (names that differ only in punctuation count as one).',
  },
  'header-name': {
    severity: 'warning',
    scope: 'header',
    source: 'unknown',
    fix: 'Name every column, or drop the unnamed one.',
  },
  'quoted-header': {
    severity: 'warning',
    scope: 'header',
    source: `guide \`data-prep-formatting\`: "Don't enclose headers in quotation marks"; observed: quoted names imported ACTIVE (${NEWS})`,
    fix: 'Write the header names without quotes.',
  },
  'unknown-column': {
    severity: 'warning',
    scope: 'header',
    source: 'observed: items with columns the schema lacks imported ACTIVE (aws-samples immersion day)',
    fix: 'Drop the column, or add it to the schema: it is not imported.',
  },
  'missing-optional-column': {
    severity: 'warning',
    scope: 'header',
    source: 'guide `how-it-works-dataset-schema`: a field with "null" may be null',
    fix: 'Add the column, or leave it out knowingly: the field is then null in every record.',
  },
  'column-order': {
    severity: 'warning',
    scope: 'header',
    source: `observed: interactions in another order than the schema imported ACTIVE (${POC})`,
    fix: 'Order the columns as the schema does (the guide asks for it).',
  },
  'no-header': {
    severity: 'error',
    scope: 'header',
    source:
      'guide `error-messages`: "Input csv is missing the following columns" (Personalize reads line 1 as the header)',
    fix: "Put the header line (the schema's field names, comma-separated) before the data.",
  },
  separator: {
    severity: 'error',
    scope: 'header',
    source:
      'guide `error-messages`: "Input csv is missing the following columns" (a line without commas is one name, none of the schema\'s)',
    fix: 'Write the file with commas between the values (pandas: to_csv(sep=",")).',
  },
  'header-encoding': {
    severity: 'error',
    scope: 'header',
    source: 'guide `preparing-training-data`: non-ASCII text must be UTF-8',
    fix: 'Save the file as UTF-8.',
  },
  'header-quoting': {
    severity: 'error',
    scope: 'header',
    source: 'guide `error-messages`: make sure each record is on a single line and quoted values are escaped',
    fix: 'Write the header as plain names separated by commas.',
  },
  'header-too-long': {
    severity: 'error',
    scope: 'header',
    source: 'guide `limits`: no value is longer than 20,000 characters, so no line of names is 16 MiB',
    fix: 'Check that the file is CSV with LF or CRLF line ends.',
  },
  'file-format': {
    severity: 'error',
    scope: 'file',
    source:
      'guide `preparing-training-data`: bulk data is CSV in UTF-8; a compressed, columnar or UTF-16 file has no header Personalize can read (`error-messages`: "Input csv is missing the following columns")',
    fix: 'Upload plain CSV text in UTF-8.',
  },
  'header-mismatch': {
    severity: 'error',
    scope: 'file',
    source: 'guide `preparing-training-data`: all files of one import share one header',
    fix: 'Give every file of the import the same header.',
  },
  'byte-order-mark': {
    severity: 'error',
    scope: 'header',
    source: `${SAMPLES} issue 17: the first column was reported missing until the file was rewritten`,
    fix: 'Save the file as UTF-8 without a byte-order mark.',
  },
  encoding: {
    severity: 'error',
    scope: 'record',
    source: 'guide `preparing-training-data`: non-ASCII text must be UTF-8',
    fix: 'Save the file as UTF-8.',
  },
  'cr-line-ends': {
    severity: 'warning',
    scope: 'file',
    source: 'unknown (the file was checked with CR read as a line end)',
    fix: 'Save the file with LF or CRLF line ends.',
  },
  quoting: {
    severity: 'error',
    scope: 'record',
    source: 'guide `error-messages`: make sure each record is on a single line and quoted values are escaped',
    fix: 'Close every quote on its line; inside quotes write a quote as \\" or "".',
  },
  'backslash-quote': {
    severity: 'warning',
    scope: 'record',
    source:
      'unknown: the guide escapes a quote inside quotes as \\", so a value ending in a backslash may read on past its closing quote; no import of such a file is on record',
    fix: 'Write a backslash at the end of a value as \\\\ (or drop it): Python\'s csv module writes `a\\` as "a\\", which pandas reads back, but a backslash-escaping reader may not.',
  },
  'line-break-in-value': {
    severity: 'error',
    scope: 'record',
    source: 'guide `items-datasets` ("remove newlines") and `error-messages` (each record on a single line)',
    fix: 'Replace the line breaks inside values with spaces.',
  },
  'line-too-long': {
    severity: 'error',
    scope: 'record',
    source: 'guide `limits`: no value is longer than 20,000 characters, so no record is 16 MiB',
    fix: 'Check that the file is CSV with LF or CRLF line ends.',
  },
  'cell-count': {
    severity: 'error',
    scope: 'record',
    source: "guide `error-messages`: records that cannot be split into the header's fields fail the import",
    fix: 'Quote values that hold commas, and give every record as many cells as the header.',
  },
  'blank-line': {
    severity: 'warning',
    scope: 'record',
    source: 'unknown',
    fix: 'Remove the blank lines.',
  },
  'empty-value': {
    severity: 'error',
    scope: 'value',
    source: 'guide `custom-datasets-and-schemas`: the service builds the dataset from its reserved fields',
    fix: 'Give every record a value in this field.',
  },
  type: {
    severity: 'error',
    scope: 'value',
    source: 'guide `custom-datasets-and-schemas`: reserved fields have fixed types',
    fix: 'Write every value of this field as {type}.',
  },
  'metadata-empty': {
    severity: 'warning',
    scope: 'value',
    source: `observed: a non-null int metadata field with blanks imported ACTIVE (${POC} item-meta.csv)`,
    fix: 'Make the field nullable in the schema (["null", "{type}"]), or fill the blanks.',
  },
  'metadata-type': {
    severity: 'warning',
    scope: 'value',
    source: `observed: "2006–2007" in an int metadata field imported ACTIVE (${POC} item-meta.csv)`,
    fix: 'Clean the values (write them as {type}), or make the field nullable (["null", "{type}"]) and leave them blank.',
  },
  'timestamp-unit': {
    severity: 'error',
    scope: 'value',
    source: 'guide `interactions-datasets`: Unix epoch seconds; milliseconds put every event centuries ahead',
    fix: 'Divide by 1000 (milliseconds) or 1,000,000 (microseconds).',
  },
  'id-length': {
    severity: 'error',
    scope: 'value',
    source: 'guide `error-messages`: "Length cannot be more than 256 characters"',
    fix: 'Shorten the IDs to 256 characters (or check the quoting of the fields before them).',
  },
  'categorical-length': {
    severity: 'error',
    scope: 'value',
    source: 'guide `limits`: longer categorical values make "your dataset import job fail"',
    fix: 'Shorten the values to 1,000 characters, | separators included.',
  },
  'string-length': {
    severity: 'warning',
    scope: 'value',
    source: 'guide `limits` gives 1,000 characters; what happens past it is not stated',
    fix: 'Shorten the values to 1,000 characters.',
  },
  'textual-length': {
    severity: 'warning',
    scope: 'value',
    source: 'guide `items-datasets`: longer textual values are truncated',
    fix: 'Shorten the values to 20,000 characters to keep their ends.',
  },
  'training-minimum': {
    severity: 'warning',
    scope: 'file',
    source:
      'guide `error-messages`: "Dataset has fewer than 25 users with at least 2 interactions each" comes when training, not at import; earlier imports count',
    fix: 'Import more interactions before training a solution (earlier and incremental imports add to the dataset).',
  },
  'too-few-records': {
    severity: 'error',
    scope: 'file',
    source: 'guide `limits`: an import of interactions needs at least 1,000 records',
    fix: 'Import at least 1,000 interaction records at once.',
  },
  'empty-file': {
    severity: 'error',
    scope: 'file',
    source: 'guide `error-messages`: "Input csv is missing the following columns"',
    fix: 'Write the header line and the data.',
  },
  'no-data': {
    severity: 'error',
    scope: 'file',
    source: 'guide `error-messages`: "Invalid Data location"; nothing to import',
    fix: 'Upload the data, or correct the location (a folder ends with /).',
  },
  subfolders: {
    severity: 'warning',
    scope: 'file',
    source: 'guide `import-data`: only the files at the first level of a folder are imported',
    fix: 'Move the files to the first level, or point data-location at the subfolder.',
  },
  'not-csv': {
    severity: 'warning',
    scope: 'file',
    source: 'guide `preparing-training-data`: Personalize imports CSV files',
    fix: 'Name CSV files .csv, and keep other files out of the folder.',
  },
  'import-size': {
    severity: 'warning',
    scope: 'file',
    source: 'guide `limits`: FULL imports up to 100 GB, INCREMENTAL up to 1 GB',
    fix: 'Split the data over several imports, or ask for a quota increase.',
  },
  'unknown-items': {
    severity: 'warning',
    scope: 'file',
    source:
      'guide `data-insights`: the console flags interactions with items missing from the Items dataset; they import',
    fix: 'Add the items to the Items data, or drop the interactions: recommenders cannot use metadata they lack.',
  },
  'unknown-users': {
    severity: 'warning',
    scope: 'file',
    source: 'guide `data-insights`: interactions of users missing from the Users dataset import',
    fix: 'Add the users to the Users data, or leave it: their interactions still train.',
  },
  'unknown-actions': {
    severity: 'warning',
    scope: 'file',
    source: 'guide `action-interactions-datasets`: action interactions name the actions of the Actions dataset',
    fix: 'Add the actions to the Actions data, or drop the action interactions that name them.',
  },
  'items-without-interactions': {
    severity: 'warning',
    scope: 'file',
    source: 'guide `data-insights`: "X% of items in the Items dataset have no interactions"',
    fix: 'Check that the interactions export covers the catalogue; new items are recommended only by exploration.',
  },
  'bucket-policy': {
    severity: 'warning',
    scope: 'file',
    source: 'guide `granting-personalize-s3-access` (the policy may allow it in a way this check cannot read)',
    fix: 'Add the statement given to the bucket policy.',
  },
  'outside-workspace': {
    severity: 'error',
    scope: 'file',
    source: 'this action: local-data is read only inside the workspace',
    fix: 'Name files inside the workspace.',
  },
  'files-not-checked': {
    severity: 'warning',
    strict: 'error',
    scope: 'file',
    source: 'this action checks at most 1,000 local-data files; the rest are unchecked (an error in check-only)',
    fix: 'Name fewer files in local-data (a narrower glob), or check them in several steps.',
  },
  dataset: {
    severity: 'error',
    scope: 'file',
    source: 'the dataset as DescribeDataset and ListDatasetImportJobs show it',
    fix: 'See the message.',
  },
} as const satisfies Record<string, Rule>

export type RuleId = keyof typeof RULES
