import type { Fragment, Sql, TransactionSql } from '../db/database.ts'

/**
 * The metric glossary: every metric the tools report, defined once in words and, where it is an
 * aggregate over sales, once in SQL. Tools import these so two tools never compute a metric two ways.
 *
 * SQL conventions: `s` is `sales`, `i` is `inventory`, `p` is `products`.
 */
export interface Metric {
  name: string
  label: string
  definition: string
  unit: 'currency' | 'count' | 'percent' | 'ratio' | 'days'
}

const metric = (name: string, label: string, unit: Metric['unit'], definition: string): Metric => ({
  name,
  label,
  unit,
  definition,
})

export const metrics = {
  revenue: metric(
    'revenue',
    'Revenue',
    'currency',
    'What buyers paid: the sum of sales.gross_amount_earned (unit price × quantity − discount), before fees and cost.',
  ),
  net_revenue: metric('net_revenue', 'Net revenue', 'currency', 'Revenue minus fees (platform, payment and shipping fees).'),
  cost: metric('cost', 'Cost of goods', 'currency', 'Purchase price of the items sold: inventory.purchase_price × quantity sold.'),
  gross_profit: metric(
    'gross_profit',
    'Gross profit',
    'currency',
    'Revenue − fees − cost of goods: the sum of sales.net_profit_loss.',
  ),
  margin_percent: metric('margin_percent', 'Gross margin %', 'percent', 'Gross profit ÷ revenue × 100.'),
  return_on_cost_percent: metric(
    'return_on_cost_percent',
    'Return on cost %',
    'percent',
    'Gross profit ÷ cost of goods × 100 (the brief\'s percent_profit, averaged per sale where stated).',
  ),
  orders: metric('orders', 'Orders', 'count', 'Sale lines (one line per item sold; resale items are unique).'),
  units: metric('units', 'Units', 'count', 'Items sold: the sum of sales.quantity_sold.'),
  aov: metric('aov', 'Average order value', 'currency', 'Revenue ÷ orders.'),
  average_price: metric('average_price', 'Average price per unit', 'currency', 'Revenue ÷ units.'),
  customers: metric('customers', 'Customers', 'count', 'Distinct buyers (sales.buyer_id) with at least one sale in the window.'),
  new_customers: metric(
    'new_customers',
    'New customers',
    'count',
    'Buyers whose first purchase ever falls in the window.',
  ),
  repeat_rate: metric(
    'repeat_rate',
    'Repeat purchase rate',
    'percent',
    'Share of buyers with two or more orders, among buyers with at least one order in the window.',
  ),
  clv: metric(
    'clv',
    'Customer lifetime value',
    'currency',
    'Historical CLV: a customer\'s total gross profit to date; the projected figure multiplies average profit per order by orders per year over a three-year horizon.',
  ),
  churn: metric(
    'churn',
    'Churn risk',
    'ratio',
    'A customer is at churn risk when their last purchase is N or more days before the as-of date (default 90); the score weighs how far past their usual gap between orders they are.',
  ),
  value_at_risk: metric(
    'value_at_risk',
    'Value at risk',
    'currency',
    'For a customer at churn risk, their average yearly spend: lifetime revenue ÷ years from their first to their last purchase, counting at least one year.',
  ),
  cohort_retention: metric(
    'cohort_retention',
    'Cohort retention',
    'percent',
    'Of the customers whose first purchase fell in a calendar month (the cohort), those who bought in the Nth month after it (month 0 = the first month) ÷ cohort size × 100.',
  ),
  days_to_sell: metric('days_to_sell', 'Days to sell', 'days', 'Days between an item entering stock and its sale (sales.days_held).'),
  sell_through: metric(
    'sell_through',
    'Sell-through rate',
    'percent',
    'Items sold ÷ items taken into stock, for the items added in the window, × 100.',
  ),
  days_in_inventory: metric(
    'days_in_inventory',
    'Days in inventory',
    'days',
    'For unsold stock: days from inventory.created_at to the as-of date.',
  ),
  roas: metric('roas', 'ROAS', 'ratio', 'Return on ad spend: attributed revenue ÷ spend.'),
  cpa: metric('cpa', 'CPA', 'currency', 'Cost per acquisition: spend ÷ conversions.'),
  conversion_rate: metric('conversion_rate', 'Conversion rate', 'percent', 'Conversions ÷ clicks × 100.'),
  ctr: metric('ctr', 'Click-through rate', 'percent', 'Clicks ÷ impressions × 100.'),
  funnel_conversion: metric(
    'funnel_conversion',
    'Funnel step conversion',
    'percent',
    'Sessions reaching a step ÷ sessions reaching the previous step × 100.',
  ),
  funnel_drop_off: metric(
    'funnel_drop_off',
    'Funnel drop-off',
    'percent',
    'Sessions reaching the previous step but not this one ÷ sessions reaching the previous step × 100 (100 − step conversion).',
  ),
  funnel_overall_conversion: metric(
    'funnel_overall_conversion',
    'Overall funnel conversion',
    'percent',
    'Sessions reaching a step ÷ sessions reaching the first step (product viewed) × 100; at payment_completed, the funnel\'s conversion.',
  ),
  customer_acquisition_cost: metric(
    'customer_acquisition_cost',
    'Customer acquisition cost',
    'currency',
    'A channel\'s campaign spend ÷ the new customers it acquired: buyers whose first purchase ever falls in the window and whose earliest campaign touch in the lookback before that purchase was on the channel.',
  ),
  first_touch_revenue: metric(
    'first_touch_revenue',
    'First-touch revenue',
    'currency',
    'Sales revenue credited in full to the buyer\'s earliest campaign touch in the lookback before the sale (sales.sold_at).',
  ),
  last_touch_revenue: metric(
    'last_touch_revenue',
    'Last-touch revenue',
    'currency',
    'Sales revenue credited in full to the buyer\'s latest campaign touch in the lookback before the sale.',
  ),
  linear_revenue: metric(
    'linear_revenue',
    'Linear multi-touch revenue',
    'currency',
    'Sales revenue split equally over every campaign touch of the buyer in the lookback before the sale (cents left over go to the earliest touches).',
  ),
  change_percent: metric(
    'change_percent',
    'Change %',
    'percent',
    '(Value − base) ÷ |base| × 100, against the previous period or the same period last year; empty when the base is 0.',
  ),
  revenue_per_show_hour: metric(
    'revenue_per_show_hour',
    'Revenue per show hour',
    'currency',
    'Revenue of sales made during live shows ÷ hours of those shows.',
  ),
  submission_acceptance_rate: metric(
    'submission_acceptance_rate',
    'Acceptance rate',
    'percent',
    'Seller submissions accepted or listed ÷ submissions decided × 100.',
  ),
  average_profit: metric(
    'average_profit',
    'Average profit per sale',
    'currency',
    'Gross profit ÷ sale lines (the brief\'s AVG(net_profit_loss)).',
  ),
  product_views: metric(
    'product_views',
    'Product views',
    'count',
    'Product page views: product_viewed storefront events (the product_views view), dated by the business day of the view.',
  ),
  fast_movers: metric(
    'fast_movers',
    'Fast movers',
    'count',
    'Items sold within N days of entering stock (days to sell ≤ N; 30 unless stated).',
  ),
  slow_movers: metric(
    'slow_movers',
    'Slow movers',
    'count',
    'Items unsold more than N days after entering stock as of the as-of date, or sold after more than N days (120 unless stated).',
  ),
  deadstock: metric('deadstock', 'Deadstock', 'count', 'Unsold items in stock for more than 180 days as of the as-of date.'),
  stock_value: metric(
    'stock_value',
    'Stock value',
    'currency',
    'Unsold stock valued at cost (inventory.purchase_price × quantity on hand) or at list (inventory.list_price × quantity on hand).',
  ),
  listing_rate: metric(
    'listing_rate',
    'Listing rate',
    'percent',
    'Seller submissions listed ÷ submissions accepted or listed × 100.',
  ),
  days_to_decision: metric(
    'days_to_decision',
    'Days to decision',
    'days',
    'Days between a seller submission and its accept or reject decision (business days of submitted_at and decided_at).',
  ),
} as const satisfies Record<string, Metric>

