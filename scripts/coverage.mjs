// The coverage of src/ by the whole suite: the unit tests' (vitest's V8 coverage, istanbul JSON) joined with the
// end-to-end tests', which run dist/ in child processes that write raw V8 coverage (ACTION_V8_COVERAGE). dist/ has no
// source maps, so this builds them: ncc again with source maps, into a cache folder, whose JavaScript must be dist/'s
// byte for byte. A line of src/ is covered when either layer ran it (for the bundle: when the innermost V8 range
// holding the generated line's first character ran). Prints the figure and exits 1 under the floor.
// `node scripts/coverage.mjs RAW_DIR [--floor 90]`
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const CACHE = join(ROOT, 'node_modules', '.cache', 'personalize-dataset-import-action')
const MAPPED = join(CACHE, 'mapped-dist')
const UNIT = join(CACHE, 'coverage', 'coverage-final.json')

const raw = process.argv[2]
const floorAt = process.argv.indexOf('--floor')
const floor = floorAt > 0 ? Number(process.argv[floorAt + 1]) : 90
if (!raw || !existsSync(raw)) throw new Error('usage: node scripts/coverage.mjs RAW_V8_COVERAGE_DIR [--floor N]')

buildMaps()
/** @type {Map<string, Set<number>>} src file -> lines the bundle ran */
const bundleLines = coveredByBundle(raw)
/** @type {Record<string, { statementMap: Record<string, { start: { line: number } }>, s: Record<string, number> }>} */
const unit = JSON.parse(readFileSync(UNIT, 'utf8'))

let total = 0
let covered = 0
const files = []
for (const [path, data] of Object.entries(unit)) {
  const file = relative(ROOT, path)
  const lines = new Map()
  for (const [id, statement] of Object.entries(data.statementMap)) {
    const line = statement.start.line
    lines.set(line, (lines.get(line) ?? false) || (data.s[id] ?? 0) > 0)
  }
  const ran = bundleLines.get(file) ?? new Set()
  const hit = [...lines].filter(([line, byUnit]) => byUnit || ran.has(line)).length
  total += lines.size
  covered += hit
  files.push({ file, lines: lines.size, hit })
}
const share = (100 * covered) / Math.max(1, total)
for (const f of files
  .filter(f => f.lines > 0)
  .sort((a, b) => a.hit / a.lines - b.hit / b.lines)
  .slice(0, 5)) {
  console.log(`  ${f.file}: ${((100 * f.hit) / Math.max(1, f.lines)).toFixed(1)}% (${f.hit}/${f.lines})`)
}
console.log(
  `Coverage of src/ (unit and end-to-end tests): lines ${share.toFixed(2)}% (${covered}/${total}); floor ${floor}%`,
)
writeFileSync(join(CACHE, 'coverage', 'combined.json'), JSON.stringify({ lines: share, covered, total, files }))
if (share < floor) process.exit(1)

/** ncc with source maps (src/tsconfig.json with sourceMap for the build only), checked against dist/. */
function buildMaps() {
  const tsconfig = join(ROOT, 'src', 'tsconfig.json')
  const original = readFileSync(tsconfig, 'utf8')
  const config = JSON.parse(original)
  writeFileSync(
    tsconfig,
    JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, sourceMap: true } }),
  )
  rmSync(MAPPED, { recursive: true, force: true })
  try {
    const args = [
      'build',
      'src/index.ts',
      '-o',
      MAPPED,
      '--target',
      'es2022',
      '--source-map',
      '--no-source-map-register',
    ]
    execFileSync(join(ROOT, 'node_modules', '.bin', 'ncc'), [...args, '--quiet'], { cwd: ROOT, stdio: 'inherit' })
    // The profile's worker thread is its own bundle (scripts/build.mjs): dist/profile-worker.js and its map.
    const worker = join(CACHE, 'mapped-worker')
    rmSync(worker, { recursive: true, force: true })
    args.splice(1, 3, 'src/data/profile-worker.ts', '-o', worker)
    execFileSync(join(ROOT, 'node_modules', '.bin', 'ncc'), [...args, '--quiet'], { cwd: ROOT, stdio: 'inherit' })
    renameSync(join(worker, 'index.js'), join(MAPPED, 'profile-worker.js'))
    renameSync(join(worker, 'index.js.map'), join(MAPPED, 'profile-worker.js.map'))
  } finally {
    writeFileSync(tsconfig, original)
  }
  for (const name of readdirSync(join(ROOT, 'dist')).filter(n => n.endsWith('.js'))) {
    const dist = readFileSync(join(ROOT, 'dist', name))
    const mapped = readFileSync(join(MAPPED, name))
    if (!mapped.subarray(0, dist.length).equals(dist)) throw new Error(`${name}: the mapped build is not dist/'s`)
  }
}

