import type { Sql } from '../db/database.ts'

/**
 * Proof that nothing was written: an md5 of every row of every table in the public schema, taken before and
 * after an attack run. Two tables change by design and are checked differently: the audit log grows by one row
 * per tool call (its earlier rows must not change), and an API key records when it was last used. A run whose
 * surface stores what it does by design (the chat keeps each answer with its conversation) leaves those tables
 * out and checks them itself.
 */
export type Checksums = Record<string, string>

const changesByDesign: Record<string, string[]> = { api_keys: ['last_used_at'] }

export async function tableChecksums(sql: Sql, options: { auditUpTo: number; leaveOut?: readonly string[] }): Promise<Checksums> {
  const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`
  const sums: Checksums = {}
  for (const { name } of tables) {
    if (options.leaveOut?.includes(name)) continue
    const ignored = changesByDesign[name] ?? []
    const rows = name === 'audit_log' ? sql`(select * from audit_log where id <= ${options.auditUpTo})` : sql(name)
    const [row] = await sql<{ sum: string; count: number }[]>`
      select md5(coalesce(string_agg(r.line, '|' order by r.line), '')) as sum, count(*)::int as count
      from (select (to_jsonb(t) - ${ignored}::text[])::text as line from ${rows} t) r`
    sums[name] = `${row?.count ?? 0}:${row?.sum ?? ''}`
  }
  return sums
}

/** The id of the latest audit row: rows after it are the ones a run added. */
export async function latestAuditId(sql: Sql): Promise<number> {
  const [row] = await sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from audit_log`
  return row?.id ?? 0
}
