import type { NamedDay, NamedPeriod } from '../../tools/time-window.ts'
import { formatDate, latestNamedDay, namedDayRange } from '../../tools/time-window.ts'
import { addDays, addMonths, resolvePeriod, windowFor } from '../../semantic/periods.ts'
import { ConsumableText } from './consumable-text.ts'
import { countSource, readCount } from './number-words.ts'

/**
 * Reads the time a question is about: a named period ("last 30 days", "this quarter", "YTD"), explicit
 * dates ("in March 2025", "Q1 2025", "between 2025-01-01 and 2025-02-15"), and a comparison ("vs last year",
 * "vs the week before"). Named periods end at the data's latest day, as the tools resolve them.
 */
export type WindowReading = { period: NamedPeriod } | { from?: string; to?: string }

export interface TimeReading {
  window?: WindowReading
  comparison?: 'previous_period' | 'last_year'
  /** A base named for the comparison that is neither the period before nor a year earlier ("March against January"). */
  otherBase?: { from: string; to: string }
  /** Time words left over that no reader understood ("mid September"): said as not applied, never silently dropped. */
  unread: string[]
  /** How the reading was made, when it needed a guess. */
  notes: string[]
}

const monthNames = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
] as const
const monthSource = `(${monthNames.flat().join('|')})\\.?`
const comparator = '(?:vs\\.?|versus|compared? (?:it |that |this )?(?:to|with)|against|than|over)'
const isoDateSource = '(\\d{4}-\\d{2}-\\d{2})'

const weekdayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']

/** Words the time reader knows, which a speller must leave as typed ("friday" is no typo of "florida"). */
export const timeWords: readonly string[] = [
  ...monthNames.flat(),
  ...weekdayNames,
  'black', 'cyber', 'thanksgiving', 'christmas', 'xmas', 'valentine', 'valentines', 'mother', 'mothers', 'weekend', 'yesterday', 'today',
  'ytd', 'mtd', 'qtd', 'wtd', 'ttm', 'yoy', 'mom', 'wow', 'qoq',
]

function monthIndex(name: string): number {
  return monthNames.findIndex((names) => (names as readonly string[]).includes(name))
}

function monthRange(year: number, month: number): { from: string; to: string } {
  const first = new Date(Date.UTC(year, month, 1))
  const last = new Date(Date.UTC(year, month + 1, 0))
  return { from: formatDate(first), to: formatDate(last) }
}

function plausibleYear(year: number): boolean {
  return year >= 2000 && year <= 2100
}

const namedPatterns: { pattern: RegExp; period: NamedPeriod }[] = [
  { pattern: /\b(?:last|past|previous|prior|trailing) (?:7|seven) days\b|\bpast week\b/, period: 'last_7_days' },
  { pattern: /\b(?:last|past|previous|prior|trailing) (?:30|thirty) days\b|\bpast month\b/, period: 'last_30_days' },
  { pattern: /\b(?:last|past|previous|prior|trailing) (?:90|ninety) days\b|\b(?:last|past|trailing) (?:3|three) months\b|\bpast quarter\b/, period: 'last_90_days' },
  { pattern: /\b(?:last|past|previous|prior|trailing) (?:12|twelve) months\b|\bpast year\b|\b(?:last|past) 365 days\b|\bttm\b/, period: 'last_12_months' },
  { pattern: /\bthis week\b|\bweek to date\b|\bwtd\b/, period: 'this_week' },
  { pattern: /\b(?:last|previous|prior) week\b/, period: 'last_week' },
  { pattern: /\bthis month\b|\bmonth to date\b|\bmtd\b/, period: 'this_month' },
  { pattern: /\b(?:last|previous|prior) month\b/, period: 'last_month' },
  { pattern: /\bthis quarter\b|\bquarter to date\b|\bqtd\b/, period: 'this_quarter' },
  { pattern: /\b(?:last|previous|prior) quarter\b/, period: 'last_quarter' },
  { pattern: /\bytd\b|\byear to date\b|\bso far this year\b|\b(?:since|from) the (?:start|beginning) of (?:the|this) year\b/, period: 'ytd' },
  { pattern: /\b(?:since|from) the (?:start|beginning) of (?:the|this) month\b/, period: 'this_month' },
  { pattern: /\b(?:since|from) the (?:start|beginning) of (?:the|this) quarter\b/, period: 'this_quarter' },
  { pattern: /\bthis year\b/, period: 'this_year' },
  { pattern: /\b(?:last|previous|prior) year\b/, period: 'last_year' },
  { pattern: /\ball[\s-]time\b|\bever\b|\bsince (?:we )?(?:started|opened|launched|the beginning)\b|\bfrom the start\b/, period: 'all_time' },
]

