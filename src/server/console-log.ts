import { Writable } from 'node:stream'

const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }
// pino's own fields, shown in the line's head rather than as key=value.
const headFields = new Set(['level', 'time', 'pid', 'hostname', 'msg'])

/** One pino JSON line as a person reads it: `08:15:02 WARN the database is not ready; retrying attempt=2 retryInMs=2000`. */
export function consoleLine(json: string): string {
  const entry = JSON.parse(json) as Record<string, unknown>
  const time = new Date(Number(entry.time)).toISOString().slice(11, 19)
  const level = levelNames[Number(entry.level)] ?? String(entry.level)
  const fields = Object.entries(entry)
    .filter(([key]) => !headFields.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
  return [time, level, String(entry.msg ?? ''), ...fields].join(' ')
}

/** Where the server logs on a terminal: short lines on stderr. Not a terminal (a service, a pipe): pino's JSON as is. */
export function consoleLogStream(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) process.stderr.write(`${consoleLine(line)}\n`)
      done()
    },
  })
}
