import type { Database } from '../db/database.ts'
import type { Caller } from '../auth/caller.ts'
import { listReports } from '../reports/report-store.ts'
import type { DimensionName } from '../semantic/dimensions.ts'
import { namedPeriods } from '../semantic/periods.ts'
import { fold } from '../semantic/value-lookup.ts'
import { valueIndexFor } from '../tools/value-index.ts'

/** What completes a prompt argument (its front matter's `completes`), for what has been typed so far. */
export async function promptCompletions(
  completes: DimensionName | 'period' | string[],
  typed: string,
  database: () => Promise<Database>,
): Promise<string[]> {
  if (completes === 'period' || Array.isArray(completes)) {
    const list = completes === 'period' ? [...namedPeriods] : completes
    const folded = fold(typed)
    return [...list.filter((value) => fold(value).startsWith(folded)), ...list.filter((value) => !fold(value).startsWith(folded) && fold(value).includes(folded))]
  }
  return (await valueIndexFor(await database())).complete(completes, typed, 100)
}

/** The ids of the stored reports the caller may open (their own, or every one for an admin), newest first, those starting with what was typed. */
export async function reportIdCompletions(typed: string, database: Database, caller: Caller): Promise<string[]> {
  const reports = await listReports(database.sql, { limit: 100, readableBy: caller })
  return reports.map((report) => report.id).filter((id) => id.startsWith(typed.trim()))
}
