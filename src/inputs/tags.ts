import type { Tag } from '../aws/model.js'

// Tag syntaxes: the CLI's JSON list and shorthand, plus a JSON object and `key=value` lines, which read
// naturally in a workflow. Messages never quote a key or value (the model marks both sensitive).

export class TagSyntaxError extends Error {}

export function parseTags(text: string): Tag[] {
  const trimmed = text.trim()
  if (trimmed === '') return []
  if (trimmed.startsWith('[')) return fromJsonList(parseJson(trimmed))
  if (trimmed.startsWith('{')) return fromJsonObject(parseJson(trimmed))
  if (/^(tagKey|tagValue)=/.test(trimmed)) return fromShorthand(trimmed)
  return fromKeyValueLines(trimmed)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // The parser's own message can quote the input, which may hold tag values.
    throw new TagSyntaxError('is not valid JSON')
  }
}

function fromJsonList(parsed: unknown): Tag[] {
  if (!Array.isArray(parsed))
    throw new TagSyntaxError('must be a JSON list of {"tagKey": ..., "tagValue": ...} objects')
  return parsed.map((entry: unknown, index) => tagFromMembers(entry, index + 1))
}

/** A tag object in the CLI's JSON form: exactly the members tagKey and tagValue, both strings. */
export function tagFromMembers(entry: unknown, position: number): Tag {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new TagSyntaxError(`tag ${position}: must be an object with "tagKey" and "tagValue"`)
  }
  const members = Object.keys(entry)
  const unknown = members.find(member => member !== 'tagKey' && member !== 'tagValue')
  if (unknown !== undefined)
    throw new TagSyntaxError(`tag ${position}: unknown member (only "tagKey" and "tagValue" are allowed)`)
  const { tagKey, tagValue } = entry as Record<string, unknown>
  if (typeof tagKey !== 'string') throw new TagSyntaxError(`tag ${position}: "tagKey" must be a string`)
  if (typeof tagValue !== 'string') throw new TagSyntaxError(`tag ${position}: "tagValue" must be a string`)
  return { tagKey, tagValue }
}

function fromJsonObject(parsed: unknown): Tag[] {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TagSyntaxError('must be a JSON object of "key": "value" pairs')
  }
  // Object.entries reads own members only, so a "__proto__" key is just a key, never a prototype.
  return Object.entries(parsed).map(([tagKey, tagValue], index) => {
    if (typeof tagValue !== 'string') throw new TagSyntaxError(`tag ${index + 1}: value must be a string`)
    return { tagKey, tagValue }
  })
}

function fromKeyValueLines(text: string): Tag[] {
  const tags: Tag[] = []
  for (const line of text.split(/\r?\n/)) {
    const entry = line.trim()
    if (entry === '' || entry.startsWith('#')) continue
    const position = tags.length + 1
    const equals = entry.indexOf('=')
    if (equals < 0) throw new TagSyntaxError(`tag ${position}: must be key=value (one tag a line)`)
    tags.push({ tagKey: entry.slice(0, equals).trim(), tagValue: entry.slice(equals + 1).trim() })
  }
  return tags
}

/**
 * The CLI shorthand `tagKey=k,tagValue=v tagKey=k2,tagValue=v2`: entries split on unquoted whitespace,
 * members on unquoted commas; a value may be wrapped in double or single quotes to hold commas or spaces.
 */
function fromShorthand(text: string): Tag[] {
  return splitUnquoted(text, /\s/).map((entry, index) => {
    const position = index + 1
    const members = new Map<string, string>()
    for (const member of splitUnquoted(entry, /,/)) {
      const equals = member.indexOf('=')
      if (equals < 0) throw new TagSyntaxError(`tag ${position}: expected member=value in tagKey=...,tagValue=...`)
      const name = member.slice(0, equals)
      if (name !== 'tagKey' && name !== 'tagValue')
        throw new TagSyntaxError(`tag ${position}: unknown member (only tagKey and tagValue are allowed)`)
      if (members.has(name)) throw new TagSyntaxError(`tag ${position}: ${name} is given twice`)
      members.set(name, unquote(member.slice(equals + 1), position))
    }
    const tagKey = members.get('tagKey')
    const tagValue = members.get('tagValue')
    if (tagKey === undefined) throw new TagSyntaxError(`tag ${position}: missing tagKey`)
    if (tagValue === undefined)
      throw new TagSyntaxError(`tag ${position}: missing tagValue (write tagValue= for an empty value)`)
    return { tagKey, tagValue }
  })
}

function splitUnquoted(text: string, separator: RegExp): string[] {
  const parts: string[] = []
  let current = ''
  let quote: string | undefined
  for (const char of text) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined
      current += char
    } else if (char === '"' || char === "'") {
      quote = char
      current += char
    } else if (separator.test(char)) {
      if (current !== '') parts.push(current)
      current = ''
    } else {
      current += char
    }
  }
  if (quote !== undefined) throw new TagSyntaxError('has an unclosed quote')
  if (current !== '') parts.push(current)
  return parts
}

function unquote(value: string, position: number): string {
  const first = value[0]
  if ((first === '"' || first === "'") && value.length >= 2 && value.endsWith(first)) return value.slice(1, -1)
  if (value.includes('"') || value.includes("'"))
    throw new TagSyntaxError(`tag ${position}: quotes must wrap the whole value`)
  return value
}
