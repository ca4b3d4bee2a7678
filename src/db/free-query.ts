import type { Fragment, TransactionSql } from './database.ts'

/**
 * Free-form SQL text as a fragment to nest in a tagged template. postgres.js would send parameterless
 * unsafe text over the simple (multi-statement) protocol; `simple: false` forces the extended protocol,
 * where the server itself refuses a second statement. The text must have passed the SQL guard first.
 */
export function guardedSqlFragment(sql: TransactionSql, text: string): Fragment {
  const options = { simple: false } as Parameters<TransactionSql['unsafe']>[2]
  // The newline ends a trailing `--` comment before the executor's wrapping `) as vetted limit …`.
  return sql.unsafe(`${text}\n`, [], options) as unknown as Fragment
}
