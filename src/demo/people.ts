import { instantOf, secondsPerHour } from './business-time.ts'
import type { DemoWindow } from './demand-plan.ts'
import { contactPreferences, familyNames, givenNames, places, type Place } from './people-data.ts'
import type { Random } from './random.ts'
import type { Day, UserRow } from './rows.ts'
import type { ScaleProfile } from './scale-profiles.ts'
import { WeightedChoice } from './weighted-choice.ts'

/** A buyer as the sales generator sees them: how much they buy and when they can. */
export interface Customer {
  id: string
  /** Relative buying power; lognormal, so a fifth of the customers bring most of the revenue. */
  weight: number
  /** First month (0 = the window's first month, see DemoWindow) in which the customer buys at random. */
  firstMonth: number
  /** Month from which they no longer buy at random; `monthCount` when they never stop. */
  endMonth: number
}

export interface Consignor {
  id: string
  weight: number
}

/** A purchase that must happen on a given day: a customer's first, or a silent customer's last. */
export interface ScheduledPurchase {
  day: Day
  customerId: string
}

export interface People {
  users: UserRow[]
  customers: Customer[]
  consignors: Consignor[]
  scheduledPurchases: ScheduledPurchase[]
}

// σ of the lognormal buying power: the top fifth of customers bring about 70 % of revenue.
const buyingPowerSpread = 1.37
/** Customers who were with the shop before the window; the others join during it, more in busy months. */
const preWindowShare = 0.45
/** Ordinary churn: customers who stop buying for good in some month. */
const naturalLapseShare = 0.25
const emailDomains = ['example.com', 'example.net', 'example.org']

/**
 * The silent high-value group: some of the strongest customers, all with the shop since before the window,
 * whose last purchase falls 120–230 days before the window ends.
 */
const silentGroup = { minimum: 18, share: 0.015, candidateShare: 0.06, lastPurchaseDaysBeforeEnd: [120, 230] as const }

export function createPeople(random: Random, profile: ScaleProfile, window: DemoWindow): People {
  const { firstDay, lastDay, monthCount } = window
  const monthIndexOf = (day: number) => window.monthIndexOf(day)
  const placeChoice = WeightedChoice.of(places, (place) => place.weight)
  const preferenceChoice = WeightedChoice.of(contactPreferences, (entry) => entry.weight)
  const joinDays = Array.from({ length: lastDay - 15 - firstDay + 1 }, (_, offset) => firstDay + offset)
  const inWindowJoinChoice = WeightedChoice.of(joinDays, (day) => window.demandOf(day))
  const users: UserRow[] = []

  const person = (userType: UserRow['userType'], joinDay: number, handle: (given: string, family: string, number: number) => string): UserRow => {
    const given = random.pick(givenNames)
    const family = random.pick(familyNames)
    const number = users.length + 1
    const place = placeChoice.pick(random)
    const row: UserRow = {
      id: random.uuid(),
      username: handle(given.toLowerCase(), family.toLowerCase(), number),
      email: `${given}.${family}${number}@${random.pick(emailDomains)}`.toLowerCase(),
      fullName: `${given} ${family}`,
      userType,
      phone: random.chance(0.9) ? phoneNumber(random, place) : null,
      city: place.city,
      region: place.region,
      country: place.country,
      contactPreference: preferenceChoice.pick(random).preference,
      createdAt: instantOf(joinDay, random.integer(8 * secondsPerHour, 23 * secondsPerHour)),
    }
    users.push(row)
    return row
  }

  const weights = Array.from({ length: profile.customers }, () => Math.exp(buyingPowerSpread * random.normal()))
  const silent = silentCustomers(random, weights)
  const customers: Customer[] = []
  const scheduledPurchases: ScheduledPurchase[] = []
  const earliestJoin = window.shifted('2021-03-01')
  weights.forEach((weight, index) => {
    const isSilent = silent.has(index)
    const preWindow = isSilent || random.chance(preWindowShare)
    const joinDay = preWindow ? random.integer(earliestJoin, firstDay - 7) : inWindowJoinChoice.pick(random)
    const row = person('buyer', joinDay, (given, family, number) =>
      random.pick([`${given}.${family}${number}`, `${given}${family.slice(0, 1)}_${number}`, `luxe.${given}${number}`]),
    )
    const firstMonth = preWindow ? 0 : monthIndexOf(joinDay) + 1
    let endMonth = monthCount
    // Every customer buys at least once in the window, so "customers" means the same in users and in sales.
    scheduledPurchases.push({ day: preWindow ? firstDay + random.integer(0, 89) : joinDay + random.integer(1, 14), customerId: row.id })
    if (isSilent) {
      const lastPurchaseDay = lastDay - random.integer(...silentGroup.lastPurchaseDaysBeforeEnd)
      scheduledPurchases.push({ day: lastPurchaseDay, customerId: row.id })
      endMonth = monthIndexOf(lastPurchaseDay)
    } else if (random.chance(naturalLapseShare) && firstMonth + 3 < monthCount) {
      endMonth = random.integer(firstMonth + 3, monthCount - 1)
    }
    customers.push({ id: row.id, weight, firstMonth, endMonth })
  })

  const consignors = Array.from({ length: profile.consignors }, () => {
    const row = person('seller', random.integer(window.shifted('2020-06-01'), window.shifted('2022-12-31')), (given, family, number) => `consign.${given}.${family}${number}`)
    return { id: row.id, weight: Math.exp(random.normal()) }
  })
  for (let index = 0; index < profile.admins; index++) {
    person('admin', window.shifted('2020-01-15') + index * 40, (given, _family, number) => `staff.${given}${number}`)
  }
  return { users, customers, consignors, scheduledPurchases: scheduledPurchases.sort((left, right) => left.day - right.day) }
}

function silentCustomers(random: Random, weights: readonly number[]): Set<number> {
  const size = Math.max(silentGroup.minimum, Math.round(weights.length * silentGroup.share))
  const strongest = weights
    .map((weight, index) => ({ weight, index }))
    .sort((left, right) => right.weight - left.weight)
    .slice(0, Math.max(size, Math.ceil(weights.length * silentGroup.candidateShare)))
  // A seeded shuffle of the strongest customers, then the first `size` of them.
  for (let index = strongest.length - 1; index > 0; index--) {
    const other = random.integer(0, index)
    ;[strongest[index], strongest[other]] = [strongest[other]!, strongest[index]!]
  }
  return new Set(strongest.slice(0, size).map((entry) => entry.index))
}

function phoneNumber(random: Random, place: Place): string {
  const digits = (count: number) => String(random.integer(0, 10 ** count - 1)).padStart(count, '0')
  if (place.areaCode) return `+1 ${place.areaCode}-555-${digits(4)}`
  if (place.country === 'GB') return `+44 7700 900${digits(3)}`
  return `+971 50 555 ${digits(4)}`
}