/**
 * "the last 6 weeks", "past 2 months": the span that long ending today, as dates. A week is 7 days; months, quarters
 * and years are calendar lengths back from today, as the last 12 months are (src/semantic/periods.ts).
 */
function rollingSpan(count: number, unit: string, today: Date): { from: string; to: string } {
  const to = formatDate(today)
  if (unit === 'day' || unit === 'week') return { from: addDays(to, -(count * (unit === 'week' ? 7 : 1) - 1)), to }
  const months = count * (unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1)
  return { from: addDays(addMonths(to, -months), 1), to }
}

interface ComparisonReading {
  comparison: NonNullable<TimeReading['comparison']>
  /** The window a bare "year over year" or "month over month" means when no period is named. */
  window?: WindowReading
}

function readComparison(text: ConsumableText): ComparisonReading | undefined {
  if (text.take(new RegExp(`\\b${comparator}\\s+(?:the\\s+)?(?:same (?:period|time|week|month|quarter) )?(?:last|previous|prior) year\\b`)) || text.take(/\bsame period last year\b/)) {
    return { comparison: 'last_year' }
  }
  if (text.take(/\byear[\s-]over[\s-]year\b|\byoy\b/)) return { comparison: 'last_year', window: { period: 'last_12_months' } }
  if (
    text.take(new RegExp(`\\b${comparator}\\s+(?:the\\s+)?(?:week|month|quarter|year|period|day) before\\b`)) ||
    text.take(new RegExp(`\\b${comparator}\\s+(?:the\\s+)?(?:previous|prior|last) (?:period|week|month|quarter|day)\\b`))
  ) {
    return { comparison: 'previous_period' }
  }
  // "Month over month" alone: the last whole month against the one before.
  const grain = text.take(/\b(week|month|quarter)[\s-]over[\s-](?:week|month|quarter)\b|\b(wow|mom|qoq)\b/)
  if (grain) {
    const unit = grain[1] ?? { wow: 'week', mom: 'month', qoq: 'quarter' }[grain[2] as 'wow' | 'mom' | 'qoq']
    return { comparison: 'previous_period', window: { period: `last_${unit}` as NamedPeriod } }
  }
  return undefined
}

const namedDaySources: Array<[string, NamedDay]> = [
  ['black friday', 'black_friday'],
  ['cyber monday', 'cyber_monday'],
  ['thanksgiving(?: day)?', 'thanksgiving'],
  ['christmas eve', 'christmas_eve'],
  ['christmas(?: day)?|xmas', 'christmas'],
  ["valentine['’]?s(?: day)?", 'valentines_day'],
  ["mother['’]?s day", 'mothers_day'],
  ["new year['’]?s(?: day)?", 'new_years_day'],
]

/**
 * "on Black Friday", "Black Friday 2025", "Black Friday weekend" (Friday to Sunday), "since Black Friday": named days
 * by rule for any year; without a year, the latest one on or before today.
 */
function readNamedDay(text: ConsumableText, today: Date, notes: string[]): WindowReading | undefined {
  for (const [source, name] of namedDaySources) {
    const found = text.take(new RegExp(`\\b(?:(since|after|on|for|during|over)\\s+)?(?:the\\s+)?(${source})(\\s+weekend)?(?:\\s+(?:of\\s+)?(\\d{4}))?\\b`))
    if (!found) continue
    const days = found[3] ? 3 : 1
    const year = found[4] && plausibleYear(Number(found[4])) ? Number(found[4]) : undefined
    const start = year !== undefined ? namedDayRange(name, year, days).from : latestNamedDay(name, formatDate(today))
    if (year === undefined) notes.push(`No year was given for ${found[2]}; read as the latest one, ${start}.`)
    if (found[1] === 'since' || found[1] === 'after') return { from: start }
    return { from: start, to: namedDayRange(name, Number(start.slice(0, 4)), days).to }
  }
  return undefined
}

const seasonStartMonth: Record<string, number> = { spring: 2, summer: 5, autumn: 8, fall: 8, winter: 11 }

