import type { Sql } from '../src/db/database.ts'

/**
 * The baseline: the example queries of the analytics brief (the seed document), as a user would paste them.
 * All four run unchanged on this schema, so their naive shape is kept exactly: the customer query joins
 * customers through sales.seller_id (the consignor, so it finds no spend at all), none has a window or a
 * limit, and every row comes back to the client. Each is paired with the vetted tool that answers the same
 * question over the same window (all time).
 */
export interface NaiveQuery {
  name: string
  question: string
  tool: string
  toolArguments: Record<string, unknown>
  /** How the naive answer differs from the tool's, beyond speed. */
  caveat: string
  run(sql: Sql): Promise<readonly unknown[]>
}

export const naiveQueries: readonly NaiveQuery[] = [
  {
    name: 'top_customers',
    question: 'Top customers by spend',
    tool: 'top_customers',
    toolArguments: { period: 'all_time' },
    caveat: 'Joins customers on sales.seller_id, so every buyer shows no spend; returns every buyer, unranked in effect.',
    run: (sql) => sql`
      SELECT
          u.id as customer_id,
          u.full_name as customer_name,
          COUNT(s.id) as total_orders,
          SUM(s.gross_amount_earned) as total_spend,
          SUM(s.quantity_sold) as total_units,
          AVG(s.gross_amount_earned) as avg_order_value,
          MAX(s.date_sold) as last_purchase_date
      FROM users u
      LEFT JOIN sales s ON u.id = s.seller_id
      WHERE u.user_type = 'buyer'
      GROUP BY u.id, u.full_name
      ORDER BY total_spend DESC`,
  },
  {
    name: 'day_of_week',
    question: 'Top days of the week to sell',
    tool: 'sales_by_weekday',
    toolArguments: { period: 'all_time' },
    caveat: 'Counts sale lines as units and averages the price before discount; no weekday without sales is listed.',
    run: (sql) => sql`
      SELECT
          EXTRACT(DOW FROM s.date_sold) as day_of_week,
          CASE EXTRACT(DOW FROM s.date_sold)
              WHEN 0 THEN 'Sunday'
              WHEN 1 THEN 'Monday'
              WHEN 2 THEN 'Tuesday'
              WHEN 3 THEN 'Wednesday'
              WHEN 4 THEN 'Thursday'
              WHEN 5 THEN 'Friday'
              WHEN 6 THEN 'Saturday'
          END as day_name,
          COUNT(s.id) as units_sold,
          SUM(s.gross_amount_earned) as total_revenue,
          AVG(s.sell_price) as avg_price_per_unit
      FROM sales s
      WHERE s.date_sold IS NOT NULL
      GROUP BY EXTRACT(DOW FROM s.date_sold)
      ORDER BY total_revenue DESC`,
  },
  {
    name: 'top_products',
    question: 'Top selling products',
    tool: 'top_products',
    toolArguments: { period: 'all_time' },
    caveat: 'Returns every product, unsold ones included (their revenue is empty and sorts first), instead of the top 10.',
    run: (sql) => sql`
      SELECT
          p.name as product_name,
          b.name as brand_name,
          COUNT(s.id) as units_sold,
          SUM(s.gross_amount_earned) as total_revenue,
          AVG(s.sell_price) as avg_sell_price,
          AVG(s.net_profit_loss) as avg_profit
      FROM products p
      LEFT JOIN brands b ON p.brand_id = b.id
      LEFT JOIN sales s ON p.id = s.product_id
      GROUP BY p.id, p.name, b.name
      ORDER BY total_revenue DESC`,
  },
  {
    name: 'brand_profitability',
    question: 'Brand profitability',
    tool: 'brand_performance',
    toolArguments: { period: 'all_time' },
    caveat: 'Close to the tool (all time, by profit); the tool also reports units, margin % and excludes products added after the window.',
    run: (sql) => sql`
      SELECT
          b.name as brand_name,
          COUNT(DISTINCT p.id) as total_products,
          COUNT(s.id) as total_sales,
          SUM(s.gross_amount_earned) as total_revenue,
          SUM(s.net_profit_loss) as total_profit,
          AVG(s.percent_profit) as avg_profit_percentage,
          AVG(s.days_held) as avg_days_to_sell
      FROM brands b
      LEFT JOIN products p ON b.id = p.brand_id
      LEFT JOIN sales s ON p.id = s.product_id
      GROUP BY b.id, b.name
      ORDER BY total_profit DESC`,
  },
]
