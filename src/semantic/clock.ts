/**
 * "Today" is the business clock: the date in the business time zone, or LUXX_AS_OF (--as-of) when a run must be
 * reproducible. How far the data reaches is a separate fact (coverage), never a stand-in for today.
 */
export function businessToday(timeZone: string, asOf?: string, now: Date = new Date()): string {
  if (asOf) return asOf
  return dayFormat(timeZone).format(now)
}

// Building a formatter loads its time zone's rules; every answer asks for today several times.
const dayFormats = new Map<string, Intl.DateTimeFormat>()

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone)
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timeZone, format)
  }
  return format
}
