import { Writable } from 'node:stream'
import { pino, type Logger } from 'pino'

/** A pino logger whose lines a test can read, parsed. */
export function capturedLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
      done()
    },
  })
  return { logger: pino({ level: 'debug' }, sink), lines: () => lines }
}