export type MetricName = keyof typeof metrics

type AnySql = Sql | TransactionSql

/** The one SQL expression for each aggregate over `sales s` (joined to `inventory i` for cost). */
export const measures = {
  revenue: (sql: AnySql): Fragment => sql`coalesce(sum(s.gross_amount_earned), 0)::float8`,
  netRevenue: (sql: AnySql): Fragment => sql`coalesce(sum(s.gross_amount_earned - s.fees), 0)::float8`,
  grossProfit: (sql: AnySql): Fragment => sql`coalesce(sum(s.net_profit_loss), 0)::float8`,
  cost: (sql: AnySql): Fragment =>
    sql`coalesce(sum(s.gross_amount_earned - s.fees - s.net_profit_loss), 0)::float8`,
  fees: (sql: AnySql): Fragment => sql`coalesce(sum(s.fees), 0)::float8`,
  marginPercent: (sql: AnySql): Fragment =>
    sql`coalesce(round((100 * sum(s.net_profit_loss) / nullif(sum(s.gross_amount_earned), 0))::numeric, 2), 0)::float8`,
  orders: (sql: AnySql): Fragment => sql`count(s.id)::int`,
  units: (sql: AnySql): Fragment => sql`coalesce(sum(s.quantity_sold), 0)::int`,
  aov: (sql: AnySql): Fragment =>
    sql`coalesce(round((sum(s.gross_amount_earned) / nullif(count(s.id), 0))::numeric, 2), 0)::float8`,
  averagePrice: (sql: AnySql): Fragment =>
    sql`coalesce(round((sum(s.gross_amount_earned) / nullif(sum(s.quantity_sold), 0))::numeric, 2), 0)::float8`,
  customers: (sql: AnySql): Fragment => sql`count(distinct s.buyer_id)::int`,
  /**
   * One customer's orders per year up to `asOf`: orders × 365 ÷ days from the first purchase to `asOf`,
   * counting at least a year so a new customer's first weeks are not extrapolated.
   */
  ordersPerYear: (sql: AnySql, asOf: string): Fragment =>
    sql`round((count(s.id) * 365.0 / greatest(${asOf}::date - min(s.date_sold), 365))::numeric, 2)::float8`,
  /**
   * Projected CLV (metrics.clv) of one customer: average gross profit per order × orders per year × 3 years,
   * written as gross profit × 3 × 365 ÷ the same tenure as ordersPerYear (orders cancel out, nothing is rounded midway).
   */
  projectedClv: (sql: AnySql, asOf: string): Fragment =>
    sql`coalesce(round((sum(s.net_profit_loss) * 3 * 365 / greatest(${asOf}::date - min(s.date_sold), 365))::numeric, 2), 0)::float8`,
  averageDaysToSell: (sql: AnySql): Fragment => sql`round(avg(s.days_held)::numeric, 1)::float8`,
  medianDaysToSell: (sql: AnySql): Fragment =>
    sql`round((percentile_cont(0.5) within group (order by s.days_held))::numeric, 1)::float8`,
  averageProfit: (sql: AnySql): Fragment =>
    sql`coalesce(round((sum(s.net_profit_loss) / nullif(count(s.id), 0))::numeric, 2), 0)::float8`,
  /** Null when the cost is zero: a return on nothing is undefined. */
  returnOnCostPercent: (sql: AnySql): Fragment =>
    sql`round((100 * sum(s.net_profit_loss) / nullif(sum(s.gross_amount_earned - s.fees - s.net_profit_loss), 0))::numeric, 2)::float8`,
  /** The brief's AVG(percent_profit): return on cost averaged per sale. */
  averageReturnOnCostPercent: (sql: AnySql): Fragment => sql`round(avg(s.percent_profit)::numeric, 2)::float8`,
  /** Per item, not an aggregate: days from `i.created_at` (business day) to `asOf`, never below 0. */
  daysInInventory: (sql: AnySql, asOf: string, timeZone: string): Fragment =>
    sql`greatest(0, ${asOf}::date - (i.created_at at time zone ${timeZone})::date)::int`,
}

/** Ratios computed from already-aggregated figures, in TypeScript, with the same definitions. */
export const ratios = {
  roas: (revenue: number, spend: number): number | null => (spend > 0 ? round(revenue / spend, 2) : null),
  cpa: (spend: number, conversions: number): number | null => (conversions > 0 ? round(spend / conversions, 2) : null),
  percent: (part: number, whole: number): number | null => (whole > 0 ? round((100 * part) / whole, 2) : null),
  /** Customer acquisition cost: spend ÷ customers acquired. */
  acquisitionCost: (spend: number, customers: number): number | null => (customers > 0 ? round(spend / customers, 2) : null),
  /** Change on a base period; the base's magnitude keeps the sign meaningful when the base is negative (a loss). */
  changePercent: (value: number, base: number): number | null =>
    base !== 0 ? round((100 * (value - base)) / Math.abs(base), 2) : null,
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** The glossary as a Markdown document (served as an MCP resource and in the docs). */
export function glossaryDocument(): string {
  const lines = Object.values(metrics).map(
    (entry) => `- **${entry.label}** (\`${entry.name}\`, ${entry.unit}): ${entry.definition}`,
  )
  return ['# Metric glossary', '', ...lines].join('\n')
}
