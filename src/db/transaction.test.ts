import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase, testEngines } from '../testing/test-database.ts'
import { ConnectionLostError } from './connection-lost.ts'
import { connect, type Database, type TransactionSql } from './database.ts'
import { closeWaitMs, runTransaction } from './transaction.ts'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

async function createProbe(database: Database): Promise<void> {
  await database.sql`create table transaction_probe (id int primary key, note text not null)`
}

async function probeRows(database: Database): Promise<Array<{ id: number; note: string }>> {
  return database.sql<Array<{ id: number; note: string }>>`select id, note from transaction_probe order by id`
}

describe.each(testEngines())('a transaction on %s', (engine) => {
  const database = useTestDatabase(engine, createProbe)

  it('commits the body and returns its result', async () => {
    const result = await runTransaction(database().sql, 'Writing the probe', async (transaction) => {
      await transaction`insert into transaction_probe (id, note) values (1, 'kept')`
      const [row] = await transaction<{ count: number }[]>`select count(*)::int as count from transaction_probe`
      return row?.count
    })
    expect(result).toBe(1)
    expect(await probeRows(database())).toEqual([{ id: 1, note: 'kept' }])
  })

  it('rolls back a body that fails and hands back its error unchanged', async () => {
    const failure = new Error('the body gave up')
    const outcome = runTransaction(database().sql, 'Writing the probe', async (transaction) => {
      await transaction`insert into transaction_probe (id, note) values (2, 'dropped')`
      throw failure
    })
    await expect(outcome).rejects.toBe(failure)
    expect(await probeRows(database())).toEqual([{ id: 1, note: 'kept' }])
  })

  it('runs in the mode asked for: a read-only transaction refuses a write with PostgreSQL\'s own error', async () => {
    const outcome = runTransaction(database().sql, 'Reading the probe', (transaction) => transaction`insert into transaction_probe (id, note) values (3, 'refused')`, 'read only')
    await expect(outcome).rejects.toMatchObject({ code: '25006' })
    expect(await probeRows(database())).toEqual([{ id: 1, note: 'kept' }])
  })

  it('an error that only looks like a lost connection, on a connection that stays open, is rolled back after a wait', async () => {
    const started = performance.now()
    const outcome = runTransaction(database().sql, 'Writing the probe', async (transaction) => {
      await transaction`insert into transaction_probe (id, note) values (4, 'dropped')`
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
    })
    await expect(outcome).rejects.toMatchObject({ name: 'ConnectionLostError', effect: 'none' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(closeWaitMs - 50)
    expect(await probeRows(database())).toEqual([{ id: 1, note: 'kept' }])
  })
})

describe('a transaction on a server that refuses connections', () => {
  it('fails with a ConnectionLostError saying nothing was saved', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const sql = connect('postgres://postgres@127.0.0.1:1/none', 1)
    try {
      const outcome = runTransaction(sql, 'Writing the probe', (transaction) => transaction`select 1`)
      await expect(outcome).rejects.toBeInstanceOf(ConnectionLostError)
      await expect(outcome).rejects.toThrow(/^Writing the probe failed: the connection to the database was lost \(.*ECONNREFUSED.*\) before it committed, so none of it was saved\. Try again: the next call reconnects\.$/)
    } finally {
      await sql.end()
    }
  })
})

/**
 * On the real server only: a backend is terminated while a transaction runs on it. Without the guard, postgres.js
 * writes ROLLBACK or COMMIT (or the body's next query) on the closed socket and the test process dies.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('a transaction whose backend is terminated on postgres', () => {
  const database = useTestDatabase('postgres', createProbe)
  const admin = connect(process.env.TEST_DATABASE_URL ?? '', 1)
  afterAll(() => admin.end())
  beforeAll(async () => {
    await database().sql`insert into transaction_probe (id, note) values (1, 'committed before')`
  })

  /** The backend of a transaction, once it is in the state wanted (running a query, or idle between queries). */
  async function backendIn(pid: number, state: 'active' | 'idle in transaction'): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const [row] = await admin<{ state: string }[]>`select state from pg_stat_activity where pid = ${pid}`
      if (row?.state === state) return
      await sleep(10)
    }
    throw new Error(`Backend ${pid} never reached the state '${state}'.`)
  }

  /** A transaction that writes a row, announces its backend, then does `then` before the body ends. */
  function transactionOnBackend(id: number, then: (transaction: TransactionSql) => Promise<unknown>) {
    let announce: (pid: number) => void = () => undefined
    const backend = new Promise<number>((resolve) => {
      announce = resolve
    })
    const outcome = runTransaction(database().sql, 'Writing the probe', async (transaction) => {
      await transaction`insert into transaction_probe (id, note) values (${id}, 'written in the lost transaction')`
      const [row] = await transaction<{ pid: number }[]>`select pg_backend_pid() as pid`
      announce(row!.pid)
      await then(transaction)
      return 'finished'
    })
    // Awaited once the backend is terminated, which it may outrun; until then its rejection must not count as unhandled.
    outcome.catch(() => undefined)
    return { backend, outcome }
  }

  async function expectLostAndRecovered(outcome: Promise<string>): Promise<void> {
    await expect(outcome).rejects.toBeInstanceOf(ConnectionLostError)
    await expect(outcome).rejects.toMatchObject({ effect: 'none' })
    await expect(outcome).rejects.toThrow(/^Writing the probe failed: the connection to the database was lost \(.+\) before it committed, so none of it was saved\. Try again: the next call reconnects\.$/)
    // Nothing of the lost transaction was kept, what was committed before is, and the next transaction reconnects.
    expect(await probeRows(database())).toEqual([{ id: 1, note: 'committed before' }])
    const next = await runTransaction(database().sql, 'Counting the probe', async (transaction) => {
      const [row] = await transaction<{ count: number }[]>`select count(*)::int as count from transaction_probe`
      return row?.count
    })
    expect(next).toBe(1)
  }

  it('mid-query: fails with the reason, keeps what was committed, and the next transaction reconnects', async () => {
    const { backend, outcome } = transactionOnBackend(10, (transaction) => transaction`select pg_sleep(5)`)
    const pid = await backend
    await backendIn(pid, 'active')
    const started = performance.now()
    await admin`select pg_terminate_backend(${pid})`
    await expectLostAndRecovered(outcome)
    // It failed when the backend went, not when the sleep would have ended.
    expect(performance.now() - started).toBeLessThan(4_000)
  })

  it('between two queries: the next query is never sent on the closed connection', async () => {
    const { backend, outcome } = transactionOnBackend(11, async (transaction) => {
      await sleep(1_000)
      await transaction`insert into transaction_probe (id, note) values (12, 'after the loss')`
    })
    const pid = await backend
    await backendIn(pid, 'idle in transaction')
    await admin`select pg_terminate_backend(${pid})`
    await expectLostAndRecovered(outcome)
    // The body's next query comes after the loss; give it the time to be refused.
    await sleep(1_200)
    expect(await probeRows(database())).toEqual([{ id: 1, note: 'committed before' }])
  })

  it('while the body does other work and then ends: no COMMIT is sent on the closed connection', async () => {
    const { backend, outcome } = transactionOnBackend(13, () => sleep(1_000))
    const pid = await backend
    await backendIn(pid, 'idle in transaction')
    await admin`select pg_terminate_backend(${pid})`
    await expectLostAndRecovered(outcome)
    await sleep(1_200)
  })
})
