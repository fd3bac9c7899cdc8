import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { tagsProblem } from '../../src/aws/model.js'
import { CliInputError, parseCliInput } from '../../src/inputs/cli-input.js'
import { parseTags, TagSyntaxError } from '../../src/inputs/tags.js'
import { parseYaml } from '../../src/inputs/yaml.js'

const expected = [
  { tagKey: 'team', tagValue: 'reco' },
  { tagKey: 'env', tagValue: 'prod' },
]

describe('parseTags accepts every syntax', () => {
  test.each([
    ['the CLI JSON list', '[{"tagKey":"team","tagValue":"reco"},{"tagKey":"env","tagValue":"prod"}]'],
    ['the CLI shorthand, space separated', 'tagKey=team,tagValue=reco tagKey=env,tagValue=prod'],
    ['the CLI shorthand, one a line', 'tagKey=team,tagValue=reco\ntagKey=env,tagValue=prod\n'],
    ['the shorthand with members reversed', 'tagValue=reco,tagKey=team tagValue=prod,tagKey=env'],
    ['a JSON object', '{"team":"reco","env":"prod"}'],
    ['key=value lines (a YAML block scalar)', 'team=reco\n  env = prod\n\n# a comment\n'],
  ])('%s', (_, text) => {
    expect(parseTags(text)).toEqual(expected)
  })

  test('quoted shorthand values hold commas and spaces; empty values are allowed', () => {
    expect(parseTags('tagKey=owner,tagValue="a, b" tagKey=empty,tagValue=')).toEqual([
      { tagKey: 'owner', tagValue: 'a, b' },
      { tagKey: 'empty', tagValue: '' },
    ])
    expect(parseTags("tagKey='x y',tagValue='1=2'")).toEqual([{ tagKey: 'x y', tagValue: '1=2' }])
    expect(parseTags('{"k":""}')).toEqual([{ tagKey: 'k', tagValue: '' }])
    expect(parseTags('k=')).toEqual([{ tagKey: 'k', tagValue: '' }])
  })

  test('values may contain = in key=value lines', () => {
    expect(parseTags('query=a=b')).toEqual([{ tagKey: 'query', tagValue: 'a=b' }])
  })

  test('a __proto__ key is an ordinary key, never a prototype', () => {
    expect(parseTags('{"__proto__":"x"}')).toEqual([{ tagKey: '__proto__', tagValue: 'x' }])
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  test('an empty input means no tags', () => {
    expect(parseTags('  \n ')).toEqual([])
  })
})

describe('tag errors never quote a key or value', () => {
  const secret = 'Zq9-secret-value'
  test.each([
    `[{"tagKey":"a","tagValue":"${secret}"`,
    `[{"tagKey":"a","tagValue":"${secret}","extra":1}]`,
    `[{"tagKey":"a","tagValue":5}]`,
    `{"a":["${secret}"]}`,
    `tagKey=a,tagValue="${secret}`,
    `tagKey=a,tagValue=${secret},tagValue=x`,
    `tagKey=a,color=${secret}`,
    `a=1\n${secret}`,
    '"just a string"',
  ])('%s', text => {
    try {
      parseTags(text)
      throw new Error('expected a TagSyntaxError')
    } catch (error) {
      expect(error).toBeInstanceOf(TagSyntaxError)
      expect((error as Error).message).not.toContain(secret)
    }
  })

  test('rule violations name the tag by position only', () => {
    const secret = 'Zq9-secret'
    expect(tagsProblem([{ tagKey: 'a', tagValue: `${secret}!` }])).toBe(
      'tag 1: value must match ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$',
    )
    expect(tagsProblem([{ tagKey: 'AWS:x', tagValue: secret }])).toContain('tag 1: key must not start with "aws:"')
    expect(tagsProblem([{ tagKey: '', tagValue: secret }])).toBe('tag 1: key must be 1-128 characters (got 0)')
  })
})

describe('properties', () => {
  const tag = fc.record({
    tagKey: fc.stringMatching(/^[a-zA-Z0-9_.:/=+@-]{1,20}$/).filter(k => !k.toLowerCase().startsWith('aws:')),
    tagValue: fc.stringMatching(/^[a-zA-Z0-9_.:/=+@ -]{0,20}$/),
  })
  const uniqueTags = fc.uniqueArray(tag, { selector: t => t.tagKey, maxLength: 10 })

  test('tags round-trip through the JSON list, the JSON object and the quoted shorthand', () => {
    fc.assert(
      fc.property(uniqueTags, tags => {
        expect(parseTags(JSON.stringify(tags))).toEqual(tags)
        if (tags.length > 0) {
          // A JSON object keeps JavaScript's key order (integer-like keys first), so compare as sets.
          const byKey = (list: typeof tags) => [...list].sort((a, b) => a.tagKey.localeCompare(b.tagKey))
          expect(byKey(parseTags(JSON.stringify(Object.fromEntries(tags.map(t => [t.tagKey, t.tagValue])))))).toEqual(
            byKey(tags),
          )
          const keyFree = tags.filter(t => !/["' ,]/.test(t.tagKey))
          if (keyFree.length > 0)
            expect(parseTags(keyFree.map(t => `tagKey=${t.tagKey},tagValue="${t.tagValue}"`).join(' '))).toEqual(
              keyFree,
            )
        }
        expect(tagsProblem(tags)).toBeUndefined()
      }),
    )
  })

  test('any text parses to tags or fails with a TagSyntaxError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json()), text => {
        try {
          parseTags(text)
        } catch (error) {
          expect(error).toBeInstanceOf(TagSyntaxError)
        }
      }),
      { numRuns: 3000 },
    )
  })

  test('any document parses to fields or fails with a CliInputError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.json(),
          fc.jsonValue().map(v => JSON.stringify(v)),
        ),
        fc.constantFrom('json' as const, 'yaml' as const),
        (text, format) => {
          try {
            parseCliInput(text, format, parseYaml)
          } catch (error) {
            expect(error).toBeInstanceOf(CliInputError)
          }
        },
      ),
      { numRuns: 3000 },
    )
  })
})
