import { describe, expect, it } from 'vitest'
import { parts, sources } from '../semantic/sources.ts'
import { testEngines, useDemoDatabase } from '../testing/test-database.ts'
import { migrate } from './migrate.ts'
import { declared, rollupMaintenance, type Declarations } from './rollup-maintenance.ts'

// The rollups' trigger functions and rebuild in the database are the ones generated from the semantic layer, and a
// part added to a rollup's declaration reaches its table, its triggers and its rebuild with no other change.

/** The declarations with one more part, the list price of the items sold, stored by the daily channel rollup. */
const withListValue: Declarations<string> = {
  parts: {
    ...parts,
    list_value: { additive: true, aggregate: 'sum', column: 'sell_price', storedAs: 'numeric(18, 2)', definition: 'sum of sales.sell_price' },
  },
  sources: { ...sources, daily_channel_rollup: { ...sources.daily_channel_rollup, stores: [...sources.daily_channel_rollup.stores, 'list_value'] } },
}

describe.each(testEngines())('rollup maintenance (%s)', (engine) => {
  const database = useDemoDatabase(engine)

  it('installs exactly the generated functions, under the generated checksum', async () => {
    const sql = database().sql
    const generated = rollupMaintenance(declared)
    for (const each of generated.functions) {
      const [installed] = await sql<{ body: string }[]>`select prosrc as body from pg_proc where oid = ${each.signature}::regprocedure`
      expect(installed?.body, each.signature).toBe(each.body)
    }
    // Every trigger on a table the rebuild writes, or on the tables they are summed from, calls a generated function.
    const triggerFunctions = await sql<{ signature: string }[]>`
      select distinct t.tgfoid::regprocedure::text as signature
      from pg_trigger t
      where not t.tgisinternal
        and t.tgrelid::regclass::text = any (${[...generated.tables, 'sales', 'products', 'inventory', 'storefront_events', 'marketing_touches']})`
    expect(triggerFunctions.length).toBeGreaterThan(0)
    expect(generated.functions.map((each) => each.signature)).toEqual(expect.arrayContaining(triggerFunctions.map((row) => row.signature)))
    const [recorded] = await sql<{ checksum: string }[]>`select checksum from schema_migrations where version = 'R__rollup_maintenance'`
    expect(recorded?.checksum).toBe(generated.checksum)
  })

  it('adds a new part to the table, the triggers and the rebuild', async () => {
    const sql = database().sql
    const changed = rollupMaintenance(withListValue)
    expect(changed.checksum).not.toBe(rollupMaintenance(declared).checksum)
    const applied = await migrate(sql, [], [{ name: 'rollup_maintenance', sql: changed.sql, checksum: changed.checksum }])
    expect(applied.map((migration) => migration.name)).toEqual(['rollup_maintenance'])
    const [trigger] = await sql<{ body: string }[]>`select prosrc as body from pg_proc where oid = 'luxx_rollups_apply_sales()'::regprocedure`
    expect(trigger?.body).toContain('sum(n.sell_price)')

    const differences = () => sql`
      select r.date_sold, r.channel, r.list_value, s.list_value as over_sales
      from sales_daily_channel_rollup r
      full join (select date_sold, channel, sum(sell_price) as list_value from sales group by 1, 2) s
        on s.date_sold = r.date_sold and s.channel = r.channel
      where r.list_value is distinct from s.list_value`
    // Filled by the rebuild the migration ran.
    expect(await differences()).toEqual([])
    const [{ rows } = { rows: 0 }] = await sql<{ rows: number }[]>`select count(*)::int as rows from sales_daily_channel_rollup where list_value > 0`
    expect(rows).toBeGreaterThan(0)
    // Kept by the triggers through an insert, an update and a delete.
    await sql`
      insert into sales (product_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss, date_sold, sold_at, channel)
      select i.product_id, 1, 1234.5, 1234.5, 100, date '2026-10-30', timestamptz '2026-10-30 15:00Z', 'email'
      from inventory i
      where i.quantity > 0 and i.product_id not in (select product_id from sales)
      order by i.id
      limit 3`
    await sql`update sales set sell_price = sell_price + 10, channel = 'website' where id in (select id from sales order by id limit 5)`
    await sql`delete from sales where id in (select id from sales order by md5(id::text) limit 4)`
    expect(await differences()).toEqual([])
  })
})
