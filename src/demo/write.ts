import type { TransactionSql } from '../db/database.ts'
import type { Batch } from './rows.ts'

/**
 * Writes generated batches with one statement per batch: each column travels as one array parameter and
 * `unnest` turns the arrays back into rows. Plain tagged templates, so it runs the same on PostgreSQL and
 * on the embedded engine. Money arrives in cents, instants in epoch seconds and dates in days since 1970;
 * the statements convert them. Revenue, profit and percent profit are computed here with the schema's rules,
 * so they can never disagree with their parts.
 */

/** Empties every business table; in the seeding transaction, so a failed seed leaves the old data. */
export async function clearBusinessData(sql: TransactionSql): Promise<void> {
  await sql`
    truncate table sales, storefront_events, marketing_touches, marketing_campaigns, seller_submissions,
                   live_shows, inventory, products, brands, users`
}

/**
 * Writes the batches in order. Two inserts stay queued on the connection, so the database always has the
 * next one at hand while the generator makes the batch after it.
 */
export async function writeBatches(
  sql: TransactionSql,
  batches: Iterable<Batch>,
  estimatedRows: number,
  onProgress?: (done: number, total: number, table: string) => void,
): Promise<void> {
  let done = 0
  const queued: Promise<void>[] = []
  for (const batch of batches) {
    if (queued.length === 2) await queued.shift()
    const insert = insertBatch(sql, batch).then(() => {
      done += batch.rows.length
      onProgress?.(done, Math.max(done, estimatedRows), batch.table)
    })
    // A failure surfaces when its turn is awaited; until then keep it from counting as unhandled.
    insert.catch(() => undefined)
    queued.push(insert)
  }
  await Promise.all(queued)
  onProgress?.(done, done, 'done')
}

/** A column of free text, for the driver to quote and escape element by element. */
function column<Row, Key extends keyof Row>(rows: readonly Row[], key: Key): Row[Key][] {
  return rows.map((row) => row[key])
}

/**
 * A column of values that never need quoting (UUIDs, numbers, booleans, one-word codes) as one PostgreSQL
 * array literal. Joining them here costs a fraction of escaping millions of elements one by one, and the
 * driver passes a string through untouched.
 */
function plain<Row, Key extends keyof Row>(rows: readonly Row[], key: Key): string {
  return `{${rows.map((row) => row[key] ?? 'NULL').join(',')}}`
}

