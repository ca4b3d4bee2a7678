import { describe, expect, it } from 'vitest'
import type { Fragment, Sql } from '../db/database.ts'
import { testEngines, useDemoDatabase } from '../testing/test-database.ts'
import { measures, measuresOver, partsOf, type SqlMeasureName } from './measures.ts'
import { sources, type PartName, type SourceName } from './sources.ts'

// Every measure the semantic layer can read from a rollup must equal the same measure over sales, after any mix of
// inserts, updates and deletes the triggers (migrations 0009, 0010, 0012) follow. The measures come from the
// declarations, so a new measure or a new stored part is checked here without a new test.

/** How each rollup's rows are keyed, over the rollup (`r`/`b`) and over `sales s` joined to `products p`. */
const keys: Record<Exclude<SourceName, 'sales'>, { source: (sql: Sql) => Fragment; sales: (sql: Sql) => Fragment }> = {
  daily_rollup: {
    source: (sql) => sql`r.date_sold::text, r.channel, r.brand_id::text, r.category, r.condition`,
    sales: (sql) => sql`s.date_sold::text, s.channel, p.brand_id::text, p.category, p.condition`,
  },
  daily_brand_rollup: { source: (sql) => sql`r.date_sold::text, r.brand_id::text`, sales: (sql) => sql`s.date_sold::text, p.brand_id::text` },
  daily_channel_rollup: { source: (sql) => sql`r.date_sold::text, r.channel`, sales: (sql) => sql`s.date_sold::text, s.channel` },
  buyer_summary: { source: (sql) => sql`b.buyer_id::text`, sales: (sql) => sql`s.buyer_id::text` },
}

const asOf = '2026-10-31'

function readable(source: Exclude<SourceName, 'sales'>, sql: Sql): SqlMeasureName[] {
  const stored = sources[source].stores as readonly PartName[]
  return (Object.keys(measures) as SqlMeasureName[]).filter((name) => {
    if (!('formula' in measures[name])) return false
    const used = partsOf(sql, name)
    return used.length > 0 && used.every((part) => stored.includes(part))
  })
}

async function compare(sql: Sql, source: Exclude<SourceName, 'sales'>): Promise<number> {
  const names = readable(source, sql)
  const over = measuresOver(source)
  const base = measuresOver('sales')
  const columns = (compiled: typeof over) => names.map((name, index) => sql`${index === 0 ? sql`` : sql`,`} ${compiled[name](sql, asOf)} as ${sql(name)}`)
  const declaration = sources[source]
  const fromSource = await sql`
    select ${keys[source].source(sql)}, ${columns(over)}
    from ${sql(declaration.table)} as ${sql(declaration.alias)}
    ${declaration.aggregated ? sql`group by ${keys[source].source(sql)}` : sql``}
`
  const fromSales = await sql`
    select ${keys[source].sales(sql)}, ${columns(base)}
    from sales s join products p on p.id = s.product_id
    ${source === 'buyer_summary' ? sql`where s.buyer_id is not null` : sql``}
    group by ${keys[source].sales(sql)}`
  const sorted = (rows: readonly object[]) => rows.map((row) => JSON.stringify(row)).sort()
  expect(sorted(fromSource), `${source}: ${names.join(', ')}`).toEqual(sorted(fromSales))
  return names.length
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe.each(testEngines())('measures read from the rollups equal the same measures over sales (%s)', (engine) => {
  const database = useDemoDatabase(engine)

  it('reads at least the core measures from each rollup', async () => {
    const sql = database().sql
    expect(readable('daily_rollup', sql)).toEqual(expect.arrayContaining(['revenue', 'gross_profit', 'margin_percent', 'aov', 'average_days_to_sell', 'average_discount_percent']))
    expect(readable('buyer_summary', sql)).toEqual(expect.arrayContaining(['revenue', 'orders', 'orders_per_year', 'projected_clv']))
  })

  it('after random inserts, updates and deletes of sales', async () => {
    const sql = database().sql
    const next = random(20_261_203)
    const channels = ['whatnot', 'instagram', 'email', 'website']
    for (let round = 0; round < 4; round++) {
      const count = 3 + Math.floor(next() * 6)
      const day = `2026-${String(9 + Math.floor(next() * 2)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`
      const channel = channels[Math.floor(next() * channels.length)]!
      const discount = Math.round(next() * 40)
      // New sales of stock, to a buyer who may already have a history.
      await sql`
        insert into sales (product_id, buyer_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss, date_sold, sold_at, channel, fees, discount, days_held)
        select i.product_id, (select buyer_id from sales where buyer_id is not null order by buyer_id offset ${round * 7} limit 1), 1,
               i.list_price, i.list_price - ${discount}, i.list_price - ${discount} - i.purchase_price - 7, ${day}::date,
               ${day}::date + time '15:00', ${channel}, 7, ${discount}, ${round % 2 === 0 ? sql`null` : sql`${round * 11}`}
        from inventory i
        where i.quantity > 0 and i.product_id not in (select product_id from sales)
        order by i.id
        offset ${round * 10}
        limit ${count}`
      // Repriced, redated and moved to another channel.
      const step = 40 + Math.floor(next() * 60)
      await sql`
        update sales set gross_amount_earned = gross_amount_earned + ${round + 0.25}, discount = discount + 1,
                         date_sold = date_sold + ${1 + round}::int, channel = ${channels[(round + 1) % channels.length]!}
        where id in (select id from sales order by id offset ${round * step} limit ${count * 3})`
      // Deleted, some of them a buyer's first or last line.
      await sql`delete from sales where id in (select id from sales order by md5(id::text || ${String(round)}) limit ${count})`
      const checked = await Promise.all((Object.keys(keys) as (keyof typeof keys)[]).map((source) => compare(sql, source)))
      expect(checked.every((measureCount) => measureCount > 0)).toBe(true)
    }
  })
})
