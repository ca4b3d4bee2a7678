import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog, createCatalogRegistry } from '../../tools/index.ts'
import { connect, openDatabase, type Database } from '../db/database.ts'
import { useTestDatabase } from '../testing/test-database.ts'
import { executeTool } from '../tools/executor.ts'
import { loadStore } from './store-fixture.ts'

/**
 * The read-only login of docs/security.md, on the real server: a login role that is a member of luxx_analytics,
 * used through ANALYTICS_DATABASE_URL. Every tool runs through it; by hand it can neither write nor read the
 * analyst's own tables. Roles are cluster-wide, so this one has a random name and is dropped afterwards.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('the read-only login role for analytics', () => {
  const database = useTestDatabase('postgres', async (db) => {
    await loadStore(db)
  })
  const role = `luxx_readonly_${randomBytes(4).toString('hex')}`
  const admin = connect(process.env.TEST_DATABASE_URL ?? '', 1)
  let separated: Database

  beforeAll(async () => {
    // The role name is generated hex, safe to splice; utility statements take no bind parameters.
    await admin.unsafe(`create role ${role} login password 'test-only'`)
    await admin.unsafe(`grant luxx_analytics to ${role}`)
    const url = new URL(process.env.TEST_DATABASE_URL ?? '')
    url.pathname = new URL(database().location).pathname
    const analyticsUrl = new URL(url)
    analyticsUrl.username = role
    analyticsUrl.password = 'test-only'
    separated = await openDatabase({ databaseUrl: url.toString(), analyticsDatabaseUrl: analyticsUrl.toString(), dataDir: '' })
  })
  afterAll(async () => {
    await separated?.close()
    await admin.unsafe(`drop role if exists ${role}`)
    await admin.end()
  })

  it('runs every catalog tool, as a viewer and as an admin', async () => {
    const registry = createCatalogRegistry()
    for (const tool of catalog) {
      for (const role of ['viewer', 'admin'] as const) {
        const outcome = await executeTool(registry, tool.name, {}, { database: separated, timeZone: 'UTC', statementTimeoutMs: 15_000, maxRows: 100, role, surface: 'test' })
        expect(outcome.ok ? 'ok' : outcome.error.message, tool.name).toBe('ok')
      }
    }
    const [who] = await separated.analytics<{ user: string }[]>`select current_user as user`
    expect(who?.user).toBe(role)
  })

  it('cannot write, nor read the API keys, conversations, reports or audit log, even with SQL typed by hand', async () => {
    const sql = separated.analytics
    await expect(sql`insert into brands (name) values ('Written')`).rejects.toThrow(/permission denied for table brands/)
    await expect(sql`update sales set fees = 0`).rejects.toThrow(/permission denied for table sales/)
    await expect(sql`delete from users`).rejects.toThrow(/permission denied for table users/)
    for (const table of ['api_keys', 'conversations', 'messages', 'answers', 'audit_log', 'reports']) {
      await expect(sql`select count(*) from ${sql(table)}`, table).rejects.toThrow(new RegExp(`permission denied for table ${table}`))
    }
  })
})
