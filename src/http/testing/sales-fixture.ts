import type { Database } from '../../db/database.ts'
import { Fixture } from '../../testing/fixtures.ts'

/** A question the offline planner answers with sales_by_weekday over all time, with its chart. */
export const weekdayQuestion = 'What are the best days of the week to sell, all time?'

/**
 * Sales on a Monday, a Saturday (the strongest day) and a Wednesday (the only Instagram sale) in March 2025, and a
 * customer who last bought in June 2024, long before the latest sale: at churn risk as of it.
 */
export async function loadData(database: Database): Promise<void> {
  const fixture = new Fixture(database)
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.customer({ name: 'Bea Quiet', phone: '+1 555 010 0042', contactPreference: 'phone' })
  await fixture.item('A', { brand: 'Louis Vuitton', cost: 500, added: '2025-02-01' })
  await fixture.item('B', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
  await fixture.item('C', { brand: 'Gucci', cost: 300, added: '2025-02-01' })
  await fixture.item('D', { brand: 'Hermès', cost: 3000, added: '2024-05-01' })
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 800, date: '2025-03-03' })
  await fixture.sale({ item: 'B', buyer: 'Ada Stone', price: 1500, date: '2025-03-08' })
  await fixture.sale({ item: 'C', buyer: 'Ada Stone', price: 600, date: '2025-03-12', channel: 'instagram' })
  await fixture.sale({ item: 'D', buyer: 'Bea Quiet', price: 5000, date: '2024-06-01' })
}
