import salesByWeekday from '../../../tools/sales/sales-by-weekday.ts'
import { loadConfig, type Environment } from '../../config/config.ts'
import type { Database } from '../../db/database.ts'
import { runtimeFrom, type Runtime } from '../../runtime.ts'
import { Fixture } from '../../testing/fixtures.ts'
import { createRegistry } from '../../tools/registry.ts'

/**
 * The data the agent tests answer from: four sales in March 2025 (the 3rd a Monday, the 8th a Saturday,
 * the 12th a Wednesday). All time: Saturday $1,900 of $3,250 (58.5%), Monday $750 (23.1%),
 * Wednesday $600 (18.5%, the only Instagram sale).
 */
export async function loadWeekdaySales(database: Database): Promise<void> {
  const fixture = new Fixture(database)
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('A', { brand: 'Louis Vuitton', cost: 500, added: '2025-02-01' })
  await fixture.item('B', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
  await fixture.item('C', { brand: 'Gucci', cost: 200, added: '2025-02-01' })
  await fixture.item('D', { brand: 'Louis Vuitton', cost: 300, added: '2025-02-01' })
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 800, discount: 50, date: '2025-03-03' })
  await fixture.sale({ item: 'B', buyer: 'Ada Stone', price: 1500, date: '2025-03-08' })
  await fixture.sale({ item: 'C', buyer: 'Ada Stone', price: 400, date: '2025-03-08' })
  await fixture.sale({ item: 'D', buyer: 'Ada Stone', price: 600, date: '2025-03-12', channel: 'instagram' })
}

/** A runtime over the test database with only sales_by_weekday, so provider tests do not move with the catalog. */
export function weekdayRuntime(database: Database, environment: Environment = {}): Runtime {
  const config = loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12', ...environment })
  return runtimeFrom(config, database, createRegistry([salesByWeekday]))
}
