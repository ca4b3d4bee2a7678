import { instantOf, secondsPerHour, secondsPerMinute } from './business-time.ts'
import type { CustomerPicker } from './customer-picker.ts'
import { offShowHourWeights } from './demand-plan.ts'
import type { Random } from './random.ts'
import type { Day, FunnelStep, Instant, StorefrontEventRow } from './rows.ts'
import type { Shelf } from './shelf.ts'
import { WeightedChoice } from './weighted-choice.ts'

/**
 * Storefront browsing sessions around each recorded website purchase. Per session: viewed → added to cart
 * 40 %, cart → checkout 65 %, checkout → payment 30 % (the weak step). Every purchase brings the abandoned
 * sessions that make those rates hold on average.
 */
const stepRates = { cart: 0.4, checkout: 0.65, payment: 0.3 }
const checkoutSessions = 1 / stepRates.payment
const cartSessions = checkoutSessions / stepRates.checkout
const viewSessions = cartSessions / stepRates.cart
/** Abandoned sessions per completed payment, by the last step they reached. */
const abandonedPerPurchase: readonly { lastStep: FunnelStep; sessions: number }[] = [
  { lastStep: 'checkout_started', sessions: checkoutSessions - 1 },
  { lastStep: 'added_to_cart', sessions: cartSessions - checkoutSessions },
  { lastStep: 'product_viewed', sessions: viewSessions - cartSessions },
]
const steps: readonly FunnelStep[] = ['product_viewed', 'added_to_cart', 'checkout_started', 'payment_completed']
/** Logged-in share of the sessions that do not buy. */
const signedInShare = 0.4

// Sessions start by 22:59 so they end on the day they began.
const sessionHours = new WeightedChoice(
  offShowHourWeights.slice(0, 23).map((_, hour) => hour),
  offShowHourWeights.slice(0, 23),
)

export interface WebsitePurchase {
  productId: string
  buyerId: string
  soldAt: Instant
  day: Day
}

export function purchaseSessions(random: Random, shelf: Shelf, customers: CustomerPicker, purchase: WebsitePurchase): StorefrontEventRow[] {
  const events: StorefrontEventRow[] = []
  /** A session's events from its first moment on; `endsAt` shifts them so the last lands on that instant. */
  const session = (userId: string | null, lastStep: FunnelStep, productId: string, start: Instant, endsAt?: Instant) => {
    const visits: { productId: string; step: FunnelStep; at: Instant }[] = []
    let at = start
    if (random.chance(0.3)) {
      visits.push({ productId: shelf.browse(random, at), step: 'product_viewed', at })
      at += random.integer(secondsPerMinute, 6 * secondsPerMinute)
    }
    for (const step of steps.slice(0, steps.indexOf(lastStep) + 1)) {
      visits.push({ productId, step, at })
      at += random.integer(secondsPerMinute, 8 * secondsPerMinute)
    }
    const shift = endsAt === undefined ? 0 : endsAt - visits[visits.length - 1]!.at
    const sessionId = random.uuid()
    for (const visit of visits) {
      events.push({ id: random.uuid(), sessionId, userId, productId: visit.productId, eventType: visit.step, occurredAt: visit.at + shift })
    }
  }
  // Built from an hour before the sale, then moved so the payment lands on the sale's moment.
  session(purchase.buyerId, 'payment_completed', purchase.productId, purchase.soldAt - secondsPerHour, purchase.soldAt)
  for (const { lastStep, sessions } of abandonedPerPurchase) {
    for (let count = random.count(sessions); count > 0; count--) {
      const start = instantOf(purchase.day, sessionHours.pick(random) * secondsPerHour + random.integer(0, secondsPerHour - 1))
      session(random.chance(signedInShare) ? customers.anyCustomer(random) : null, lastStep, shelf.browse(random, start), start)
    }
  }
  return events
}
