import type { BatchBuffer } from './batch-buffer.ts'
import { instantOf, secondsPerHour } from './business-time.ts'
import { conditions } from './catalog-data.ts'
import type { DemoWindow } from './demand-plan.ts'
import type { ItemSampler } from './item-sampler.ts'
import type { Random } from './random.ts'
import type { Batch, Instant } from './rows.ts'
import type { StockRoom } from './stock-room.ts'

/** A piece on the shelf: what a storefront shopper can look at once it has arrived. */
export interface ShelfPiece {
  productId: string
  intakeInstant: Instant
}

const agedAfterDays = 180

/**
 * The stock still on hand at the end of the window, sized per brand × condition from the expected sales:
 * worn pieces (B) and Gucci stay unsold longest. Counts are planned rather than drawn piece by piece, so the
 * aged-stock and sell-through patterns hold even at the small scale.
 */
export function* stockUnsold(random: Random, window: DemoWindow, sampler: ItemSampler, stockRoom: StockRoom, expectedSales: number, buffer: BatchBuffer): Generator<Batch, ShelfPiece[]> {
  const { firstDay, lastDay } = window
  const shelf: ShelfPiece[] = []
  const brandTotal = sampler.catalog.reduce((sum, brand) => sum + brand.data.salesWeight, 0)
  const conditionTotal = conditions.reduce((sum, condition) => sum + condition.salesWeight, 0)
  for (const brand of sampler.catalog) {
    for (const condition of conditions) {
      const expectedSold = (expectedSales * brand.data.salesWeight * condition.salesWeight) / (brandTotal * conditionTotal)
      const perStockUnit = expectedSold * condition.unsoldPerSold
      const ages = [
        ...Array.from({ length: random.count(perStockUnit * brand.data.unsoldStock.fresh) }, () => Math.floor((agedAfterDays + 1) * random.next() ** 1.6)),
        ...Array.from({ length: random.count(perStockUnit * brand.data.unsoldStock.aged) }, () => random.integer(agedAfterDays + 1, lastDay - firstDay)),
      ]
      for (const age of ages) {
        const intakeInstant = instantOf(lastDay - age, random.integer(10 * secondsPerHour, 18 * secondsPerHour))
        const piece = stockRoom.intake(sampler.sampleOf(random, brand, condition), intakeInstant, { aged: age > agedAfterDays })
        buffer.add('products', piece.product)
        buffer.add('inventory', piece.inventory)
        if (piece.submission) buffer.add('seller_submissions', piece.submission)
        shelf.push({ productId: piece.product.id, intakeInstant })
      }
      yield* buffer.drain()
    }
  }
  return shelf.sort((left, right) => left.intakeInstant - right.intakeInstant)
}