async function insertBatch(sql: TransactionSql, batch: Batch): Promise<void> {
  switch (batch.table) {
    case 'users': {
      const rows = batch.rows
      await sql`
        insert into users (id, username, email, full_name, user_type, phone, city, region, country, contact_preference, created_at, updated_at)
        select id, username, email, full_name, user_type, phone, city, region, country, contact_preference, to_timestamp(created_at), to_timestamp(created_at)
        from unnest(${plain(rows, 'id')}::uuid[], ${column(rows, 'username')}::text[], ${column(rows, 'email')}::text[],
                    ${column(rows, 'fullName')}::text[], ${plain(rows, 'userType')}::text[], ${column(rows, 'phone')}::text[],
                    ${column(rows, 'city')}::text[], ${column(rows, 'region')}::text[], ${plain(rows, 'country')}::text[],
                    ${plain(rows, 'contactPreference')}::text[], ${plain(rows, 'createdAt')}::int8[])
          as t(id, username, email, full_name, user_type, phone, city, region, country, contact_preference, created_at)`
      return
    }
    case 'brands': {
      const rows = batch.rows
      await sql`
        insert into brands (id, name, description, created_at)
        select id, name, description, to_timestamp(created_at)
        from unnest(${plain(rows, 'id')}::uuid[], ${column(rows, 'name')}::text[], ${column(rows, 'description')}::text[],
                    ${plain(rows, 'createdAt')}::int8[])
          as t(id, name, description, created_at)`
      return
    }
    case 'live_shows': {
      const rows = batch.rows
      await sql`
        insert into live_shows (id, platform, title, started_at, duration_minutes, peak_viewers, created_at)
        select id, platform, title, to_timestamp(started_at), duration_minutes, peak_viewers, to_timestamp(created_at)
        from unnest(${plain(rows, 'id')}::uuid[], ${plain(rows, 'platform')}::text[], ${column(rows, 'title')}::text[],
                    ${plain(rows, 'startedAt')}::int8[], ${plain(rows, 'durationMinutes')}::int[], ${plain(rows, 'peakViewers')}::int[],
                    ${plain(rows, 'createdAt')}::int8[])
          as t(id, platform, title, started_at, duration_minutes, peak_viewers, created_at)`
      return
    }
    case 'marketing_campaigns': {
      const rows = batch.rows
      await sql`
        insert into marketing_campaigns (id, name, channel, start_date, end_date, spend, impressions, clicks, conversions, attributed_revenue, created_at)
        select id, name, channel, date '1970-01-01' + start_date, date '1970-01-01' + end_date, spend / 100.0, impressions, clicks, conversions,
               attributed_revenue / 100.0, to_timestamp(created_at)
        from unnest(${plain(rows, 'id')}::uuid[], ${column(rows, 'name')}::text[], ${plain(rows, 'channel')}::text[],
                    ${plain(rows, 'startDate')}::int[], ${plain(rows, 'endDate')}::int[], ${plain(rows, 'spendCents')}::int8[],
                    ${plain(rows, 'impressions')}::int[], ${plain(rows, 'clicks')}::int[], ${plain(rows, 'conversions')}::int[],
                    ${plain(rows, 'attributedRevenueCents')}::int8[], ${plain(rows, 'createdAt')}::int8[])
          as t(id, name, channel, start_date, end_date, spend, impressions, clicks, conversions, attributed_revenue, created_at)`
      return
    }
    case 'products': {
      const rows = batch.rows
      await sql`
        insert into products (id, item_inventory_number, name, description, brand_id, category, condition, created_at, updated_at)
        select id, 'LX-' || lpad(sequence::text, 7, '0'), name, description, brand_id, category, condition, to_timestamp(created_at), to_timestamp(updated_at)
        from unnest(${plain(rows, 'id')}::uuid[], ${plain(rows, 'sequence')}::int[], ${column(rows, 'name')}::text[],
                    ${column(rows, 'description')}::text[], ${plain(rows, 'brandId')}::uuid[], ${plain(rows, 'category')}::text[],
                    ${plain(rows, 'condition')}::text[], ${plain(rows, 'createdAt')}::int8[], ${plain(rows, 'updatedAt')}::int8[])
          as t(id, sequence, name, description, brand_id, category, condition, created_at, updated_at)`
      return
    }
    case 'inventory': {
      const rows = batch.rows
      await sql`
        insert into inventory (id, product_id, quantity, purchase_price, list_price, is_listed, notes, created_at, updated_at)
        select id, product_id, quantity, purchase_price / 100.0, list_price / 100.0, is_listed, notes, to_timestamp(created_at), to_timestamp(updated_at)
        from unnest(${plain(rows, 'id')}::uuid[], ${plain(rows, 'productId')}::uuid[], ${plain(rows, 'quantity')}::int[],
                    ${plain(rows, 'purchasePriceCents')}::int8[], ${plain(rows, 'listPriceCents')}::int8[],
                    ${plain(rows, 'isListed')}::boolean[], ${column(rows, 'notes')}::text[],
                    ${plain(rows, 'createdAt')}::int8[], ${plain(rows, 'updatedAt')}::int8[])
          as t(id, product_id, quantity, purchase_price, list_price, is_listed, notes, created_at, updated_at)`
      return
    }
    case 'sales': {
      const rows = batch.rows
      // One unit per line: revenue = price − discount; profit = revenue − fees − cost; percent profit on cost.
      await sql`
        insert into sales (id, product_id, seller_id, buyer_id, quantity_sold, sell_price, discount, fees, gross_amount_earned,
                           net_profit_loss, percent_profit, date_sold, days_held, sold_at, created_at, channel, show_id, notes)
        select id, product_id, seller_id, buyer_id, 1, price / 100.0, discount / 100.0, fees / 100.0, (price - discount) / 100.0,
               (price - discount - fees - cost) / 100.0, round((price - discount - fees - cost) * 100.0 / nullif(cost, 0), 2),
               date '1970-01-01' + date_sold, days_held, to_timestamp(sold_at), to_timestamp(sold_at), channel, show_id, notes
        from unnest(${plain(rows, 'id')}::uuid[], ${plain(rows, 'productId')}::uuid[], ${plain(rows, 'sellerId')}::uuid[],
                    ${plain(rows, 'buyerId')}::uuid[], ${plain(rows, 'sellPriceCents')}::int8[], ${plain(rows, 'discountCents')}::int8[],
                    ${plain(rows, 'feesCents')}::int8[], ${plain(rows, 'costCents')}::int8[], ${plain(rows, 'dateSold')}::int[],
                    ${plain(rows, 'daysHeld')}::int[], ${plain(rows, 'soldAt')}::int8[], ${plain(rows, 'channel')}::text[],
                    ${plain(rows, 'showId')}::uuid[], ${column(rows, 'notes')}::text[])
          as t(id, product_id, seller_id, buyer_id, price, discount, fees, cost, date_sold, days_held, sold_at, channel, show_id, notes)`
      return
    }
    case 'seller_submissions': {
      const rows = batch.rows
      await sql`
        insert into seller_submissions (id, seller_id, brand_id, category, asking_price, status, submitted_at, decided_at, listed_at, product_id)
        select id, seller_id, brand_id, category, asking_price / 100.0, status, to_timestamp(submitted_at), to_timestamp(decided_at),
               to_timestamp(listed_at), product_id
        from unnest(${plain(rows, 'id')}::uuid[], ${plain(rows, 'sellerId')}::uuid[], ${plain(rows, 'brandId')}::uuid[],
                    ${plain(rows, 'category')}::text[], ${plain(rows, 'askingPriceCents')}::int8[], ${plain(rows, 'status')}::text[],
                    ${plain(rows, 'submittedAt')}::int8[], ${plain(rows, 'decidedAt')}::int8[], ${plain(rows, 'listedAt')}::int8[],
                    ${plain(rows, 'productId')}::uuid[])
          as t(id, seller_id, brand_id, category, asking_price, status, submitted_at, decided_at, listed_at, product_id)`
      return
    }
    case 'marketing_touches': {
      const rows = batch.rows
      await sql`
        insert into marketing_touches (id, user_id, campaign_id, touched_at, touch_type)
        select id, user_id, campaign_id, to_timestamp(touched_at), touch_type
        from unnest(${plain(rows, 'id')}::uuid[], ${plain(rows, 'userId')}::uuid[], ${plain(rows, 'campaignId')}::uuid[],
                    ${plain(rows, 'touchedAt')}::int8[], ${plain(rows, 'touchType')}::text[])
          as t(id, user_id, campaign_id, touched_at, touch_type)`
      return
    }
    case 'storefront_events': {
      const rows = batch.rows
      await sql`
        insert into storefront_events (id, session_id, user_id, product_id, event_type, occurred_at)
        select id, session_id, user_id, product_id, event_type, to_timestamp(occurred_at)
        from unnest(${plain(rows, 'id')}::uuid[], ${plain(rows, 'sessionId')}::text[], ${plain(rows, 'userId')}::uuid[],
                    ${plain(rows, 'productId')}::uuid[], ${plain(rows, 'eventType')}::text[], ${plain(rows, 'occurredAt')}::int8[])
          as t(id, session_id, user_id, product_id, event_type, occurred_at)`
      return
    }
  }
}
