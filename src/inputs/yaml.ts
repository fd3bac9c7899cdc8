import { CORE_SCHEMA, load } from 'js-yaml'
import { CliInputError } from './cli-input.js'

// The YAML reader for cli-input-yaml, in its own module so the bundle loads js-yaml only when it is needed.

export function parseYaml(text: string): unknown {
  try {
    // CORE_SCHEMA: plain data only, no merge keys, no custom types.
    return load(text, { schema: CORE_SCHEMA, json: false })
  } catch (error) {
    const mark = (error as { mark?: { line?: number; column?: number } }).mark
    const where = mark?.line === undefined ? '' : ` (at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1})`
    const reason = (error as { reason?: unknown }).reason
    throw new CliInputError(`is not valid YAML${where}${typeof reason === 'string' ? `: ${reason}` : ''}`)
  }
}
