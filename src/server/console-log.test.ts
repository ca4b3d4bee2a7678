import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { consoleLine } from './console-log.ts'

/** Issue #19, finding 11: on a terminal the server's log is short lines, not JSON. */
describe('the console log of npm start', () => {
  it('turns a pino line into time, level, message and its fields', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString().trim())
        done()
      },
    })
    const logger = pino({ level: 'info', timestamp: () => ',"time":1764749702000' }, sink)
    logger.warn({ attempt: 2, retryInMs: 2000, reason: 'connect ECONNREFUSED' }, 'the database is not ready; retrying')
    // 1764749702000 ms is 2025-12-03T08:15:02Z.
    expect(lines.map(consoleLine)).toEqual(['08:15:02 WARN the database is not ready; retrying attempt=2 retryInMs=2000 reason=connect ECONNREFUSED'])
  })
})
