import { secondsPerDay } from './business-time.ts'
import { conditionNotes } from './catalog-data.ts'
import type { Item } from './item-sampler.ts'
import type { Consignor } from './people.ts'
import type { Random } from './random.ts'
import type { Instant, InventoryRow, ProductRow, SubmissionRow } from './rows.ts'
import type { WeightedChoice } from './weighted-choice.ts'

/** Most pieces come from consignors; the rest the shop buys outright (no seller_id). */
export const consignedShare = 0.85
/** Unsold pieces past 180 days get a 10 % markdown; some are pulled from the listings. */
const agedMarkdown = 0.9
const agedDelistedShare = 0.2

/** What happens to a piece after it is taken in. */
export type Outcome = { soldAt: Instant } | { aged: boolean }

export interface StockedPiece {
  product: ProductRow
  inventory: InventoryRow
  submission: SubmissionRow | null
  consignorId: string | null
}

/** Takes pieces into stock: the product, its one inventory row and, for some consigned pieces, the submission. */
export class StockRoom {
  private sequence = 0

  constructor(
    private readonly random: Random,
    private readonly consignors: WeightedChoice<Consignor>,
    private readonly submittedShare: number,
  ) {}

  intake(item: Item, createdAt: Instant, outcome: Outcome): StockedPiece {
    const random = this.random
    this.sequence++
    const sold = 'soldAt' in outcome
    const aged = !sold && outcome.aged
    const productId = random.uuid()
    const consignorId = random.chance(consignedShare) ? this.consignors.pick(random).id : null
    const touchedAt = sold ? outcome.soldAt : aged ? createdAt + 180 * secondsPerDay : createdAt
    const product: ProductRow = {
      id: productId,
      sequence: this.sequence,
      name: item.name,
      description: item.description,
      brandId: item.brand.id,
      category: item.model.category,
      condition: item.condition.grade,
      createdAt,
      updatedAt: touchedAt,
    }
    const inventory: InventoryRow = {
      id: random.uuid(),
      productId,
      quantity: sold ? 0 : 1,
      purchasePriceCents: item.costCents,
      listPriceCents: aged ? Math.round((item.listPriceCents * agedMarkdown) / 500) * 500 : item.listPriceCents,
      isListed: !sold && !(aged && random.chance(agedDelistedShare)),
      notes: aged ? 'Marked down 10% after 180 days in stock.' : random.chance(0.1) ? random.pick(conditionNotes[item.condition.grade]) : null,
      createdAt,
      updatedAt: touchedAt,
    }
    return { product, inventory, consignorId, submission: consignorId && random.chance(this.submittedShare) ? this.submission(item, consignorId, productId, createdAt) : null }
  }

  private submission(item: Item, sellerId: string, productId: string, listedInstant: Instant): SubmissionRow {
    const random = this.random
    const decidedInstant = listedInstant - Math.round(random.between(1, 6) * secondsPerDay)
    const submittedInstant = decidedInstant - Math.round(random.between(1, 10) * secondsPerDay)
    return {
      id: random.uuid(),
      sellerId,
      brandId: item.brand.id,
      category: item.model.category,
      askingPriceCents: Math.round((item.costCents * random.between(1, 1.15)) / 100) * 100,
      status: 'listed',
      submittedAt: submittedInstant,
      decidedAt: decidedInstant,
      listedAt: listedInstant,
      productId,
    }
  }
}
