import type { BatchBuffer } from './batch-buffer.ts'
import { businessDayOf, instantOf, secondsPerDay, secondsPerHour, secondsPerMinute } from './business-time.ts'
import { dailySubmissions } from './consignment-desk.ts'
import type { CustomerPicker } from './customer-picker.ts'
import { offShowHourWeights, type DemoWindow } from './demand-plan.ts'
import type { ItemSampler } from './item-sampler.ts'
import type { PlannedShow } from './live-shows.ts'
import type { CampaignCalendar } from './marketing-campaigns.ts'
import { strayTouch, touchesBeforePurchase } from './marketing-touches.ts'
import type { Consignor } from './people.ts'
import type { Random } from './random.ts'
import type { Batch, Instant, SalesChannel } from './rows.ts'
import { channelTerms, priceSale, salesChannels } from './sales-channels.ts'
import type { Shelf } from './shelf.ts'
import type { StockRoom } from './stock-room.ts'
import { purchaseSessions } from './storefront-sessions.ts'
import { WeightedChoice } from './weighted-choice.ts'

export interface SalesPlan {
  random: Random
  window: DemoWindow
  /** Per month: cents of revenue per unit of demand weight (a day's or a show's). */
  revenuePerWeightCents: readonly number[]
  trackedPurchaseShare: number
  touchedSaleShare: number
  listedSubmissionsPerDay: number
  shows: readonly PlannedShow[]
  sampler: ItemSampler
  stockRoom: StockRoom
  customers: CustomerPicker
  consignors: WeightedChoice<Consignor>
  campaigns: CampaignCalendar
  shelf: Shelf
  buffer: BatchBuffer
}

const maximumDaysHeld = 540
/** Touches no purchase followed, per sale with touches. */
const strayTouchesPerTouchedSale = 0.7
const notedSaleShare = 0.03
const saleNotes = ['Gift wrap requested.', 'Ship with signature confirmation.', 'Repeat customer: add a thank-you card.', 'Combined shipping with an earlier order.']
const offShowHours = new WeightedChoice(
  offShowHourWeights.map((_, hour) => hour),
  offShowHourWeights,
)
const offShowChannels = WeightedChoice.of(salesChannels, (channel) => channelTerms[channel].offShowWeight)

/**
 * The two years of trading, day by day. Every show and every day outside shows has a revenue target
 * (its demand weight × revenue per weight). Pieces are drawn one after another; the next piece sells in the
 * current window while that brings revenue closer to the target, else it waits for the next window, and
 * what is missed or exceeded carries over within the month. Each month's revenue so lands within half a
 * piece's price of the plan at any scale, while the mix of pieces stays exactly the random draw. Each sale brings its piece into stock, and
 * may bring campaign touches, storefront sessions and a submission.
 */
export function* generateSales(plan: SalesPlan): Generator<Batch> {
  const { random, sampler, stockRoom, customers, buffer, window } = plan
  const { firstDay, lastDay } = window

  let item = sampler.sample(random)
  const sell = (soldAt: Instant, channel: SalesChannel, show: PlannedShow | undefined): number => {
    const saleDay = businessDayOf(soldAt)
    const { minimum, mean } = item.condition.daysHeld
    const daysHeld = Math.min(maximumDaysHeld, minimum + Math.round(-Math.log(1 - random.next()) * mean * item.brand.data.daysHeldFactor))
    const piece = stockRoom.intake(item, instantOf(saleDay - daysHeld, random.integer(10 * secondsPerHour, 18 * secondsPerHour)), { soldAt })
    const pricing = priceSale(random, channel, item.listPriceCents, show !== undefined)
    const buyerId = customers.nextBuyer(random)
    buffer.add('products', piece.product)
    buffer.add('inventory', piece.inventory)
    if (piece.submission) buffer.add('seller_submissions', piece.submission)
    buffer.add('sales', {
      id: random.uuid(),
      productId: piece.product.id,
      sellerId: piece.consignorId,
      buyerId,
      ...pricing,
      costCents: item.costCents,
      dateSold: saleDay,
      daysHeld,
      soldAt,
      channel,
      showId: show?.row.id ?? null,
      notes: random.chance(notedSaleShare) ? random.pick(saleNotes) : null,
    })
    plan.shelf.addSold(piece.product.id)
    if (random.chance(plan.touchedSaleShare)) {
      for (const touch of touchesBeforePurchase(random, plan.campaigns, buyerId, soldAt, channel)) buffer.add('marketing_touches', touch)
    }
    if (random.chance(plan.touchedSaleShare * strayTouchesPerTouchedSale)) {
      const touch = strayTouch(random, plan.campaigns, customers.anyCustomer(random), soldAt - random.integer(0, 7 * secondsPerDay))
      if (touch) buffer.add('marketing_touches', touch)
    }
    if (channel === 'website' && random.chance(plan.trackedPurchaseShare)) {
      for (const event of purchaseSessions(random, plan.shelf, customers, { productId: piece.product.id, buyerId, soldAt, day: saleDay })) {
        buffer.add('storefront_events', event)
      }
    }
    item = sampler.sample(random)
    return pricing.sellPriceCents - pricing.discountCents
  }
  const worthSelling = (revenue: number, target: number) => revenue + item.listPriceCents / 2 < target

  let carryCents = 0
  let nextShow = 0
  let month = -1
  for (let day = firstDay; day <= lastDay; day++) {
    customers.startDay(day)
    // Each month settles on its own, so no month inherits the previous one's last piece.
    if (window.monthIndexOf(day) !== month) {
      month = window.monthIndexOf(day)
      carryCents = 0
    }
    const revenuePerWeight = plan.revenuePerWeightCents[month]!
    for (; plan.shows[nextShow]?.day === day; nextShow++) {
      const show = plan.shows[nextShow]!
      const target = show.weight * revenuePerWeight + carryCents
      let revenue = 0
      // Bidding is busiest early in a show.
      while (worthSelling(revenue, target)) revenue += sell(show.startInstant + Math.floor(show.durationMinutes * secondsPerMinute * random.next() ** 1.3), show.platform, show)
      carryCents = target - revenue
    }
    const target = window.offShowDemandOf(day) * revenuePerWeight + carryCents
    let revenue = 0
    // Scheduled buyers (first and last purchases) take the next sales; on the last day they get sales of their own.
    while (worthSelling(revenue, target) || (day === lastDay && customers.hasDue())) {
      revenue += sell(instantOf(day, offShowHours.pick(random) * secondsPerHour + random.integer(0, secondsPerHour - 1)), offShowChannels.pick(random), undefined)
    }
    carryCents = target - revenue
    for (const submission of dailySubmissions(random, day, lastDay, sampler, plan.consignors, plan.listedSubmissionsPerDay)) buffer.add('seller_submissions', submission)
    yield* buffer.drain()
  }
  yield* buffer.drain(true)
}
