/**
 * Wall-clock time in the business time zone. The generator thinks in local days and local times of day
 * (a show starts Thursday at 20:00 in New York, summer or winter) and stores instants; this file converts.
 * Days are whole days since 1970-01-01 (a civil date, no time zone); instants are whole seconds since the
 * epoch, small integers that cost the generator no allocations.
 */
import { formatIsoDate } from '../present/format.ts'

export const businessTimeZone = 'America/New_York'

export const secondsPerMinute = 60
export const secondsPerHour = 3_600
export const secondsPerDay = 86_400

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: businessTimeZone,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
})

// Intl is slow (tens of microseconds a call), so offsets are cached per UTC day; only the few days on which
// the offset changes are resolved hour by hour.
const offsetByDay = new Map<number, number | undefined>()
const offsetByHour = new Map<number, number>()

/** The business zone's offset from UTC at an instant, in seconds (−4 h or −5 h for New York). */
function offsetAt(instant: number): number {
  const day = Math.floor(instant / secondsPerDay)
  if (!offsetByDay.has(day)) {
    const atStart = offsetAtHour(day * 24)
    offsetByDay.set(day, atStart === offsetAtHour(day * 24 + 23) ? atStart : undefined)
  }
  return offsetByDay.get(day) ?? offsetAtHour(Math.floor(instant / secondsPerHour))
}

function offsetAtHour(hour: number): number {
  let offset = offsetByHour.get(hour)
  if (offset === undefined) {
    const parts = Object.fromEntries(wallClock.formatToParts(new Date(hour * secondsPerHour * 1000)).map((part) => [part.type, part.value]))
    const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)) / 1000
    offset = local - hour * secondsPerHour
    offsetByHour.set(hour, offset)
  }
  return offset
}

/**
 * The instant of a local wall-clock time. Around a change of offset both candidate offsets are tried:
 * in the autumn repeat the earlier instant wins; a time skipped in spring lands an hour later.
 */
export function instantOf(day: number, secondOfDay: number): number {
  const local = day * secondsPerDay + secondOfDay
  const before = offsetAt(local - 12 * secondsPerHour)
  if (offsetAt(local - before) === before) return local - before
  const after = offsetAt(local + 12 * secondsPerHour)
  return offsetAt(local - after) === after ? local - after : local - before
}

/** The local business day an instant falls on (what sales.date_sold stores). */
export function businessDayOf(instant: number): number {
  return Math.floor((instant + offsetAt(instant)) / secondsPerDay)
}

export function dayOf(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 1000 / secondsPerDay
}

export function isoDateOf(day: number): string {
  return formatIsoDate(new Date(day * secondsPerDay * 1000))
}

/** 0 = Sunday … 6 = Saturday, as PostgreSQL's extract(dow). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}

export function yearOf(day: number): number {
  return new Date(day * secondsPerDay * 1000).getUTCFullYear()
}

/** 1 = January … 12 = December. */
export function monthOf(day: number): number {
  return new Date(day * secondsPerDay * 1000).getUTCMonth() + 1
}
