// The reader of Personalize's CSV dialect: cells, quotes and backslash escapes, line ends, chunk boundaries,
// encoding; and, fuzzed, the same cells as csv-parse configured for the same dialect.
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { type CsvRecord, CsvScanner, MAX_LINE_BYTES } from '../../src/data/csv.js'

interface Read {
  line: number
  cells: string[]
  problem?: string
  invalidUtf8?: boolean
  bom?: boolean
}

/** Reads `data` split into chunks at `cuts` (byte offsets). */
function read(data: string | Uint8Array, cuts: number[] = [], end = true): Read[] {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  const out: Read[] = []
  const scanner = new CsvScanner((record: CsvRecord) => {
    const cells = Array.from({ length: record.count }, (_, i) => record.text(i))
    out.push({
      line: record.line,
      cells,
      ...(record.problem ? { problem: record.problem } : {}),
      ...(record.invalidUtf8 ? { invalidUtf8: true } : {}),
      ...(record.bom ? { bom: true } : {}),
    })
  })
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.subarray(from, cut))
    from = cut
  }
  if (end) scanner.end()
  return out
}

describe('cells', () => {
  test('plain, quoted with commas, escaped quotes and backslashes, empty cells', () => {
    expect(read('a,b,c\n"x, y","say \\"hi\\"","back\\\\slash"\n,,\n')).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x, y', 'say "hi"', 'back\\slash'] },
      { line: 3, cells: ['', '', ''] },
    ])
  })

  test('CRLF line ends, a trailing comma, a last line without a break, blank lines', () => {
    expect(read('a,b\r\n1,\r\n\r\n2,3')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', ''] },
      { line: 3, cells: [] },
      { line: 4, cells: ['2', '3'] },
    ])
  })

  test('a last line cut off (a ranged read) is not read unless the data is complete', () => {
    expect(read('a,b\n1,2\n3,', [], false).map(r => r.line)).toEqual([1, 2])
  })

  test('a byte-order mark is noted on line 1 and kept out of the first name', () => {
    expect(read('\uFEFFUSER_ID,ITEM_ID\n')).toEqual([{ line: 1, cells: ['USER_ID', 'ITEM_ID'], bom: true }])
  })
})

describe('quoting problems', () => {
  test('a quote not closed on its line: a record split over lines', () => {
    expect(read('a,"open\nrest",b\n')[0]).toMatchObject({ problem: 'unclosed-quote' })
  })

  test('a doubled quote (RFC 4180) and text after a closing quote', () => {
    expect(read('"say ""hi""",x\n')[0]).toMatchObject({ problem: 'text-after-quote' })
    expect(read('"a"b,c\n')[0]).toMatchObject({ problem: 'text-after-quote' })
  })

  test('a line longer than 16 MiB is reported once and skipped, and reading goes on', () => {
    const data = new Uint8Array(2 + MAX_LINE_BYTES + 10 + 3).fill(0x61)
    data.set([0x68, 0x0a], 0)
    data.set([0x0a, 0x7a, 0x0a], 2 + MAX_LINE_BYTES + 10)
    const records = read(data, [2, 2 + MAX_LINE_BYTES + 5])
    expect(records.map(r => r.problem ?? r.cells.join())).toEqual(['h', 'line-too-long', 'z'])
  })
})

describe('encoding', () => {
  test('invalid UTF-8 is flagged on its line only; a character split between chunks is not', () => {
    const good = new TextEncoder().encode('é,ü\n')
    const bad = new Uint8Array([0x61, 0xff, 0x62, 0x0a])
    const data = new Uint8Array([...good, ...bad, ...good])
    for (const cut of [1, 2, 3]) {
      expect(read(data, [cut]).map(r => r.invalidUtf8 ?? false)).toEqual([false, true, false])
    }
  })
})

describe('chunks', () => {
  test('the records are the same wherever the data is split', () => {
    const text = 'USER_ID,ITEM_ID\n"a,\\"b",c\r\n\nd,"e"\nf,g'
    const whole = read(text)
    const bytes = new TextEncoder().encode(text)
    for (let cut = 0; cut <= bytes.length; cut++) expect(read(bytes, [cut])).toEqual(whole)
  })
})

describe('fuzzed against csv-parse (quote ", escape \\)', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\\', 'é', '😀', '|', ';') })
  const record = fc.array(cell, { minLength: 1, maxLength: 6 })

  /** How a writer for Personalize quotes a value: when it holds a comma, a quote or a backslash. */
  const encode = (value: string): string =>
    /[,"\\]/.test(value) || value === '' ? `"${value.replace(/[\\"]/g, c => `\\${c}`)}"` : value

  test('every record of every file reads to the same cells', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 20 }), fc.nat(), (records, seed) => {
        const text = `${records.map(cells => cells.map(encode).join(',')).join('\n')}\n`
        const expected = parse(text, {
          quote: '"',
          escape: '\\',
          relax_column_count: true,
          skip_empty_lines: false,
        }) as string[][]
        const bytes = new TextEncoder().encode(text)
        const cut = seed % (bytes.length + 1)
        expect(read(bytes, [cut]).map(r => r.cells)).toEqual(expected)
      }),
      { numRuns: 500 },
    )
  })
})
