import { quote } from '../text.js'
import type { InputName } from './names.js'

// Reading raw input text from the runner: one-line inputs may not carry control characters (no forged
// workflow commands), documents are capped in size.

export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message)
  }
}

export interface InputEnvironment {
  /** Reads one input as the runner passes it (an empty string when not set). */
  getInput(name: string): string
  env: Readonly<Record<string, string | undefined>>
  /** Reads a file given as `file://path`, resolved inside the workspace. */
  readWorkspaceFile(path: string): string
}

export const MAX_DOCUMENT_BYTES = 128 * 1024 // 200 tags of maximal size fit in about 80 KiB

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/

/** A one-line input, trimmed; empty when not set. */
export function readLine(source: InputEnvironment, name: InputName): string {
  const value = source.getInput(name).trim()
  if (CONTROL_CHARACTERS.test(value)) throw new InputError(name, 'must be one line without control characters')
  return value
}

/** An input that may span lines (a document, a list), trimmed and capped; empty when not set. */
export function readDocument(source: InputEnvironment, name: InputName): string {
  const value = source.getInput(name).trim()
  if (value.length > MAX_DOCUMENT_BYTES) {
    throw new InputError(
      name,
      `must be at most ${MAX_DOCUMENT_BYTES / 1024} KiB (got ${Math.round(value.length / 1024)} KiB)`,
    )
  }
  return value
}

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts; undefined when not given. */
export function readBoolean(source: InputEnvironment, name: InputName): boolean | undefined {
  return parseBoolean(readLine(source, name), name)
}

/** A boolean input's text (`input` names it in the error: an input, or a member of a document). */
export function parseBoolean(text: string, input: string): boolean | undefined {
  if (text === '') return undefined
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(input, `must be true or false (got ${quote(text)})`)
}

export interface NumberRange {
  min: number
  minInclusive: boolean
  max: number
}

/** A decimal number in range; `fallback` when not given. */
export function readNumber(source: InputEnvironment, name: InputName, fallback: number, range: NumberRange): number {
  return parseNumber(readLine(source, name), name, fallback, range)
}

/** A number input's text (`input` names it in the error). */
export function parseNumber(text: string, name: string, fallback: number, range: NumberRange): number {
  if (text === '') return fallback
  const lowest = range.minInclusive ? `at least ${range.min}` : `greater than ${range.min}`
  const rule = `must be a number ${lowest} and at most ${range.max}`
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) throw new InputError(name, `${rule} (got ${quote(text)})`)
  const value = Number(text)
  const tooLow = range.minInclusive ? value < range.min : value <= range.min
  if (tooLow || value > range.max) throw new InputError(name, `${rule} (got ${quote(text)})`)
  return value
}

/** One of `allowed`, exactly; undefined when not given. */
export function readChoice<T extends string>(
  source: InputEnvironment,
  name: InputName,
  allowed: readonly T[],
): T | undefined {
  const text = readLine(source, name)
  if (text === '') return undefined
  const match = allowed.find(value => value === text)
  if (match === undefined) throw new InputError(name, `must be one of ${allowed.join(', ')} (got ${quote(text)})`)
  return match
}

/** An http:// or https:// URL; undefined when not given. */
export function readUrl(source: InputEnvironment, name: InputName): string | undefined {
  const text = readLine(source, name)
  if (text === '') return undefined
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new InputError(name, `must be an http:// or https:// URL (got ${quote(text)})`)
  }
  return text
}
