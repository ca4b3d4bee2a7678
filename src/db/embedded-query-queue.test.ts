import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, openDatabase, type Database, type Sql } from './database.ts'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** A bare protocol client, to leave the session exactly where a test wants it before its socket goes away. */
class RawConnection {
  #replies = Buffer.alloc(0)
  #waiters: Array<() => void> = []

  private constructor(readonly socket: Socket) {
    socket.on('data', (data) => {
      this.#replies = Buffer.concat([this.#replies, data])
      for (const wake of this.#waiters.splice(0)) wake()
    })
  }

  /** Connects and starts a session, writing `before` ahead of the startup message. */
  static async open(path: string, before: Buffer = Buffer.alloc(0)): Promise<RawConnection> {
    const socket = createConnection(path)
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    const connection = new RawConnection(socket)
    const parameters = Buffer.from('user\0postgres\0database\0postgres\0\0')
    const startup = Buffer.alloc(8)
    startup.writeInt32BE(8 + parameters.length, 0)
    startup.writeInt32BE(196608, 4)
    socket.write(Buffer.concat([before, startup, parameters]))
    await connection.waitFor('Z')
    return connection
  }

  static message(type: string, body: Buffer): Buffer {
    const header = Buffer.alloc(5)
    header.write(type, 0)
    header.writeInt32BE(4 + body.length, 1)
    return Buffer.concat([header, body])
  }

  /** Waits for the next reply of `type` (a backend message letter), dropping the replies before it. */
  async waitFor(type: string): Promise<void> {
    for (;;) {
      while (this.#replies.length >= 5) {
        const length = this.#replies.readInt32BE(1)
        if (this.#replies.length < 1 + length) break
        const found = String.fromCharCode(this.#replies[0] ?? 0)
        this.#replies = this.#replies.subarray(1 + length)
        if (found === 'E') throw new Error('The engine answered with an error')
        if (found === type) return
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve))
    }
  }

  write(...messages: Buffer[]): void {
    this.socket.write(Buffer.concat(messages))
  }
}

const text = (value: string) => Buffer.from(`${value}\0`)

describe('the embedded engine shared by several connections (as by several processes)', () => {
  let dataDir: string
  let database: Database
  let socketPath: string
  const others: Sql[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'luxx-queue-'))
    database = await openDatabase({ dataDir })
    // Where embedded-engine.ts puts the socket of a data directory with a short path.
    socketPath = join(dataDir, '.s.luxx')
    await database.sql`create table queue_probe (client int not null, iteration int not null, primary key (client, iteration))`
  })

  afterAll(async () => {
    await Promise.all(others.map((sql) => sql.end({ timeout: 5 })))
    await database?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  function otherClient(): Sql {
    const sql = connect({ path: socketPath, username: 'postgres', database: 'postgres' }, 1)
    others.push(sql)
    return sql
  }

  it('keeps each connection\'s statements together: 2 clients × 50 transactions and 1 × 50 plain queries at once, no error', async () => {
    const clients = [database.sql, otherClient(), otherClient()]
    const failures: string[] = []
    await Promise.all(
      clients.map(async (sql, client) => {
        for (let iteration = 0; iteration < 50; iteration++) {
          try {
            if (client < 2) {
              const seen = await sql.begin(async (transaction) => {
                await transaction`insert into queue_probe (client, iteration) values (${client}, ${iteration})`
                const [row] = await transaction<{ count: number }[]>`select count(*)::int as count from queue_probe where client = ${client}`
                return row?.count
              })
              // Its own earlier transactions (one per iteration before this one) and this one's row.
              if (seen !== iteration + 1) failures.push(`client ${client}, iteration ${iteration}: saw ${seen} rows`)
            } else {
              const [row] = await sql<{ total: number }[]>`select ${iteration}::int * 10 + ${client}::int as total`
              if (row?.total !== iteration * 10 + client) failures.push(`client ${client}, iteration ${iteration}: total ${row?.total}`)
            }
          } catch (error) {
            failures.push(`client ${client}, iteration ${iteration}: ${(error as Error).message}`)
          }
        }
      }),
    )
    expect(failures).toEqual([])
    // Each of the 2 writing clients committed one row per iteration.
    const rows = await database.sql<{ client: number; count: number }[]>`
      select client, count(*)::int as count from queue_probe group by client order by client`
    expect(rows).toEqual([
      { client: 0, count: 50 },
      { client: 1, count: 50 },
    ])
  })

  it('a connection that goes away inside a transaction releases the engine, its transaction rolled back', async () => {
    const victim = await RawConnection.open(socketPath)
    victim.write(RawConnection.message('Q', text('begin; insert into queue_probe (client, iteration) values (7, 1)')))
    await victim.waitFor('Z')
    // The session is the victim's now: this query waits until it lets go.
    const waiting = otherClient()<{ count: number }[]>`select count(*)::int as count from queue_probe where client = 7`
    await sleep(100)
    victim.socket.destroy()
    const [row] = await waiting
    expect(row?.count).toBe(0)
    expect(await database.sql`select 1 as alive`).toEqual([{ alive: 1 }])
  })

  it('a connection that goes away in the middle of a batch (no Sync yet) releases the engine, its statement rolled back', async () => {
    const victim = await RawConnection.open(socketPath)
    victim.write(
      RawConnection.message('P', Buffer.concat([text(''), text('insert into queue_probe (client, iteration) values (8, 1)'), Buffer.alloc(2)])),
      // Bind: unnamed portal and statement, no parameter formats, no parameters, no result formats.
      RawConnection.message('B', Buffer.concat([text(''), text(''), Buffer.alloc(6)])),
      RawConnection.message('E', Buffer.concat([text(''), Buffer.alloc(4)])),
    )
    await victim.waitFor('C')
    const waiting = otherClient()<{ count: number }[]>`select count(*)::int as count from queue_probe where client = 8`
    await sleep(100)
    victim.socket.destroy()
    const [row] = await waiting
    expect(row?.count).toBe(0)
  })

  it('a connection that goes away after an error in its batch leaves the engine usable', async () => {
    const victim = await RawConnection.open(socketPath)
    victim.write(
      RawConnection.message('Q', text('begin')),
      RawConnection.message('P', Buffer.concat([text(''), text('select * from no_such_table'), Buffer.alloc(2)])),
    )
    await victim.waitFor('Z')
    await expect(victim.waitFor('Z')).rejects.toThrow('error')
    victim.socket.destroy()
    // Left as it was, the session would skip every message until a Sync, then refuse all in the failed block.
    expect(await otherClient()`select 1 as alive`).toEqual([{ alive: 1 }])
  })

  it("keeps a guest's time limits (embedded-guest-limits.mjs) from the engine, and drops a connection whose limits are malformed", async () => {
    const limits = (json: string) => RawConnection.message('L', Buffer.from(json))
    // Before the startup message and between queries, as a guest writes them; any reaching PGlite would be an error.
    const guest = await RawConnection.open(socketPath, limits('[]'))
    guest.write(RawConnection.message('Q', text('select 1')), limits('[2500, null]'), RawConnection.message('Q', text('select 2')), limits('[]'))
    await guest.waitFor('Z')
    await guest.waitFor('Z')
    guest.socket.destroy()
    for (const malformed of ['[-1]', '{"limit": 2500}', 'not json']) {
      const other = await RawConnection.open(socketPath)
      const closed = new Promise<void>((resolve) => other.socket.once('close', () => resolve()))
      other.write(limits(malformed))
      await closed
    }
    expect(await database.sql`select 1 as alive`).toEqual([{ alive: 1 }])
  })
})
