import { beforeAll, describe, expect, it } from 'vitest'
import { businessTables } from '../db/business-tables.ts'
import type { Database } from '../db/database.ts'
import { maskFor } from '../privacy/mask.ts'
import { Fixture } from '../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { executeTool, type ExecutionContext } from '../tools/executor.ts'
import { createRegistry } from '../tools/registry.ts'
import { harmlessLookalikes, injectionCorpus } from './injection-corpus.ts'
import { runReadonlySql } from './run-readonly-sql.ts'
import { loadSqlParser } from './sql-guard.ts'

const registry = createRegistry([runReadonlySql])

function context(database: Database, role: ExecutionContext['role'] = 'analyst'): ExecutionContext {
  return { database, timeZone: 'UTC', statementTimeoutMs: 2_000, maxRows: 100, role, surface: 'test' }
}

// Every base table, the analyst's own included (but the audit log, which records each attempt by design).
const checkedTables = [...businessTables.filter((table) => table !== 'product_views'), 'api_keys', 'schema_migrations']

async function checksum(database: Database): Promise<Record<string, string>> {
  const sums: Record<string, string> = {}
  for (const table of checkedTables) {
    const [row] = await database.sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from ${database.sql(table)} t`
    sums[table] = String(row?.sum)
  }
  return sums
}

beforeAll(() => loadSqlParser())

describe.each(testEngines())('run_readonly_sql on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.customer({ name: 'Jane Doe', email: 'jane.doe@gmail.com', phone: '+1 212 555 0147' })
    await fixture.customer({ name: 'Li Wei', email: 'li@luxx.co', phone: '555-0199' })
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01', condition: 'S' })
    await fixture.sale({ item: 'A', buyer: 'Jane Doe', price: 2000, date: '2025-03-08' })
  })

  it('answers a plain SELECT and labels it as not vetted', async () => {
    const outcome = await executeTool(registry, 'run_readonly_sql', { sql: "select count(*)::int as sold from sales s join products p on p.id = s.product_id where p.condition = 'S';" }, context(database()))
    if (!outcome.ok) throw new Error(outcome.error.message)
    expect(outcome.envelope.rows).toEqual([{ sold: 1 }])
    expect(outcome.envelope.narration).toMatch(/^Not vetted/)
    expect(outcome.envelope.assumptions.join(' ')).toMatch(/Not vetted/)
  })

  it('is for analysts and admins only', async () => {
    const outcome = await executeTool(registry, 'run_readonly_sql', { sql: 'select 1 as one' }, context(database(), 'viewer'))
    expect(outcome.ok ? '' : outcome.error.message).toBe('run_readonly_sql needs the analyst role or above; this caller is a viewer.')
  })

  it('masks contact details (usernames too) by column, whatever the query calls it, and shows analysts names', async () => {
    const query = { sql: "select string_agg(email, ',' order by email) as everyone, string_agg(phone, ',' order by email) as phones, max(full_name) as somebody, max(username) as handle from users" }
    const analyst = await executeTool(registry, 'run_readonly_sql', query, context(database(), 'analyst'))
    const admin = await executeTool(registry, 'run_readonly_sql', query, context(database(), 'admin'))
    if (!analyst.ok || !admin.ok) throw new Error('query failed')
    expect(analyst.envelope.rows[0]).toEqual({ everyone: 'j***@gmail.com,l***@luxx.co', phones: '***-***-**47,***-***-**99', somebody: 'Li Wei', handle: 'l***' })
    expect(admin.envelope.rows[0]).toEqual({ everyone: 'jane.doe@gmail.com,li@luxx.co', phones: '+1 212 555 0147,555-0199', somebody: 'Li Wei', handle: 'li.wei' })
  })

  it('masks in SQL exactly as the one masking function does for an analyst', async () => {
    const samples = ['jane.doe@gmail.com', 'a@b', '@nobody.com', 'no-at-sign', 'x@y@z.com']
    const phones = ['+1 212 555 0147', '12', '555-0199', '(0)1234']
    for (const email of samples) {
      const [row] = await database().sql`select luxx_masked.mask_email(${email}) as masked`
      expect(row?.masked, email).toBe(maskFor('analyst', 'email', email, ''))
    }
    for (const phone of phones) {
      const [row] = await database().sql`select luxx_masked.mask_phone(${phone}) as masked`
      expect(row?.masked, phone).toBe(maskFor('analyst', 'phone', phone, ''))
    }
    for (const username of ['jane.doe', 'x', '']) {
      const [row] = await database().sql`select luxx_masked.mask_username(${username}) as masked`
      expect(row?.masked, username).toBe(maskFor('analyst', 'username', username, ''))
    }
  })

  it(`refuses all ${injectionCorpus.length} injection attempts with a reason, writes nothing and never hangs`, async () => {
    expect(injectionCorpus.length).toBeGreaterThanOrEqual(200)
    const before = await checksum(database())
    const started = performance.now()
    for (const attack of injectionCorpus) {
      const outcome = await executeTool(registry, 'run_readonly_sql', { sql: attack }, context(database()))
      expect(outcome.ok, `accepted: ${JSON.stringify(attack.slice(0, 80))}`).toBe(false)
      if (!outcome.ok) expect(outcome.error.message.length, attack).toBeGreaterThan(20)
    }
    // 2 s statement timeout per query: a blind sleep that slipped through would blow far past this.
    expect(performance.now() - started).toBeLessThan(injectionCorpus.length * 200)
    expect(await checksum(database())).toEqual(before)
  })

  it('runs look-alikes that are one harmless SELECT, and they change nothing', async () => {
    const before = await checksum(database())
    for (const query of harmlessLookalikes) {
      const outcome = await executeTool(registry, 'run_readonly_sql', { sql: query }, context(database()))
      expect(outcome.ok, query).toBe(true)
    }
    expect(await checksum(database())).toEqual(before)
  })
})