/**
 * "last summer": the latest summer that has ended; "this summer": this year's (to today if under way); "summer 2025";
 * a bare "summer" is the latest that has begun. Winter starts in December and runs into the next year.
 */
function seasonRange(name: string, which: string | undefined, year: number | undefined, today: Date, notes: string[]): { from: string; to: string } {
  const start = seasonStartMonth[name]!
  const span = (startYear: number) => ({ from: monthRange(startYear, start).from, to: monthRange(startYear + Math.floor((start + 2) / 12), (start + 2) % 12).to })
  if (year !== undefined) return span(year)
  const todayText = formatDate(today)
  let startYear = today.getUTCFullYear()
  while (span(startYear).from > todayText) startYear -= 1
  if ((which === 'last' || which === 'past') && span(startYear).to >= todayText) startYear -= 1
  const range = span(startYear)
  notes.push(`Read "${which ? `${which} ` : ''}${name}" as ${range.from} to ${range.to}.`)
  return range
}

/** A month without a year: the latest such month up to today, and the note that says so. */
function latestMonth(month: number, today: Date, notes: string[]): { from: string; to: string } {
  const yearOf = month <= today.getUTCMonth() ? today.getUTCFullYear() : today.getUTCFullYear() - 1
  const name = monthNames[month]![0]
  const title = `${name[0]!.toUpperCase()}${name.slice(1)}`
  notes.push(`No year was given for ${title}; read as ${title} ${yearOf}.`)
  return monthRange(yearOf, month)
}

const weekOrdinals: Record<string, number> = { first: 0, '1st': 0, second: 1, '2nd': 1, third: 2, '3rd': 2, fourth: 3, '4th': 3 }

/** "The first week of October": its days 1–7 (8–14, 15–21, 22–28); "the last week of October": its last seven days. */
function weekOfMonth(which: string, month: number, year: number | undefined, today: Date, notes: string[]): { from: string; to: string } {
  const whole = year !== undefined && plausibleYear(year) ? monthRange(year, month) : latestMonth(month, today, notes)
  const offset = weekOrdinals[which]
  const span = offset === undefined ? { from: addDays(whole.to, -6), to: whole.to } : { from: addDays(whole.from, offset * 7), to: addDays(whole.from, offset * 7 + 6) }
  notes.push(`Read "the ${which} week" of the month as its days ${span.from} to ${span.to}.`)
  return span
}

/** "Between March and May": this year's when it has begun (or "this year"), else last year's; "November to February" crosses a year. */
function monthsSpan(start: number, end: number, which: string | undefined, today: Date, notes: string[]): { from: string; to: string } {
  const thisYear = today.getUTCFullYear()
  const year = which === 'this' ? thisYear : which === 'last' ? thisYear - 1 : start <= today.getUTCMonth() ? thisYear : thisYear - 1
  const span = { from: monthRange(year, start).from, to: monthRange(end < start ? year + 1 : year, end).to }
  if (!which) notes.push(`No year was given; read as ${span.from} to ${span.to}.`)
  return span
}

/**
 * "Last weekend": the latest Saturday and Sunday that have ended; "this weekend": the one under way, else the last one.
 */
function readWeekend(text: ConsumableText, today: Date, notes: string[]): WindowReading | undefined {
  const found = text.take(/\b(last|past|previous|this)\s+weekend\b/)
  if (!found) return undefined
  const day = today.getUTCDay()
  const todayText = formatDate(today)
  const underWay = found[1] === 'this' && (day === 6 || day === 0)
  const span = underWay
    ? { from: day === 6 ? todayText : addDays(todayText, -1), to: todayText }
    : { from: addDays(todayText, -(day === 0 ? 7 : day) - 1), to: addDays(todayText, -(day === 0 ? 7 : day)) }
  notes.push(`Read "${found[0].trim()}" as ${span.from} to ${span.to}.`)
  return span
}

