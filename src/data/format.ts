// What a file is when it is not CSV text at all: a compressed file, a columnar format, or UTF-16 text. Read as CSV,
// any of them makes a finding of every line; told apart by their first bytes, they make one finding that names
// the format and the fix.

/** A format Personalize cannot read as CSV, by name, with what to do; undefined when the bytes may be CSV. */
export interface FileFormat {
  name: string
  fix: string
}

const DECOMPRESS = 'decompress it before the upload (Personalize reads plain CSV)'
const EXPORT = 'export it as CSV'
const SAVE_UTF8 = 'save it as UTF-8'

/** Formats known by their magic bytes (none of which a CSV header of names can begin with). */
const MAGIC: Array<{ bytes: number[]; format: FileFormat }> = [
  { bytes: [0x1f, 0x8b], format: { name: 'gzip-compressed', fix: DECOMPRESS } },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], format: { name: 'xz-compressed', fix: DECOMPRESS } },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], format: { name: 'zstd-compressed', fix: DECOMPRESS } },
  { bytes: [0x50, 0x4b, 0x03, 0x04], format: { name: 'a zip archive (or an Excel workbook)', fix: EXPORT } },
  { bytes: [0x50, 0x41, 0x52, 0x31], format: { name: 'Parquet', fix: EXPORT } },
  { bytes: [0x4f, 0x62, 0x6a, 0x01], format: { name: 'Avro', fix: EXPORT } },
  { bytes: [0xff, 0xfe, 0x00, 0x00], format: { name: 'UTF-32 text', fix: SAVE_UTF8 } },
  { bytes: [0xff, 0xfe], format: { name: 'UTF-16 text (little-endian, with a byte-order mark)', fix: SAVE_UTF8 } },
  { bytes: [0xfe, 0xff], format: { name: 'UTF-16 text (big-endian, with a byte-order mark)', fix: SAVE_UTF8 } },
]

/** The first bytes of a file: a known format that is not CSV text, or undefined. */
export function binaryFormat(bytes: Uint8Array): FileFormat | undefined {
  const magic = MAGIC.find(entry => entry.bytes.every((byte, i) => bytes[i] === byte))
  if (magic) return magic.format
  const order = utf16WithoutMark(bytes)
  if (order) return { name: `UTF-16 text (${order}, without a byte-order mark)`, fix: SAVE_UTF8 }
  // Text never holds a NUL byte: a file that begins with one is binary data of some other kind.
  if (bytes.subarray(0, 64).includes(0)) return { name: 'binary data (NUL bytes)', fix: 'upload the CSV file itself' }
  return undefined
}

/**
 * UTF-16 of mostly ASCII text, by its zero bytes: in the first 64 bytes nearly every other byte is 0 (odd ones for
 * little-endian, even ones for big-endian) while the rest are not. A file of zeros is neither.
 */
function utf16WithoutMark(bytes: Uint8Array): 'little-endian' | 'big-endian' | undefined {
  const length = Math.min(bytes.length, 64) & ~1
  if (length < 8) return undefined
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros += 1
    if (bytes[i + 1] === 0) oddZeros += 1
  }
  const pairs = length / 2
  if (oddZeros >= pairs * 0.75 && evenZeros <= pairs * 0.25) return 'little-endian'
  if (evenZeros >= pairs * 0.75 && oddZeros <= pairs * 0.25) return 'big-endian'
  return undefined
}
