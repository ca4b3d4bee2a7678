import { BatchBuffer } from './batch-buffer.ts'
import { instantOf, secondsPerHour } from './business-time.ts'
import { brands } from './catalog-data.ts'
import { CustomerPicker } from './customer-picker.ts'
import { DemoWindow } from './demand-plan.ts'
import { ItemSampler } from './item-sampler.ts'
import { planShows } from './live-shows.ts'
import { CampaignCalendar, planCampaigns } from './marketing-campaigns.ts'
import { createPeople } from './people.ts'
import { Random } from './random.ts'
import type { Batch, BrandRow } from './rows.ts'
import { generateSales } from './sales-activity.ts'
import { scaleProfiles, type Scale } from './scale-profiles.ts'
import { Shelf } from './shelf.ts'
import { consignedShare, StockRoom } from './stock-room.ts'
import { stockUnsold } from './unsold-stock.ts'
import { WeightedChoice } from './weighted-choice.ts'

export interface GenerateOptions {
  scale: Scale
  seed: number
  /** The last day of trading, YYYY-MM-DD in the business time zone (default 2026-10-31; seed.ts defaults to yesterday). */
  endDate?: string
}

export interface DemoData {
  /** Rows the batches will hold, roughly: for progress reporting. */
  estimatedRows: number
  /** Generated lazily, batch by batch, in foreign-key order: memory stays flat at any scale. */
  batches: Generator<Batch>
}

/**
 * Rows per planned sale, measured: the sale, its product and inventory rows (unsold stock included), and per
 * unit of each sampling share of the profile, the submissions, campaign touches and storefront events.
 */
const rowsPerSale = { sale: 1.02, productAndInventory: 2.47, perSubmittedShare: 1.53, perTouchedShare: 3.2, perTrackedShare: 4.85 }

export function generateDemoData(options: GenerateOptions): DemoData {
  const profile = scaleProfiles[options.scale]
  const window = new DemoWindow(options.endDate)
  const { firstDay, lastDay, monthCount } = window
  const stream = (name: string) => new Random(options.seed, name)

  const brandRandom = stream('brands')
  const brandRows: BrandRow[] = brands.map((brand, index) => ({
    id: brandRandom.uuid(),
    name: brand.name,
    description: brand.description,
    createdAt: instantOf(window.shifted('2020-01-10') + index, 10 * secondsPerHour),
  }))
  const sampler = new ItemSampler(brandRows.map((brand) => brand.id))
  const averageListPriceCents = sampler.averageListPriceCents()
  const people = createPeople(stream('people'), profile, window)
  const shows = planShows(stream('shows'), window, profile.targetSales / scaleProfiles.small.targetSales)

  // Each month earns its growth × season share of the planned revenue, whatever its mix of weekdays and
  // shows, so a month compares cleanly with the same month a year earlier. Within the month, days and
  // shows share it by their weights.
  const monthDemand = new Array<number>(monthCount).fill(0)
  const monthWeights = new Array<number>(monthCount).fill(0)
  for (let day = firstDay; day <= lastDay; day++) {
    monthDemand[window.monthIndexOf(day)]! += window.demandOf(day)
    monthWeights[window.monthIndexOf(day)]! += window.offShowDemandOf(day)
  }
  for (const show of shows) monthWeights[window.monthIndexOf(show.day)]! += show.weight
  const totalDemand = monthDemand.reduce((sum, demand) => sum + demand, 0)
  const monthRevenueCents = monthDemand.map((demand) => (profile.targetSales * averageListPriceCents * demand) / totalDemand)
  const campaigns = planCampaigns(stream('campaigns'), window, monthRevenueCents, averageListPriceCents)
  const consignors = WeightedChoice.of(people.consignors, (consignor) => consignor.weight)
  const stockRoom = new StockRoom(stream('stock-room'), consignors, profile.submittedShare)
  const buffer = new BatchBuffer(profile.batchSize)

  function* batches(): Generator<Batch> {
    for (const row of people.users) buffer.add('users', row)
    for (const row of brandRows) buffer.add('brands', row)
    for (const show of shows) buffer.add('live_shows', show.row)
    for (const row of campaigns) buffer.add('marketing_campaigns', row)
    yield* buffer.drain(true)
    const unsold = yield* stockUnsold(stream('unsold-stock'), window, sampler, stockRoom, profile.targetSales, buffer)
    yield* generateSales({
      random: stream('sales'),
      window,
      revenuePerWeightCents: monthRevenueCents.map((revenue, month) => revenue / monthWeights[month]!),
      trackedPurchaseShare: profile.trackedPurchaseShare,
      touchedSaleShare: profile.touchedSaleShare,
      listedSubmissionsPerDay: (profile.targetSales * consignedShare * profile.submittedShare) / (lastDay - firstDay + 1),
      shows,
      sampler,
      stockRoom,
      customers: new CustomerPicker(people.customers, people.scheduledPurchases, window),
      consignors,
      campaigns: new CampaignCalendar(campaigns, firstDay),
      shelf: new Shelf(unsold),
      buffer,
    })
  }

  const fixedRows = people.users.length + brandRows.length + shows.length + campaigns.length
  return {
    estimatedRows: Math.round(
      fixedRows +
        profile.targetSales *
          (rowsPerSale.sale +
            rowsPerSale.productAndInventory +
            rowsPerSale.perSubmittedShare * profile.submittedShare +
            rowsPerSale.perTouchedShare * profile.touchedSaleShare +
            rowsPerSale.perTrackedShare * profile.trackedPurchaseShare),
    ),
    batches: batches(),
  }
}
