import type { Fragment, ResolvedWindow, TransactionSql } from '../src/tools/define-tool.ts'

/**
 * A moment (timestamptz column) whose business day in `timeZone` falls in the window, written so an index on the
 * column finds it: a range two days wider than the window's local midnights on each side (no zone's offset has
 * ever jumped by more than a day), then the exact test on the business day, so the rows are exactly those of the test alone.
 */
export function inLocalDays(sql: TransactionSql, column: Fragment, window: ResolvedWindow, timeZone: string): Fragment {
  return sql`${column} >= (${window.from}::date::timestamp at time zone ${timeZone}) - interval '2 days'
    and ${column} < ((${window.to}::date + 1)::timestamp at time zone ${timeZone}) + interval '2 days'
    and (${column} at time zone ${timeZone})::date between ${window.from}::date and ${window.to}::date`
}
