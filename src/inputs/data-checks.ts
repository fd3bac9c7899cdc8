import type { AthenaSettings, DataCheckMode, PreflightLevel } from '../config.js'
import { quote } from '../text.js'
import { INPUTS } from './names.js'
import { type InputEnvironment, InputError, readChoice, readLine, readNumber } from './source.js'

// data-checks and the Athena inputs: how much of the s3:// data the checks read, and where Athena runs.

const DEFAULT_DATABASE = 'personalize_import_checks'
const DEFAULT_MAX_SCAN_GB = 1000
/** Athena workgroup names: letters, digits, . _ and -, up to 128 characters. */
const WORKGROUP = /^[A-Za-z0-9._-]{1,128}$/
/** Glue database names as Athena takes them: letters, digits and _, stored in lower case. */
const DATABASE = /^[A-Za-z0-9_]{1,255}$/

export function readDataCheckMode(source: InputEnvironment, preflight: PreflightLevel): DataCheckMode {
  const kind = readChoice(source, INPUTS.dataChecks, ['sample', 'full', 'athena'] as const) ?? 'sample'
  if (kind !== 'sample' && preflight !== 'all') {
    throw new InputError(
      INPUTS.dataChecks,
      `is ${kind}, which reads the data at data-location, but preflight is not true (the data checks are off): ` +
        'set preflight: true, or drop data-checks',
    )
  }
  if (kind !== 'athena') return { kind }
  return { kind, athena: readAthenaSettings(source) }
}

function readAthenaSettings(source: InputEnvironment): AthenaSettings {
  const workgroup = readLine(source, INPUTS.athenaWorkgroup) || 'primary'
  if (!WORKGROUP.test(workgroup)) {
    throw new InputError(
      INPUTS.athenaWorkgroup,
      `must be an Athena workgroup name (letters, digits, . _ and -, up to 128) (got ${quote(workgroup)})`,
    )
  }
  const database = readLine(source, INPUTS.athenaDatabase) || DEFAULT_DATABASE
  if (!DATABASE.test(database)) {
    throw new InputError(
      INPUTS.athenaDatabase,
      `must be a Glue database name (letters, digits and _, up to 255) (got ${quote(database)})`,
    )
  }
  const outputLocation = readLine(source, INPUTS.athenaOutputLocation)
  if (outputLocation !== '' && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(outputLocation)) {
    throw new InputError(
      INPUTS.athenaOutputLocation,
      `must be an s3:// location for the query results, such as s3://bucket/athena-results/ (got ${quote(outputLocation)})`,
    )
  }
  const maxScanGb = readNumber(source, INPUTS.maxScanGb, DEFAULT_MAX_SCAN_GB, {
    min: 0,
    minInclusive: false,
    max: 1_000_000,
  })
  return {
    workgroup,
    database: database.toLowerCase(),
    maxScanBytes: maxScanGb * 1e9,
    ...(outputLocation === '' ? {} : { outputLocation: withSlash(outputLocation) }),
  }
}

/** Athena writes results under a prefix: `s3://bucket/results` means the folder results/. */
function withSlash(location: string): string {
  return location.endsWith('/') ? location : `${location}/`
}
