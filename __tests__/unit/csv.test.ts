// The reader of the CSV Personalize imports: cells, quotes with both escapes, records over several lines, line
// ends (CR alone too), chunk boundaries, encoding; and, fuzzed, the same records as csv-parse in each dialect.
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { type CsvRecord, CsvScanner, MAX_LINE_BYTES } from '../../src/data/csv.js'

interface Read {
  line: number
  lines?: number
  cells: string[]
  problem?: string
  invalidUtf8?: boolean
  bom?: boolean
  cr?: boolean
}

/** Reads `data` split into chunks at `cuts` (byte offsets). */
function read(data: string | Uint8Array, cuts: number[] = [], end = true): Read[] {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  const out: Read[] = []
  const scanner = new CsvScanner((record: CsvRecord) => {
    const cells = Array.from({ length: record.count }, (_, i) => record.text(i))
    out.push({
      line: record.line,
      ...(record.lines > 1 ? { lines: record.lines } : {}),
      cells,
      ...(record.problem ? { problem: record.problem } : {}),
      ...(record.invalidUtf8 ? { invalidUtf8: true } : {}),
      ...(record.bom ? { bom: true } : {}),
      ...(record.crLineEnds ? { cr: true } : {}),
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

describe('quotes', () => {
  test('inside quotes both escapes stand for a quote, mixed freely; "" alone is an empty value', () => {
    expect(read('"say ""hi""","a \\"b\\" ""c""",""\n')).toEqual([{ line: 1, cells: ['say "hi"', 'a "b" "c"', ''] }])
    expect(read('"""",x\n')).toEqual([{ line: 1, cells: ['"', 'x'] }])
  })

  test('text after a closing quote is a problem of its record', () => {
    expect(read('"a"b,c\n')[0]).toMatchObject({ problem: 'text-after-quote' })
  })

  test('a quoted value over line breaks is one record, noted once, and the lines after it keep their numbers', () => {
    expect(read('a,b,c\n1,"two\nlines",3\n4,5,6\n')).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, lines: 2, cells: ['1', 'two\nlines', '3'], problem: 'line-break-in-value' },
      { line: 4, cells: ['4', '5', '6'] },
    ])
  })

  test('a quote that never closes is a problem of its line only; reading resyncs at the next line', () => {
    expect(read('a,b\n"open,1\n2,3\n4,5\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['open,1'], problem: 'unclosed-quote' },
      { line: 3, cells: ['2', '3'] },
      { line: 4, cells: ['4', '5'] },
    ])
  })

  test('a quote that closes lines later, in a record of another shape, does not swallow those lines', () => {
    const records = read('a,b\n"x,1\n2,3\n4",5,6\n7,8\n')
    expect(records.map(r => [r.line, r.problem ?? ''])).toEqual([
      [1, ''],
      [2, 'unclosed-quote'],
      [3, ''],
      [4, ''], // 3 cells where the header has 2: the rules report that
      [5, ''],
    ])
  })

  test('a line longer than 16 MiB is reported once and skipped, and reading goes on', () => {
    const data = new Uint8Array(2 + MAX_LINE_BYTES + 10 + 3).fill(0x61)
    data.set([0x68, 0x0a], 0)
    data.set([0x0a, 0x7a, 0x0a], 2 + MAX_LINE_BYTES + 10)
    const records = read(data, [2, 2 + MAX_LINE_BYTES + 5])
    expect(records.map(r => r.problem ?? r.cells.join())).toEqual(['h', 'line-too-long', 'z'])
  })
})

describe('line ends', () => {
  test('lines that end with CR alone are read as lines, and noted once on the first record', () => {
    expect(read('a,b\r1,2\r3,4\r')).toEqual([
      { line: 1, cells: ['a', 'b'], cr: true },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
    ])
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
    const text = 'USER_ID,ITEM_ID\n"a,\\"b",c\r\n\nd,"e ""f""\ng"\n"open,h\ni,j\nf,g'
    const whole = read(text)
    const bytes = new TextEncoder().encode(text)
    for (let cut = 0; cut <= bytes.length; cut++) expect(read(bytes, [cut])).toEqual(whole)
  })
})

describe('fuzzed against csv-parse', () => {
  const unit = fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\\', 'é', '😀', '|', ';', '\n')
  const record = (cell: fc.Arbitrary<string>) => fc.array(cell, { minLength: 1, maxLength: 6 })

  /** The developer guide's writer: quotes a value with a comma, quote, backslash or line break; escapes \ and ". */
  const backslashed = (value: string): string =>
    /[,"\\\n]/.test(value) || value === '' ? `"${value.replace(/[\\"]/g, c => `\\${c}`)}"` : value
  /** RFC 4180's writer (pandas, Python's csv): the same quoting, a quote doubled. Its values hold no backslash. */
  const doubled = (value: string): string =>
    /[,"\n]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value

  test.each([
    ['backslash escapes', backslashed, '\\', fc.string({ unit })],
    ['doubled quotes (RFC 4180)', doubled, '"', fc.string({ unit: unit.filter(c => c !== '\\') })],
  ])(
    '%s: every record of every file reads to the same cells, wherever it is cut',
    (_, encode, escapeCharacter, cell) => {
      fc.assert(
        fc.property(fc.array(record(cell), { minLength: 1, maxLength: 20 }), fc.nat(), (records, seed) => {
          // Every record has the header's cell count: a value over line breaks is then read as one record.
          const width = records[0]?.length ?? 1
          const rows = records.map(cells => Array.from({ length: width }, (_, i) => cells[i] ?? 'x'))
          const text = `${rows.map(cells => cells.map(encode).join(',')).join('\n')}\n`
          const expected = parse(text, {
            quote: '"',
            escape: escapeCharacter,
            relax_column_count: true,
            skip_empty_lines: false,
          })
          const bytes = new TextEncoder().encode(text)
          const cut = seed % (bytes.length + 1)
          expect(read(bytes, [cut]).map(r => r.cells)).toEqual(expected)
        }),
        { numRuns: 400 },
      )
    },
  )
})
