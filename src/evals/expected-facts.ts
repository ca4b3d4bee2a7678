import type { Sql } from '../db/database.ts'
import { guardedSqlFragment } from '../db/free-query.ts'
import { runTransaction } from '../db/transaction.ts'
import { guardSql, loadSqlParser } from '../free-sql/sql-guard.ts'
import { absoluteTolerance, type EvalCase, type FactSpec } from './case-schema.ts'

/**
 * The facts a case's answer must state, computed by the case's own SQL on the seeded data. The SQL is
 * checked to be one plain SELECT of the business tables (the free-SQL guard's rules) and runs as free SQL does,
 * over the extended protocol (one statement only) in a read-only transaction, so a suite file can never
 * change the data it is judged on.
 */
export type ExpectedFact =
  | { name: string; kind: 'text'; value: string }
  | { name: string; kind: 'number'; value: number; tolerance: number }

export type FactsOutcome = { ok: true; facts: ExpectedFact[] } | { ok: false; error: string }

function readFact(spec: FactSpec, row: Record<string, unknown>, name: string): ExpectedFact | string {
  if (!(name in row)) return `its SQL returns no column '${name}' (columns: ${Object.keys(row).join(', ')})`
  const value = row[name]
  if (value === null || value === undefined) return `its SQL returns null for '${name}'`
  if (spec === 'text') {
    return typeof value === 'string' ? { name, kind: 'text', value } : `'${name}' is a text fact but the SQL returns ${typeof value}; cast it ::text`
  }
  return typeof value === 'number' && Number.isFinite(value)
    ? { name, kind: 'number', value, tolerance: absoluteTolerance(spec, value) }
    : `'${name}' is a number fact but the SQL returns ${typeof value} ${JSON.stringify(value)}`
}

export async function expectedFacts(sql: Sql, evalCase: EvalCase): Promise<FactsOutcome> {
  const query = evalCase.sql
  if (!query) return { ok: true, facts: [] }
  await loadSqlParser()
  const verdict = guardSql(query)
  if (!verdict.ok) return { ok: false, error: `Case '${evalCase.id}': its SQL is refused: ${verdict.reason}.` }
  let rows: Record<string, unknown>[]
  try {
    rows = await runTransaction(sql, `Running the SQL of case '${evalCase.id}'`, (transaction) => transaction<Record<string, unknown>[]>`${guardedSqlFragment(transaction, query)}`, 'read only')
  } catch (error) {
    return { ok: false, error: `Case '${evalCase.id}': its SQL failed: ${error instanceof Error ? error.message : String(error)}` }
  }
  if (rows.length !== 1) return { ok: false, error: `Case '${evalCase.id}': its SQL must return exactly one row; it returned ${rows.length}.` }
  const row = rows[0]!
  const facts: ExpectedFact[] = []
  for (const [name, spec] of Object.entries(evalCase.facts)) {
    const fact = readFact(spec, row, name)
    if (typeof fact === 'string') return { ok: false, error: `Case '${evalCase.id}': ${fact}.` }
    facts.push(fact)
  }
  return { ok: true, facts }
}