/** Every src/ line that a bundle run executed, over all raw V8 coverage files. */
function coveredByBundle(dir) {
  /** @type {Map<string, { begins: number[], firsts: number[], map: Array<[string, number] | undefined>, ran: Uint8Array }>} */
  const scripts = new Map()
  for (const name of readdirSync(dir).filter(n => n.endsWith('.json'))) {
    const { result } = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    for (const entry of result) {
      const script = /\/dist\/([^/]+\.js)$/.exec(entry.url)?.[1]
      if (!script || !existsSync(join(MAPPED, `${script}.map`))) continue
      if (!scripts.has(script)) scripts.set(script, loadScript(script))
      paint(/** @type {any} */ (scripts.get(script)), entry.functions)
    }
  }
  /** @type {Map<string, Set<number>>} */
  const lines = new Map()
  for (const { map, ran } of scripts.values()) {
    ran.forEach((value, generated) => {
      const original = map[generated]
      if (value !== 1 || !original) return
      const [source, line] = original
      if (!lines.has(source)) lines.set(source, new Set())
      lines.get(source)?.add(line)
    })
  }
  return lines
}

/**
 * A script's lines (where each begins, and its first character: -1 for a blank line) and the src/ line each
 * generated line maps to.
 */
function loadScript(script) {
  const text = readFileSync(join(ROOT, 'dist', script), 'utf8')
  const begins = []
  const firsts = []
  let at = 0
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length
    begins.push(at)
    firsts.push(line.trim() === '' ? -1 : at + indent)
    at += line.length + 1
  }
  const sourceMap = JSON.parse(readFileSync(join(MAPPED, `${script}.map`), 'utf8'))
  // ncc writes the sources relative to dist/, wherever the build went.
  const sources = sourceMap.sources.map(source => relative(ROOT, resolve(ROOT, 'dist', source)))
  return { begins, firsts, map: lineMappings(sourceMap.mappings, sources), ran: new Uint8Array(begins.length) }
}

/**
 * Marks each generated line by the innermost range that holds its first character: ranges painted outer to inner,
 * a line once run stays run (another process may have run what this one did not).
 */
function paint(script, functions) {
  const ranges = functions
    .flatMap(fn => fn.ranges)
    .sort((a, b) => b.endOffset - b.startOffset - (a.endOffset - a.startOffset))
  const { begins, firsts } = script
  const state = new Int8Array(begins.length)
  for (const range of ranges) {
    for (let line = lineAt(begins, range.startOffset); line < begins.length && begins[line] < range.endOffset; line++) {
      const first = firsts[line]
      if (first >= range.startOffset && first < range.endOffset) state[line] = range.count > 0 ? 1 : -1
    }
  }
  state.forEach((value, line) => {
    if (value === 1) script.ran[line] = 1
  })
}

/** The line that holds `offset`: the last whose beginning is at or before it. */
function lineAt(begins, offset) {
  let low = 0
  let high = begins.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (begins[middle] <= offset) low = middle
    else high = middle - 1
  }
  return low
}

/** The source-map mappings, one [source, 1-based line] per generated line: its first segment that has a source. */
function lineMappings(mappings, sources) {
  const result = []
  let source = 0
  let line = 0
  for (const group of mappings.split(';')) {
    let found
    for (const segment of group.split(',')) {
      if (segment === '') continue
      const fields = decodeVlq(segment)
      if (fields.length >= 4) {
        source += fields[1] ?? 0
        line += fields[2] ?? 0
        found ??= [sources[source], line + 1]
      }
    }
    result.push(found && /^src\//.test(found[0]) ? found : undefined)
  }
  return result
}

function decodeVlq(segment) {
  const values = []
  let value = 0
  let shift = 0
  for (const char of segment) {
    const digit = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(char)
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
      continue
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1)
    value = 0
    shift = 0
  }
  return values
}