function readExplicitDates(text: ConsumableText, today: Date, notes: string[]): WindowReading | undefined {
  const named = readNamedDay(text, today, notes)
  if (named) return named
  const weekend = readWeekend(text, today, notes)
  if (weekend) return weekend
  const half = text.take(/\b(?:(?:in|during|for|of)\s+)?(?:the\s+)?(?:(first|1st|second|2nd) half(?: of)?\s+(\d{4})|h([12])\s+(\d{4})|(\d{4})\s+h([12]))\b/)
  if (half) {
    const second = half[1] ? /^(second|2nd)$/.test(half[1]) : (half[3] ?? half[6]) === '2'
    const year = Number(half[2] ?? half[4] ?? half[5])
    if (plausibleYear(year)) return second ? { from: `${year}-07-01`, to: `${year}-12-31` } : { from: `${year}-01-01`, to: `${year}-06-30` }
  }
  const range = text.take(new RegExp(`\\b(?:from|between)\\s+${isoDateSource}\\s+(?:to|and|until|through|-)\\s+${isoDateSource}\\b`))
  if (range) return { from: range[1]!, to: range[2]! }
  const since = text.take(new RegExp(`\\b(?:since|from|after)\\s+${isoDateSource}\\b`))
  if (since) return { from: since[1]! }
  const until = text.take(new RegExp(`\\b(?:until|through|before|up to)\\s+${isoDateSource}\\b`))
  if (until) return { to: until[1]! }
  const single = text.take(new RegExp(`\\b(?:on\\s+)?${isoDateSource}\\b`))
  if (single) return { from: single[1]!, to: single[1]! }

  const weekOf = text.take(new RegExp(`\\b(?:the\\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|last|final)\\s+week\\s+of\\s+${monthSource}(?:\\s+(\\d{4}))?`))
  if (weekOf) return weekOfMonth(weekOf[1]!, monthIndex(weekOf[2]!), weekOf[3] ? Number(weekOf[3]) : undefined, today, notes)
  const monthStart = text.take(new RegExp(`\\b(?:since|from)\\s+(?:the\\s+)?(?:start|beginning)\\s+of\\s+${monthSource}(?:\\s+(\\d{4}))?`))
  if (monthStart) {
    const month = monthIndex(monthStart[1]!)
    return { from: monthStart[2] && plausibleYear(Number(monthStart[2])) ? monthRange(Number(monthStart[2]), month).from : latestMonth(month, today, notes).from }
  }
  const monthSpan = text.take(new RegExp(`\\b(?:from|between)\\s+${monthSource}\\s+(?:to|and|through|until|-)\\s+${monthSource}\\s+(\\d{4})\\b`))
  if (monthSpan && plausibleYear(Number(monthSpan[3]))) {
    const year = Number(monthSpan[3])
    return { from: monthRange(year, monthIndex(monthSpan[1]!)).from, to: monthRange(year, monthIndex(monthSpan[2]!)).to }
  }
  // "Between March and May (this year)": a year named after it, else the latest span that has begun.
  const openSpan = text.take(new RegExp(`\\b(?:from|between)\\s+${monthSource}\\s+(?:to|and|through|until|-)\\s+${monthSource}(?:\\s+(this|last)\\s+year)?\\b`))
  if (openSpan) return monthsSpan(monthIndex(openSpan[1]!), monthIndex(openSpan[2]!), openSpan[3], today, notes)
  const sinceMonth = text.take(new RegExp(`\\bsince\\s+${monthSource}\\s+(\\d{4})\\b`))
  if (sinceMonth && plausibleYear(Number(sinceMonth[2]))) {
    return { from: monthRange(Number(sinceMonth[2]), monthIndex(sinceMonth[1]!)).from }
  }
  const monthYear = text.take(new RegExp(`\\b(?:(?:in|during|for|of)\\s+)?${monthSource}\\s+(\\d{4})\\b`))
  if (monthYear && plausibleYear(Number(monthYear[2]))) return monthRange(Number(monthYear[2]), monthIndex(monthYear[1]!))

  const quarter = text.take(/\bq([1-4])\s*(?:of\s+)?(\d{4})\b|\b(\d{4})\s*q([1-4])\b/)
  if (quarter) {
    const number = Number(quarter[1] ?? quarter[4])
    const year = Number(quarter[2] ?? quarter[3])
    if (plausibleYear(year)) {
      return { from: monthRange(year, (number - 1) * 3).from, to: monthRange(year, (number - 1) * 3 + 2).to }
    }
  }
  // A quarter without a year ("Q2 this year", "Q3 numbers"): this year's when it has begun, else last year's.
  const bareQuarter = text.take(/\bq([1-4])\b(?:\s+(?:of\s+)?(this|last)\s+year\b)?/)
  if (bareQuarter) {
    const number = Number(bareQuarter[1])
    const thisYear = today.getUTCFullYear()
    const begun = (number - 1) * 3 <= today.getUTCMonth()
    const year = bareQuarter[2] === 'last' ? thisYear - 1 : bareQuarter[2] === 'this' || begun ? thisYear : thisYear - 1
    if (!bareQuarter[2]) notes.push(`No year was given for Q${number}; read as Q${number} ${year}.`)
    return { from: monthRange(year, (number - 1) * 3).from, to: monthRange(year, (number - 1) * 3 + 2).to }
  }
  // Seasons of the northern year: summer June–August, autumn September–November, winter December–February, spring March–May.
  // A season needs its "last", "this", "in the" or year: "fall" alone is a verb ("why did orders fall").
  const season =
    text.take(/\b(last|this|past)\s+(summer|autumn|fall|winter|spring)\b(?:\s+(20\d{2}))?/) ??
    text.take(/\b()(summer|autumn|fall|winter|spring)\s+(?:of\s+)?(20\d{2})\b/) ??
    text.take(/\b(?:in|during|over)\s+the\s+()(summer|autumn|fall|winter|spring)\b()/)
  if (season) return seasonRange(season[2]!, season[1] || undefined, season[3] ? Number(season[3]) : undefined, today, notes)
  const sinceYear = text.take(/\bsince\s+(20\d{2})\b/)
  if (sinceYear && plausibleYear(Number(sinceYear[1]))) return { from: `${sinceYear[1]}-01-01` }
  const year = text.take(/\b(?:(?:in|during|for|of)\s+)?(20\d{2})\b(?!-)/)
  if (year && plausibleYear(Number(year[1]))) return { from: `${year[1]}-01-01`, to: `${year[1]}-12-31` }

  const day = text.take(/\b(yesterday|today)\b/)
  if (day) {
    const date = day[1] === 'yesterday' ? addDays(formatDate(today), -1) : formatDate(today)
    return { from: date, to: date }
  }

  // A month without a year: the latest such month up to today.
  const bareMonth = text.take(new RegExp(`\\b(?:in|during|for|since)\\s+${monthSource}(?![a-z])`))
  if (bareMonth) {
    const span = latestMonth(monthIndex(bareMonth[1]!), today, notes)
    return bareMonth[0].trim().startsWith('since') ? { from: span.from } : span
  }
  // A month named as the subject ("how did October compare with last year"); short names and "may" are too often other words.
  const subjectMonth = text.take(/\b(january|february|march|april|june|july|august|september|october|november|december)\b/)
  if (subjectMonth) return latestMonth(monthIndex(subjectMonth[1]!), today, notes)
  return undefined
}

