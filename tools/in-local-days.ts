import type { Fragment, ResolvedWindow, TransactionSql } from '../src/tools/define-tool.ts'

/**
 * A moment (timestamptz column) whose business day in `timeZone` falls in the window, written so an index on the
 * column finds it and the planner estimates it from the column's statistics: the moments more than two days inside
 * the window's local midnights are in it whatever the offset (no zone's offset has ever jumped by more than a day);
 * those within two days of either edge are tested exactly on their business day. So the rows are exactly those of
 * the exact test alone, but the estimate is the range's, not the fixed 0.5% PostgreSQL assumes for an expression
 * (a year of inventory was estimated at 2,590 items instead of 624,722, and read through 1.25M index probes).
 */
export function inLocalDays(sql: TransactionSql, column: Fragment, window: ResolvedWindow, timeZone: string): Fragment {
  const start = sql`(${window.from}::date::timestamp at time zone ${timeZone})`
  const end = sql`((${window.to}::date + 1)::timestamp at time zone ${timeZone})`
  return sql`(
    (${column} >= ${start} + interval '2 days' and ${column} < ${end} - interval '2 days')
    or (${column} >= ${start} - interval '2 days' and ${column} < ${end} + interval '2 days'
        and (${column} at time zone ${timeZone})::date between ${window.from}::date and ${window.to}::date)
  )`
}
