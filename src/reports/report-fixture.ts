import type { Fixture } from '../testing/fixtures.ts'

/**
 * A small week to build reports on, figures by hand (UTC):
 *   2025-03-10..16  Chanel 2 × $2,000 on Whatnot, Gucci 1 × $500 on the website → revenue $4,500, 3 orders
 *   2025-03-03..09  Chanel 1 × $2,000 on Whatnot, Gucci 2 × $500 on the website → revenue $3,000, 3 orders
 *   2024-03-10..16  Chanel 1 × $1,500 on Whatnot                                  → revenue $1,500
 * Chanel costs $1,000 and Gucci $200: gross profit $2,300 this week against $1,600 the week before (+43.75%).
 * Revenue +$1,500 (+50%): by brand Chanel +$2,000 and Gucci −$500 (Chanel alone is 133% of the change).
 * Orders and units are level (3 and 3), so they are not notable changes.
 * Two Gucci sales outside every window make the data cover the week and both its bases (src/reports/coverage.ts):
 * 2024-03-01, before the same week last year, and Monday 2025-03-17, after the week.
 */
export const reportWeek = { from: '2025-03-10', to: '2025-03-16' }

export async function loadReportWeek(fixture: Fixture): Promise<void> {
  await fixture.customer({ name: 'Ada Stone', phone: '555-010-2030' })
  const sales = [
    { brand: 'Chanel', cost: 1000, price: 2000, date: '2025-03-11', channel: 'whatnot' },
    { brand: 'Chanel', cost: 1000, price: 2000, date: '2025-03-13', channel: 'whatnot' },
    { brand: 'Gucci', cost: 200, price: 500, date: '2025-03-14', channel: 'website' },
    { brand: 'Chanel', cost: 1000, price: 2000, date: '2025-03-04', channel: 'whatnot' },
    { brand: 'Gucci', cost: 200, price: 500, date: '2025-03-05', channel: 'website' },
    { brand: 'Gucci', cost: 200, price: 500, date: '2025-03-06', channel: 'website' },
    { brand: 'Chanel', cost: 1000, price: 1500, date: '2024-03-12', channel: 'whatnot' },
    { brand: 'Gucci', cost: 200, price: 500, date: '2024-03-01', channel: 'website' },
    { brand: 'Gucci', cost: 200, price: 500, date: '2025-03-17', channel: 'website' },
  ] as const
  for (const [index, sale] of sales.entries()) {
    const key = `item-${index}`
    await fixture.item(key, { brand: sale.brand, cost: sale.cost, added: '2024-01-02' })
    await fixture.sale({ item: key, buyer: 'Ada Stone', price: sale.price, date: sale.date, channel: sale.channel })
  }
}
