import type { ConsumableText } from './consumable-text.ts'
import { countSource, readCount } from './number-words.ts'

/**
 * Reads the numbers a question sets, keyed by the tool field they fill: "inactive for 60 days" →
 * inactive_days, "next quarter" → horizon_days, "at least 3 shows" → min_shows, "sitting for more than
 * 90 days" → days, and "top 5" → limit.
 * Thresholds are read before the time reader (so "no purchase in the last 60 days" is not a window);
 * the limit after it (so "2024" is a year, not a count).
 */
const unitDays: Record<string, number> = { day: 1, week: 7, month: 30, quarter: 90, year: 365 }

function days(count: string, unit: string): number | undefined {
  const value = readCount(count)
  return value === undefined ? undefined : value * (unitDays[unit] ?? 1)
}

const unit = '(day|week|month|quarter|year)s?'

export function readThresholds(text: ConsumableText): Map<string, number> {
  const found = new Map<string, number>()
  const set = (field: string, value: number | undefined) => {
    if (value !== undefined && !found.has(field)) found.set(field, value)
  }

  const inactive = text.take(
    new RegExp(
      `\\b(?:inactive|quiet|dormant|lapsed|no (?:purchases?|orders?)|without (?:a |any )?(?:purchases?|orders?|buying|ordering)|not (?:bought|purchased|ordered)|(?:haven'?t|hasn'?t|didn'?t) (?:bought|purchased|ordered)(?: anything)?)` +
        `(?: (?:for|in|within))?(?: (?:the )?(?:last|past))?(?: (?:over|more than))? ${countSource}\\+? ${unit}\\b`,
    ),
  )
  if (inactive) set('inactive_days', days(inactive[1]!, inactive[2]!))

  const horizon = text.take(new RegExp(`\\b(?:next|coming|following) ${countSource} ${unit}\\b`))
  if (horizon) set('horizon_days', days(horizon[1]!, horizon[2]!))
  const horizonWord = text.take(/\b(?:next|coming) (day|week|month|quarter|year)\b/)
  if (horizonWord) set('horizon_days', unitDays[horizonWord[1]!])

  const lookback = text.take(new RegExp(`\\b${countSource}[ -]day (?:lookback|look-back|attribution window|window)\\b|\\blookback (?:of )?${countSource} days\\b`))
  if (lookback) set('lookback_days', readCount(lookback[1] ?? lookback[2] ?? ''))

  const minimumShows = text.take(new RegExp(`\\b(?:at least|minimum(?: of)?|min) ${countSource} (?:live )?shows\\b|\\b${countSource} or more (?:live )?shows\\b`))
  if (minimumShows) set('min_shows', readCount(minimumShows[1] ?? minimumShows[2] ?? ''))

  // "over 6 months" is a retention horizon only when the question is about cohorts; otherwise it is a window.
  const months = /cohort|retention|retain/.test(text.text) && text.take(new RegExp(`\\b(?:first|over|across|for|up to) ${countSource} months\\b|\\b${countSource}[ -]month (?:retention|cohorts?)\\b`))
  if (months) set('max_months', readCount(months[1] ?? months[2] ?? ''))

  // Stock under a count: "fewer than 3 left", "under 2 in stock"; "low in stock" is under 2 (one piece or none, as
  // resale items are unique) and "out of stock" under 1.
  const fewer = text.take(new RegExp(`\\b(?:fewer than|less than|under|below) ${countSource} (?:(?:units?|items?|pieces?) )?(?:left|in stock|on hand)\\b`))
  if (fewer) set('below', readCount(fewer[1]!))
  if (text.take(/\b(?:low (?:in )?stock|low-stock|running low|short on stock)\b/)) set('below', 2)
  if (text.take(/\b(?:out of stock|sold out)\b|\bwhat (?:are|have) we (?:run |sold )?out of\b/)) set('below', 1)

  const age = text.take(new RegExp(`\\b(?:more than|over|at least|longer than|older than) ${countSource} ${unit}\\b`))
  if (age) set('days', days(age[1]!, age[2]!))
  return found
}

export function readLimit(text: ConsumableText): number | undefined {
  const limit =
    // "top 20%" is a share, not a count of rows.
    text.take(new RegExp(`\\b(?:top|bottom|first|best|worst|leading|biggest|largest|smallest|limit(?: to)?|show me|list) ${countSource}\\b(?!\\s?%|\\s?percent)`)) ??
    text.take(new RegExp(`\\b${countSource} (?:best|top|worst|biggest|largest|most|least|highest|lowest|leading)\\b`))
  return limit ? readCount(limit[1]!) : undefined
}
