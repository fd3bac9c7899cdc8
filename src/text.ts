// How text reaches the log, annotations and outputs: on one line, quoted, capped, with counts that read right.

/** Service strings (failure reasons, error messages) longer than this are cut in annotations and outputs. */
export const MAX_SERVICE_TEXT = 4096

/** `1h02m`, `3m05s`, `12s`: elapsed times in log lines and the summary. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`
  return `${s}s`
}

/** Text from AWS on one line, so it can never start a workflow command of its own. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
}

/** Cuts `text` to `max` characters, saying so; the cut never splits a surrogate pair. */
export function capText(text: string, max = MAX_SERVICE_TEXT): string {
  if (text.length <= max) return text
  return `${sliceWhole(text, max)}... (truncated from ${text.length} characters)`
}

/** The first `max` UTF-16 units of `text`, less a high surrogate whose pair the cut would split. */
export function sliceWhole(text: string, max: number): string {
  const cut = text.slice(0, max)
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut
}

/** Echoed values are JSON-quoted and cut short, so no value can start a new log line or workflow command. */
export function quote(value: string): string {
  const shown = [...value]
  return JSON.stringify(shown.length > 120 ? `${shown.slice(0, 120).join('')}...` : value)
}

/** `1 completed import`, `3 completed imports`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** `512 B`, `1.0 MiB`, `1.0 GiB`: sizes in log lines and messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** `34,852`: counts in messages. */
export function thousands(n: number): string {
  return n.toLocaleString('en-US')
}
