// Text in the job summary's Markdown: whatever a value holds (a file name with a line break or a |, a failure
// reason with HTML), it stays inside its table cell and renders as text.

/** Longest text shown in one cell. */
const MAX_CELL = 5000

/** A value as inline code that cannot leave its table cell. */
export function code(text: string): string {
  return `\`${cut(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')}\``
}

/** Text for a table cell (or a headline): on one line, with &, <, > and | as entities. */
export function escapeCell(text: string): string {
  return cut(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>|]/g, c => `&#${c.charCodeAt(0)};`)
}

function cut(text: string): string {
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}...` : text
}
