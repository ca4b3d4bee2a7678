import { z } from 'zod'
import type { Fragment, TransactionSql } from '../db/database.ts'
import { dimensions } from '../semantic/index.ts'
import type { FilterDimension } from '../semantic/value-lookup.ts'

/**
 * An optional filter on a dimension whose values the data holds (brand, state, city, country, campaign, show). The
 * tool lists the field in its `filters`; the executor reads "hermes", "LV" or "Texas" as the value the data holds
 * and refuses an unknown value with the closest ones.
 */
export function valueFilter(dimension: FilterDimension, description: string) {
  const examples = {
    brand: "'hermes' reads as Hermès, 'LV' as Louis Vuitton, 'YSL' as Saint Laurent",
    region: "a US state by code or name: 'TX' or 'Texas'",
    city: "'nyc' reads as New York",
    country: "ISO code or name: 'US' or 'United States'",
  } as Partial<Record<FilterDimension, string>>
  const hint = examples[dimension] ? ` (any spelling or alias: ${examples[dimension]})` : ''
  return z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(`${description}${hint}. An unknown value is refused with the closest ones. Default: every ${dimensions[dimension].label.toLowerCase()}.`)
}

/**
 * The one way a dimension filter compares: `and column = value`, or nothing without a value. The executor has
 * already read the value as the data spells it ("hermes" → "Hermès"), so every tool compares exactly.
 */
export function filterOn(sql: TransactionSql, column: Fragment, value: string | undefined): Fragment {
  return value === undefined ? sql`` : sql`and ${column} = ${value}`
}
