import { escapeTerminal } from '../present/escape.ts'

/**
 * Human-readable output of the CLI, which quotes the data (answers, narrations, tables): control characters in it
 * are shown, never obeyed by the terminal. JSON output (`--json`) goes out as JSON.stringify writes it.
 */
export function print(text = ''): void {
  process.stdout.write(`${escapeTerminal(text)}\n`)
}

/** Part of a line, as an answer streams. */
export function printPart(text: string): void {
  process.stdout.write(escapeTerminal(text))
}
