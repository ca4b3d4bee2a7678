import { describe, expect, it } from 'vitest'
import { retryDelay } from './outbox-worker.ts'
import { classifyFailure } from './smtp-sender.ts'

describe('delivery failures', () => {
  it('retries SMTP 4xx replies and connection errors, and records 5xx and the rest as permanent', () => {
    expect(classifyFailure({ responseCode: 451, response: '451 Greylisted, try later', code: 'EENVELOPE' })).toEqual({
      ok: false,
      kind: 'temporary',
      responseCode: 451,
      message: '451 Greylisted, try later',
    })
    expect(classifyFailure({ responseCode: 550, response: '550 No such mailbox' })).toMatchObject({ kind: 'permanent', responseCode: 550 })
    expect(classifyFailure({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' })).toEqual({
      ok: false,
      kind: 'temporary',
      responseCode: null,
      message: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25',
    })
    expect(classifyFailure({ code: 'ETIMEDOUT', message: 'Greeting never received' })).toMatchObject({ kind: 'temporary' })
    expect(classifyFailure({ code: 'EAUTH', message: 'Invalid login' })).toMatchObject({ kind: 'permanent', message: 'EAUTH: Invalid login' })
    expect(classifyFailure('something odd')).toMatchObject({ kind: 'permanent', message: 'something odd' })
  })

  it('backs off exponentially up to a ceiling', () => {
    const policy = { baseDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 8 }
    expect([1, 2, 3, 4, 7, 8].map((attempts) => retryDelay(policy, attempts))).toEqual([60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000])
  })
})
