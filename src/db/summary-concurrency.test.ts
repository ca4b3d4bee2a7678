import { describe, expect, it } from 'vitest'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import type { Database, Sql } from './database.ts'

// Two transactions writing lines of the same buyer (or events of the same session) at once must leave the summaries of
// migrations 0010 and 0012 equal to the sums over sales (and storefront events), whichever order they wait in.
// Each race lets the first transaction write and hold its changes, starts the second, waits until PostgreSQL shows the
// second waiting for a lock, then commits the first and the second. Each case has its own buyer and month, so the
// expected figures below are that buyer's lines summed by hand.

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** A readable fixed uuid: the same number always names the same row. */
const id = (number: number) => `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`

const brand = id(1)
const buyers = { march: id(11), april: id(12), mayNew: id(13), mayLeaving: id(14) }

interface SaleLine {
  sale: number
  buyer: string
  date: string
  revenue: number
  profit: number
}

// The lines each race starts from. Every product sells once; the product has the sale's number.
const saleLines: SaleLine[] = [
  { sale: 101, buyer: buyers.march, date: '2026-03-01', revenue: 100, profit: 30 },
  { sale: 102, buyer: buyers.march, date: '2026-03-05', revenue: 200, profit: 50 },
  { sale: 103, buyer: buyers.march, date: '2026-03-09', revenue: 300, profit: 70 },
  { sale: 201, buyer: buyers.april, date: '2026-04-01', revenue: 100, profit: 30 },
  { sale: 202, buyer: buyers.april, date: '2026-04-05', revenue: 200, profit: 50 },
  { sale: 203, buyer: buyers.april, date: '2026-04-09', revenue: 300, profit: 70 },
  { sale: 204, buyer: buyers.april, date: '2026-04-12', revenue: 400, profit: 90 },
  { sale: 301, buyer: buyers.mayLeaving, date: '2026-05-03', revenue: 250, profit: 60 },
]

async function loadRaces(database: Database): Promise<void> {
  const sql = database.sql
  await sql`insert into brands (id, name) values (${brand}, 'Race House')`
  await sql`
    insert into users ${sql(Object.entries(buyers).map(([name, buyer]) => ({ id: buyer, username: `race-${name}`, user_type: 'buyer' })))}`
  await sql`
    insert into products ${sql([...saleLines.map((line) => line.sale), 302].map((number) => ({
      id: id(number), item_inventory_number: `RACE-${number}`, name: `Race piece ${number}`, brand_id: brand, category: 'bag', condition: 'A',
    })))}`
  await sql`
    insert into sales ${sql(saleLines.map((line) => ({
      id: id(line.sale), product_id: id(line.sale), buyer_id: line.buyer, quantity_sold: 1, sell_price: line.revenue,
      gross_amount_earned: line.revenue, net_profit_loss: line.profit, date_sold: line.date, sold_at: `${line.date}T15:00:00Z`, channel: 'website',
    })))}`
  await sql`
    insert into storefront_events (session_id, event_type, occurred_at)
    values ('race-session', 'product_viewed', '2026-06-01T10:00:00Z'), ('race-session', 'added_to_cart', '2026-06-01T10:05:00Z'),
           ('race-session', 'checkout_started', '2026-06-01T10:10:00Z'), ('race-session', 'payment_completed', '2026-06-01T10:15:00Z')`
}

/** One connection taken from the pool for a transaction of its own. */
type Connection = Awaited<ReturnType<Sql['reserve']>>
type Write = (connection: Connection) => Promise<unknown>

/** Whether the backend `pid` is waiting for a lock (a row, a transaction or an advisory lock). */
async function waitsForLock(sql: Sql, pid: number): Promise<boolean> {
  const [row] = await sql<{ waiting: boolean }[]>`
    select coalesce(bool_or(wait_event_type = 'Lock'), false) as waiting from pg_stat_activity where pid = ${pid}`
  return row?.waiting === true
}

/**
 * Runs `first` in a transaction left open, then `second` in another; once the second waits for a lock, commits the
 * first, then the second. Fails if the second never waits: then the race this file is about was not staged.
 */
async function race(sql: Sql, first: Write, second: Write): Promise<void> {
  const firstConnection = await sql.reserve()
  const secondConnection = await sql.reserve()
  try {
    await firstConnection`begin`
    await first(firstConnection)
    await secondConnection`begin`
    const [backend] = await secondConnection<{ pid: number }[]>`select pg_backend_pid() as pid`
    let settled = false
    const secondWrite = second(secondConnection).finally(() => {
      settled = true
    })
    let waited = false
    for (let attempt = 0; attempt < 100 && !waited && !settled; attempt++) {
      waited = await waitsForLock(sql, backend!.pid)
      if (!waited) await sleep(50)
    }
    expect(waited, 'the second transaction should wait for the first one\'s lock').toBe(true)
    await firstConnection`commit`
    await secondWrite
    await secondConnection`commit`
  } finally {
    firstConnection.release()
    secondConnection.release()
  }
}

function buyerSummary(sql: Sql, buyer: string) {
  return sql`
    select orders, units, revenue, gross_profit, first_date, second_date, penultimate_date, last_date
    from buyer_summaries
    where buyer_id = ${buyer}`
}

