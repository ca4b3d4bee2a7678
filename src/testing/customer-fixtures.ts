import type { Fixture, SaleFixture } from './fixtures.ts'

/** One purchase of a fresh item: customer tests care about who bought what and when, not about the items. */
export interface PurchaseFixture extends Omit<SaleFixture, 'item'> {
  /** Cost of the item (default 0, so gross profit = revenue − fees). */
  cost?: number
}

/**
 * Records purchases on a `Fixture` for customer tests, where only who bought, when and for how much matters:
 * each purchase gets its own item (resale items are unique), added on the day it sells so days held is 0.
 * Customers and consignors are still created with the fixture itself.
 */
export class Purchases {
  private count = 0

  constructor(private readonly fixture: Fixture) {}

  async buy(purchase: PurchaseFixture): Promise<void> {
    this.count += 1
    const item = `purchase-${this.count}`
    const { cost, ...sale } = purchase
    await this.fixture.item(item, { brand: 'Chanel', cost: cost ?? 0, added: purchase.date })
    await this.fixture.sale({ ...sale, item })
  }

  /** Several purchases by one buyer, one per date, at the same price. */
  async buyOn(buyer: string, price: number, dates: string[]): Promise<void> {
    for (const date of dates) await this.buy({ buyer, price, date })
  }
}
