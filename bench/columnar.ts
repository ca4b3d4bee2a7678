import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { businessTables } from '../src/db/business-tables.ts'
import type { Sql } from '../src/db/database.ts'
import type { ReferenceParameter } from './plain-sql.ts'

/**
 * The columnar reference of issue #18: DuckDB in memory (the bench-only dev dependency @duckdb/node-api, whose
 * native library comes from npm as a platform package), loaded with the same rows as PostgreSQL's business
 * tables, runs the same plain SQL. Its time beside the tool's shows how far the tool is from what the hardware does
 * with a columnar engine.
 */

// PostgreSQL's types as DuckDB reads them from JSON lines. Money is numeric in PostgreSQL: DOUBLE here, so sums may differ
// in the last cents' digits, which the comparison allows for.
const duckTypes: Record<string, string> = {
  uuid: 'UUID',
  text: 'VARCHAR',
  'character varying': 'VARCHAR',
  numeric: 'DOUBLE',
  'double precision': 'DOUBLE',
  real: 'FLOAT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  'timestamp with time zone': 'TIMESTAMPTZ',
  'timestamp without time zone': 'TIMESTAMP',
  jsonb: 'VARCHAR',
  json: 'VARCHAR',
  ARRAY: 'VARCHAR',
}

export interface ColumnarEngine {
  /** Rows loaded per table, and how long the copy took. */
  loaded: { rows: number; seconds: number }
  run(text: string, parameters: Record<ReferenceParameter, string>): Promise<Record<string, unknown>[]>
  close(): void
}

async function copyTable(sql: Sql, duck: DuckDBConnection, table: string, folder: string): Promise<number> {
  const columns = await sql<{ name: string; type: string }[]>`
    select column_name as name, data_type as type from information_schema.columns
    where table_schema = 'public' and table_name = ${table} order by ordinal_position`
  // Each row as a JSON line, read in batches: postgres.js's COPY … TO STDOUT stream left its connection unusable.
  const file = join(folder, `${table}.json`)
  const out = createWriteStream(file)
  for await (const batch of sql<{ line: string }[]>`select row_to_json(t)::text as line from ${sql(table)} t`.cursor(5_000)) {
    if (!out.write(`${batch.map((row) => row.line).join('\n')}\n`)) await once(out, 'drain')
  }
  out.end()
  await finished(out)
  const types = columns.map((column) => {
    const type = duckTypes[column.type]
    if (!type) throw new Error(`The columnar reference cannot load ${table}.${column.name}: no DuckDB type for PostgreSQL's ${column.type}`)
    return `'${column.name}': '${type}'`
  })
  // DuckDB's own statement on a file this process wrote: the table and column names come from PostgreSQL's catalog.
  await duck.run(`create table ${table} as select * from read_json('${file}', format = 'newline_delimited', columns = {${types.join(', ')}})`)
  const reader = await duck.runAndReadAll(`select count(*)::int as n from ${table}`)
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0)
}

/** Copies every business table from PostgreSQL into a fresh in-memory DuckDB. */
export async function loadColumnar(sql: Sql): Promise<ColumnarEngine> {
  const started = performance.now()
  const instance = await DuckDBInstance.create(':memory:')
  const duck = await instance.connect()
  const folder = mkdtempSync(join(tmpdir(), 'luxx-columnar-'))
  let rows = 0
  try {
    for (const table of businessTables) rows += await copyTable(sql, duck, table, folder)
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
  return {
    loaded: { rows, seconds: Math.round((performance.now() - started) / 100) / 10 },
    async run(text, parameters) {
      // DuckDB binds named parameters itself ($from, $to, $as_of, $zone), only those the text names.
      const named = Object.fromEntries(Object.entries(parameters).filter(([name]) => new RegExp(`\\$${name}\\b`).test(text)))
      const reader = await duck.runAndReadAll(text, named)
      return reader.getRowObjectsJson() as Record<string, unknown>[]
    },
    close() {
      duck.closeSync()
      instance.closeSync()
    },
  }
}