/** The milestone counts of the days of one month, in milestone and day order. */
function milestones(sql: Sql, month: string) {
  return sql`
    select milestone, date_sold, buyers
    from buyer_milestone_counts
    where date_trunc('month', date_sold) = ${`${month}-01`}::date
    order by milestone, date_sold`
}

// Only on a PostgreSQL server: the embedded engine (PGlite) takes one connection per process and runs its statements
// one at a time, so two of its transactions never overlap and these races cannot happen there.
describe.runIf(testEngines().includes('postgres'))('buyer and session summaries written by two transactions at once (postgres)', () => {
  const database = useTestDatabase('postgres', loadRaces)

  it('count every line once when both update lines of the same buyer', async () => {
    const sql = database().sql
    // The first line is repriced from 100 to 110 (profit 30 to 40); the last moves from 9 to 12 March.
    await race(
      sql,
      (first) => first`update sales set gross_amount_earned = 110, net_profit_loss = 40 where id = ${id(101)}`,
      (second) => second`update sales set date_sold = '2026-03-12', sold_at = '2026-03-12T15:00:00Z' where id = ${id(103)}`,
    )
    // 110 + 200 + 300 and 40 + 50 + 70 over lines of 1, 5 and 12 March.
    expect(await buyerSummary(sql, buyers.march)).toEqual([{
      orders: 3, units: 3, revenue: 610, gross_profit: 160,
      first_date: '2026-03-01', second_date: '2026-03-05', penultimate_date: '2026-03-05', last_date: '2026-03-12',
    }])
    expect(await milestones(sql, '2026-03')).toEqual([
      { milestone: 'first', date_sold: '2026-03-01', buyers: 1 },
      { milestone: 'last', date_sold: '2026-03-12', buyers: 1 },
      { milestone: 'penultimate', date_sold: '2026-03-05', buyers: 1 },
      { milestone: 'second', date_sold: '2026-03-05', buyers: 1 },
    ])
  })

  it('count every remaining line once when both delete lines of the same buyer', async () => {
    const sql = database().sql
    // The first line (1 April) and the last (12 April) go; 5 and 9 April remain.
    await race(
      sql,
      (first) => first`delete from sales where id = ${id(201)}`,
      (second) => second`delete from sales where id = ${id(204)}`,
    )
    // 200 + 300 and 50 + 70.
    expect(await buyerSummary(sql, buyers.april)).toEqual([{
      orders: 2, units: 2, revenue: 500, gross_profit: 120,
      first_date: '2026-04-05', second_date: '2026-04-09', penultimate_date: '2026-04-05', last_date: '2026-04-09',
    }])
    expect(await milestones(sql, '2026-04')).toEqual([
      { milestone: 'first', date_sold: '2026-04-05', buyers: 1 },
      { milestone: 'last', date_sold: '2026-04-09', buyers: 1 },
      { milestone: 'penultimate', date_sold: '2026-04-05', buyers: 1 },
      { milestone: 'second', date_sold: '2026-04-09', buyers: 1 },
    ])
  })

  it('count both lines once when a sale is moved to a buyer whose first sale another transaction is inserting', async () => {
    const sql = database().sql
    // The new buyer's first line (10 May, 150, profit 40) while the 3 May line (250, profit 60) moves to them.
    await race(
      sql,
      (first) => first`
        insert into sales (id, product_id, buyer_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss, date_sold, sold_at, channel)
        values (${id(302)}, ${id(302)}, ${buyers.mayNew}, 1, 150, 150, 40, '2026-05-10', '2026-05-10T15:00:00Z', 'website')`,
      (second) => second`update sales set buyer_id = ${buyers.mayNew} where id = ${id(301)}`,
    )
    // 250 + 150 and 60 + 40 over lines of 3 and 10 May; the buyer who had the 3 May line has none left.
    expect(await buyerSummary(sql, buyers.mayNew)).toEqual([{
      orders: 2, units: 2, revenue: 400, gross_profit: 100,
      first_date: '2026-05-03', second_date: '2026-05-10', penultimate_date: '2026-05-03', last_date: '2026-05-10',
    }])
    expect(await buyerSummary(sql, buyers.mayLeaving)).toEqual([])
    expect(await milestones(sql, '2026-05')).toEqual([
      { milestone: 'first', date_sold: '2026-05-03', buyers: 1 },
      { milestone: 'last', date_sold: '2026-05-10', buyers: 1 },
      { milestone: 'penultimate', date_sold: '2026-05-03', buyers: 1 },
      { milestone: 'second', date_sold: '2026-05-10', buyers: 1 },
    ])
  })

  it('count every event once when one is deleted and another moved in the same session', async () => {
    const sql = database().sql
    // The product view at 10:00 goes; the checkout at 10:10 moves to 09:00 and becomes the session's first event.
    await race(
      sql,
      (first) => first`delete from storefront_events where session_id = 'race-session' and event_type = 'product_viewed'`,
      (second) => second`
        update storefront_events set occurred_at = '2026-06-01T09:00:00Z' where session_id = 'race-session' and event_type = 'checkout_started'`,
    )
    expect(await sql`
      select first_event_at, product_viewed, added_to_cart, checkout_started, payment_completed
      from storefront_sessions
      where session_id = 'race-session'`).toEqual([{
      first_event_at: '2026-06-01T09:00:00.000Z', product_viewed: 0, added_to_cart: 1, checkout_started: 1, payment_completed: 1,
    }])
  })
})