/**
 * "The week before last", "two months ago": the calendar period that many back from the last whole one, by the period
 * model's previous period (Monday–Sunday weeks, calendar months, quarters and years), said in a note.
 */
function readPeriodsBack(text: ConsumableText, today: Date, notes: string[]): WindowReading | undefined {
  const beforeLast = text.take(/\b(?:the\s+)?(week|month|quarter|year)\s+before\s+last\b/)
  // countSource holds a group of its own: the count is group 1 (absent for "a"), the unit group 2.
  const ago = beforeLast ? undefined : text.take(new RegExp(`\\b(?:${countSource}|an?)\\s+(week|month|quarter|year)s?\\s+ago\\b`))
  const found = beforeLast ?? ago
  if (!found) return undefined
  const unit = (beforeLast ? beforeLast[1] : ago![2]) as 'week' | 'month' | 'quarter' | 'year'
  const back = beforeLast ? 2 : ago![1] === undefined ? 1 : readCount(ago![1])
  if (back === undefined || back < 1 || back > 120) return undefined
  const asOf = formatDate(today)
  let span: { from: string; to: string } = resolvePeriod(`last_${unit}`, asOf, '1900-01-01')
  for (let step = 1; step < back; step++) {
    const before = windowFor(span, asOf).comparisons.find((comparison) => comparison.kind === 'previous_period')
    if (!before) return undefined
    span = before
  }
  notes.push(`Read "${found[0].trim()}" as the ${unit} ${span.from} to ${span.to}.`)
  return { from: span.from, to: span.to }
}

