import { businessTables } from './business-tables.ts'
import type { Sql } from './database.ts'

export interface ColumnDescription {
  table: string
  column: string
  type: string
  comment: string | null
}

/** The business tables and views with their columns and the COMMENT ON text of the migrations. */
export async function describeBusinessSchema(sql: Sql): Promise<{ tables: Map<string, string | null>; columns: ColumnDescription[] }> {
  const tables = await sql<{ table: string; comment: string | null }[]>`
    select c.relname as table, obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relname = any(${[...businessTables]}::text[])
    order by array_position(${[...businessTables]}::text[], c.relname::text)`
  const columns = await sql<ColumnDescription[]>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
           col_description(c.oid, a.attnum) as comment
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relname = any(${[...businessTables]}::text[])
    order by array_position(${[...businessTables]}::text[], c.relname::text), a.attnum`
  return { tables: new Map(tables.map((row) => [row.table, row.comment])), columns }
}

export async function dataDictionaryDocument(sql: Sql): Promise<string> {
  const { tables, columns } = await describeBusinessSchema(sql)
  const lines = ['# Data dictionary', '', 'The business tables the vetted tools read (PostgreSQL).']
  for (const [table, comment] of tables) {
    lines.push('', `## ${table}`, '', comment ?? '', '', '| Column | Type | Meaning |', '| --- | --- | --- |')
    for (const column of columns.filter((entry) => entry.table === table)) {
      lines.push(`| ${column.column} | ${column.type} | ${(column.comment ?? '').replace(/\|/g, '\\|')} |`)
    }
  }
  return lines.join('\n')
}
