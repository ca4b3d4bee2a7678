import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { connect, openDatabase, type Database } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { testEngines, useTestDatabase, type TestEngine } from '../testing/test-database.ts'
import { conversationStore } from './conversation-store.ts'
import { answerQuestion } from './pipeline.ts'
import { loadWeekdaySales, weekdayRuntime } from './testing/weekday-fixture.ts'

/** A database that outlives its connection: an embedded data directory, or a database on the server. */
interface DurableDatabase {
  open(): Promise<Database>
  remove(): Promise<void>
}

async function durableDatabase(engine: TestEngine): Promise<DurableDatabase> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'luxx-conversations-'))
    return {
      open: () => openDatabase({ dataDir }),
      remove: async () => rmSync(dataDir, { recursive: true, force: true }),
    }
  }
  const serverUrl = process.env.TEST_DATABASE_URL!
  const name = `luxx_test_${randomBytes(6).toString('hex')}`
  const admin = connect(serverUrl, 1)
  await admin`create database ${admin(name)}`
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    open: () => openDatabase({ databaseUrl: url.toString(), dataDir: '' }),
    async remove() {
      await admin`drop database if exists ${admin(name)} with (force)`
      await admin.end()
    },
  }
}

describe.each(testEngines())('conversations on %s', (engine) => {
  it('survive closing and reopening the database, and continue by id', async () => {
    const durable = await durableDatabase(engine)
    try {
      let database = await durable.open()
      await migrate(database.sql)
      await loadWeekdaySales(database)
      const first = await answerQuestion({
        runtime: weekdayRuntime(database),
        question: 'What are the best days of the week to sell, all time?',
        role: 'analyst',
        surface: 'cli',
      })
      if (!first.ok) throw new Error(first.error)
      await database.close()

      database = await durable.open()
      const store = conversationStore(database.sql)
      const conversationId = first.answer.conversationId
      expect(await store.answers(conversationId)).toEqual([first.answer])
      expect(await store.history(conversationId)).toEqual({
        ok: true,
        turns: [{ question: first.answer.question, answer: first.answer.text, toolCalls: [{ name: 'sales_by_weekday', arguments: { period: 'all_time' }, ok: true }] }],
      })

      const second = await answerQuestion({ runtime: weekdayRuntime(database), question: 'same for Instagram', conversationId, role: 'analyst', surface: 'cli' })
      if (!second.ok) throw new Error(second.error)
      expect(second.answer.conversationId).toBe(conversationId)
      expect(second.answer.toolCalls[0]!.arguments).toEqual({ period: 'all_time', channel: 'instagram' })

      const transcript = await database.sql<{ position: number; author: string }[]>`
        select position, author from messages where conversation_id = ${conversationId} order by position`
      expect(transcript.map((row) => `${row.position}:${row.author}`)).toEqual(['1:user', '2:assistant', '3:user', '4:assistant'])
      const calls = await database.sql<{ tool_name: string; ok: boolean; row_count: number; sql: string }[]>`
        select c.tool_name, c.ok, c.row_count, c.sql from tool_calls c join answers a on a.id = c.answer_id
        where a.conversation_id = ${conversationId} order by a.created_at, c.position`
      expect(calls.map((call) => [call.tool_name, call.ok, call.row_count])).toEqual([
        ['sales_by_weekday', true, 7],
        ['sales_by_weekday', true, 7],
      ])
      const [conversation] = await database.sql<{ title: string; surface: string; role: string }[]>`
        select title, surface, role from conversations where id = ${conversationId}`
      expect(conversation).toEqual({ title: 'What are the best days of the week to sell, all time?', surface: 'cli', role: 'analyst' })
      const [stored] = await database.sql<{ grounded: boolean; grounding: unknown; status: string }[]>`
        select grounded, grounding, status from answers where id = ${second.answer.id}`
      expect(stored).toEqual({ grounded: true, grounding: second.answer.grounding, status: 'complete' })
      await database.close()
    } finally {
      await durable.remove()
    }
  })
})

describe.each(testEngines())('a question PostgreSQL text cannot hold on %s', (engine) => {
  const database = useTestDatabase(engine, loadWeekdaySales)

  it('is answered and stored with visible stand-ins for a NUL (\\u0000) and a lone surrogate (U+FFFD), not lost', async () => {
    const answered = await answerQuestion({ runtime: weekdayRuntime(database()), question: 'best days of the week\u0000 \ud800 all time', role: 'analyst', surface: 'cli' })
    if (!answered.ok) throw new Error(answered.error)
    const store = conversationStore(database().sql)
    const stored = await store.answers(answered.answer.conversationId)
    expect(stored.map((answer) => [answer.id, answer.question])).toEqual([[answered.answer.id, 'best days of the week\\u0000 \ufffd all time']])
    const [message] = await database().sql<{ content: string }[]>`
      select content from messages where conversation_id = ${answered.answer.conversationId} and author = 'user'`
    expect(message?.content).toBe('best days of the week\\u0000 \ufffd all time')
  })
})
