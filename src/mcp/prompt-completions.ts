import type { Database } from '../db/database.ts'
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
