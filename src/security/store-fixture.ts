import type { Database } from '../db/database.ts'
import { Fixture } from '../testing/fixtures.ts'

/**
 * A small store every tool has something to say about: four customers and a consignor, eight items of four
 * brands sold over five months on every channel, one live show, one campaign with its touches, a storefront
 * session and a consignment. Sales run from 2025-01-06 to 2025-06-20 (the data's latest day).
 */
export const storeBrands = ['Chanel', 'Gucci', 'Hermès', 'Louis Vuitton'] as const

export async function loadStore(database: Database): Promise<Fixture> {
  const fixture = new Fixture(database)
  await fixture.customer({ name: 'Ada Stone', email: 'ada.stone@example.com', phone: '+1 212 555 0101', city: 'New York', region: 'NY', contactPreference: 'email', joined: '2024-06-01' })
  await fixture.customer({ name: 'Ben Ortiz', email: 'ben@example.com', phone: '+1 305 555 0102', city: 'Miami', region: 'FL', contactPreference: 'instagram', joined: '2024-09-15' })
  await fixture.customer({ name: 'Chloe Park', email: 'chloe@example.com', city: 'Austin', region: 'TX', contactPreference: 'phone', joined: '2025-01-02' })
  await fixture.customer({ name: 'Dev Rao', email: 'dev@example.com', city: 'Chicago', region: 'IL', joined: '2025-02-10' })
  await fixture.consignor('Cora Consign')
  await fixture.show('spring', { startedAt: '2025-04-05T23:00:00Z', durationMinutes: 90, peakViewers: 240 })
  await fixture.campaign({ name: 'Spring drop', channel: 'instagram', start: '2025-04-01', end: '2025-04-30', spend: 500, clicks: 300, conversions: 6, revenue: 4200 })
  const items: Array<[string, (typeof storeBrands)[number], number, string]> = [
    ['flap', 'Chanel', 2000, '2024-12-01'],
    ['wallet', 'Chanel', 300, '2024-12-01'],
    ['marmont', 'Gucci', 700, '2025-01-10'],
    ['belt-bag', 'Gucci', 250, '2025-02-01'],
    ['kelly', 'Hermès', 6000, '2025-02-01'],
    ['neverfull', 'Louis Vuitton', 900, '2025-03-01'],
    ['speedy', 'Louis Vuitton', 800, '2025-03-01'],
    ['pochette', 'Louis Vuitton', 200, '2025-04-01'],
  ]
  for (const [key, brand, cost, added] of items) await fixture.item(key, { brand, cost, added, condition: cost > 1000 ? 'S' : 'A' })
  await fixture.sale({ item: 'flap', buyer: 'Ada Stone', price: 3200, date: '2025-01-06', channel: 'website' })
  await fixture.sale({ item: 'wallet', buyer: 'Ben Ortiz', price: 520, fees: 20, date: '2025-02-14', channel: 'instagram' })
  await fixture.sale({ item: 'marmont', buyer: 'Ada Stone', price: 1100, date: '2025-03-08', channel: 'email' })
  await fixture.sale({ item: 'kelly', buyer: 'Chloe Park', price: 9500, fees: 300, date: '2025-04-05', time: '23:30', channel: 'whatnot', show: 'spring', consignor: 'Cora Consign' })
  await fixture.sale({ item: 'neverfull', buyer: 'Ben Ortiz', price: 1400, date: '2025-04-12', channel: 'instagram' })
  await fixture.sale({ item: 'speedy', buyer: 'Dev Rao', price: 1250, discount: 50, date: '2025-05-20', channel: 'website' })
  await fixture.sale({ item: 'belt-bag', buyer: 'Chloe Park', price: 450, date: '2025-06-20', channel: 'whatnot' })
  await fixture.touch('Ben Ortiz', 'Spring drop', '2025-04-10T15:00:00Z')
  await fixture.touch('Chloe Park', 'Spring drop', '2025-04-03T15:00:00Z', 'open')
  await fixture.event('session-1', 'product_viewed', '2025-05-20T10:00:00Z', { item: 'speedy', customer: 'Dev Rao' })
  await fixture.event('session-1', 'added_to_cart', '2025-05-20T10:05:00Z', { item: 'speedy', customer: 'Dev Rao' })
  await fixture.event('session-1', 'checkout_started', '2025-05-20T10:07:00Z', { item: 'speedy', customer: 'Dev Rao' })
  await fixture.event('session-1', 'payment_completed', '2025-05-20T10:09:00Z', { item: 'speedy', customer: 'Dev Rao' })
  await fixture.event('session-2', 'product_viewed', '2025-06-01T10:00:00Z', { item: 'pochette' })
  await fixture.submission({ consignor: 'Cora Consign', brand: 'Hermès', status: 'listed', submitted: '2025-01-20', decided: '2025-01-25', listed: '2025-02-01', askingPrice: 7000 })
  await fixture.submission({ consignor: 'Cora Consign', brand: 'Gucci', status: 'rejected', submitted: '2025-05-01', decided: '2025-05-03' })
  return fixture
}
