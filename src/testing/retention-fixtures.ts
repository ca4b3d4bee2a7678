import type { Fixture, SaleFixture } from './fixtures.ts'

/**
 * Purchases for customer tests, where only who bought, when and for how much matters: each purchase gets
 * its own item (resale items are unique), taken into stock the day it sells so days held stay valid.
 */
export class Purchases {
  private count = 0

  constructor(private readonly fixture: Fixture) {}

  /** One sale line to `buyer` (a fixture customer name, or undefined for a sale without a known buyer). */
  async buy(buyer: string | undefined, date: string, price: number, options: Pick<SaleFixture, 'channel' | 'consignor'> = {}) {
    this.count += 1
    const key = `purchase-${this.count}`
    await this.fixture.item(key, { brand: 'Louis Vuitton', cost: Math.round(price / 2), added: date })
    await this.fixture.sale({ item: key, buyer, price, date, ...options })
  }
}
