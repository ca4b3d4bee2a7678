import { describe, expect, it } from 'vitest'
import { ConnectionLostError, connectionLostReason, reportingLostConnection } from './connection-lost.ts'

const failure = (code: string, message: string) => Object.assign(new Error(message), { code })

describe('a lost connection', () => {
  it('is recognised by the codes of postgres.js, the socket, PostgreSQL shutdowns and connection exceptions', () => {
    expect(connectionLostReason(failure('CONNECTION_CLOSED', 'write CONNECTION_CLOSED 127.0.0.1:5432'))).toBe('write CONNECTION_CLOSED 127.0.0.1:5432')
    expect(connectionLostReason(failure('ECONNRESET', 'read ECONNRESET'))).toBe('read ECONNRESET')
    expect(connectionLostReason(failure('57P01', 'terminating connection due to administrator command'))).toBe('terminating connection due to administrator command')
    expect(connectionLostReason(failure('08006', 'connection failure'))).toBe('connection failure')
  })

  it('is not any other failure: a statement timeout, a syntax error, an error without a code', () => {
    expect(connectionLostReason(failure('57014', 'canceling statement due to statement timeout'))).toBeUndefined()
    expect(connectionLostReason(failure('42601', 'syntax error at or near "selec"'))).toBeUndefined()
    expect(connectionLostReason(new Error('boom'))).toBeUndefined()
    expect(connectionLostReason('CONNECTION_CLOSED')).toBeUndefined()
  })

  it('is recognised when every address of a host refused the connection, with each reason', () => {
    const refused = new AggregateError([failure('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432'), failure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')])
    expect(connectionLostReason(refused)).toBe('connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432')
    expect(connectionLostReason(new AggregateError([failure('ECONNREFUSED', 'refused'), new Error('other')]))).toBeUndefined()
  })

  it('says what failed, why, what became of the writes, and that trying again reconnects', () => {
    expect(new ConnectionLostError('Saving the answer', 'read ECONNRESET', 'none').message).toBe(
      'Saving the answer failed: the connection to the database was lost (read ECONNRESET) before it committed, so none of it was saved. Try again: the next call reconnects.',
    )
    expect(new ConnectionLostError('Saving the report', 'read ECONNRESET', 'unknown').message).toBe(
      'Saving the report failed: the connection to the database was lost (read ECONNRESET), so whether it was saved is unknown. Try again: the next call reconnects.',
    )
    expect(connectionLostReason(new ConnectionLostError('Saving the report', 'read ECONNRESET', 'unknown'))).toBe('read ECONNRESET')
  })

  it('in work that commits as it goes becomes a ConnectionLostError; other errors and results pass through', async () => {
    await expect(reportingLostConnection('Saving the report', () => Promise.reject(failure('57P01', 'terminating connection')))).rejects.toMatchObject({
      name: 'ConnectionLostError',
      action: 'Saving the report',
      reason: 'terminating connection',
      effect: 'unknown',
    })
    const syntax = failure('42601', 'syntax error')
    await expect(reportingLostConnection('Saving the report', () => Promise.reject(syntax))).rejects.toBe(syntax)
    await expect(reportingLostConnection('Saving the report', () => Promise.resolve(7))).resolves.toBe(7)
  })
})