function readNamedPeriod(text: ConsumableText, today: Date, notes: string[]): WindowReading | undefined {
  const back = readPeriodsBack(text, today, notes)
  if (back) return back
  for (const { pattern, period } of namedPatterns) {
    if (text.take(pattern)) return { period }
  }
  const other = text.take(new RegExp(`\\b(?:last|past|previous|prior|trailing)\\s+${countSource}\\s+(day|week|month|quarter|year)s?\\b`))
  if (other) {
    const count = readCount(other[1]!)
    if (count !== undefined && count > 0) {
      const span = rollingSpan(count, other[2]!, today)
      notes.push(`Read "${other[0].trim()}" as ${span.from} to ${span.to}.`)
      return span
    }
  }
  const fortnights = text.take(new RegExp(`\\b(?:last|past|previous|prior|trailing)\\s+(?:${countSource}\\s+)?fortnights?\\b`))
  if (fortnights) {
    const count = fortnights[1] === undefined ? 1 : readCount(fortnights[1])
    if (count !== undefined && count > 0) {
      const span = rollingSpan(count * 14, 'day', today)
      notes.push(`Read "${fortnights[0].trim()}" as ${span.from} to ${span.to}.`)
      return span
    }
  }
  if (text.take(/\brecently\b|\blately\b/)) {
    notes.push('Read "recently" as the last 30 days.')
    return { period: 'last_30_days' }
  }
  return undefined
}

type DateSpan = { from: string; to: string }

// Time words that remain once every reader has taken what it understands: a month ("from mid September to mid
// October"), "ago", "fortnight", "weekend", "mid…". "May" counts only beside a year or after "and", "to", "until".
const leftoverTime = [
  /\b(?:january|february|march|april|june|july|august|september|october|november|december)\b/g,
  /\bmay\s+\d{4}\b|\b(?:and|to|through|until)\s+may\b/g,
  /\b(?:\w+\s+)?(?:fortnights?|weekend)\b/g,
  /\b(?:\w+\s+){0,2}ago\b/g,
  /\bmid\b(?:-\w+)?/g,
]

function unreadTime(rest: string): string[] {
  return leftoverTime.flatMap((pattern) => [...rest.matchAll(pattern)].map((match) => match[0].trim()))
}

function isSpan(window: WindowReading | undefined): window is DateSpan {
  return window !== undefined && 'from' in window && window.from !== undefined && window.to !== undefined
}

/**
 * "December 2025 compared to December 2024", "Q3 vs Q2 2026": two spans of dates, the later one the window and the
 * earlier its base, when the base is the window's previous period or the same period a year earlier (the comparisons
 * every tool makes); another base is kept apart (otherBase), for the reading to say no tool applies it.
 */
function readSecondSpan(
  text: ConsumableText,
  first: DateSpan,
  today: Date,
): { window: DateSpan; comparison?: ComparisonReading['comparison']; otherBase?: DateSpan } | undefined {
  if (!new RegExp(`\\b${comparator}\\b`).test(text.text)) return undefined
  const trial = new ConsumableText(text.text)
  trial.take(new RegExp(`\\b${comparator}\\b`))
  const second = readExplicitDates(trial, today, [])
  if (!isSpan(second)) return undefined
  text.take(new RegExp(`\\b${comparator}\\b`))
  readExplicitDates(text, today, [])
  const [window, base] = second.from > first.from ? [second, first] : [first, second]
  const kind = windowFor(window, formatDate(today)).comparisons.find((comparison) => comparison.from === base.from && comparison.to === base.to)?.kind
  if (kind === 'previous_period' || kind === 'last_year') return { window, comparison: kind }
  return { window, otherBase: base }
}

export function readTime(text: ConsumableText, today: Date): TimeReading {
  const notes: string[] = []
  const compared = readComparison(text)
  let window = readExplicitDates(text, today, notes) ?? readNamedPeriod(text, today, notes) ?? compared?.window
  let comparison = compared?.comparison
  let otherBase: DateSpan | undefined
  if (!comparison && isSpan(window)) {
    const both = readSecondSpan(text, window, today)
    if (both) {
      window = both.window
      comparison = both.comparison
      otherBase = both.otherBase
    }
  }
  const unread = unreadTime(text.text)
  if (window && window === compared?.window && 'period' in window) {
    notes.push(`Read the comparison without a period as the ${window.period.replace(/_/g, ' ')} against ${compared.comparison === 'last_year' ? 'the same span a year earlier' : 'the one before'}.`)
  }
  return { ...(window ? { window } : {}), ...(comparison ? { comparison } : {}), ...(otherBase ? { otherBase } : {}), unread, notes }
}
