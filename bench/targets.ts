/**
 * The performance targets (on the real PostgreSQL with a million sales), and why a tool can miss its target
 * at that scale: the report prints the reason beside every figure over its target.
 */

export const targets = {
  /** p95 of every vetted tool, at its defaults and at its filtered call (issue #18); also at or under its plain-SQL reference. */
  toolMs: 1_000,
  /** The stdio MCP server answering `initialize` after a cold start. */
  mcpInitializeMs: 500,
  /** The largest chart as PNG (p95). */
  pngMs: 100,
  /** The weekly digest end to end (p95, issue #18). */
  weeklyDigestMs: 5_000,
  /** A full report end to end (p95, issue #18). */
  reportMs: 5_000,
  /** Offline answers through HTTP at 50 concurrent users (p95). */
  httpAnswerMs: 1_000,
  httpConcurrency: 50,
}

export function toolTargetMs(): number {
  return targets.toolMs
}

const perCustomer =
  'groups the window\'s sales lines (about half a million in a year at this scale) by buyer: buyer × day is nearly as many ' +
  'rows as sales and a window may start on any day, so no summary holds per-buyer sums for it (buyer_summaries covers whole ' +
  'histories only) and every run aggregates the lines'
const perItem =
  'works item by item (resale items are unique): each of several hundred thousand sales or stock rows is joined to its product ' +
  'and inventory row, so a rollup per item would be as large as the tables'
const everyBuyer =
  'reads buyer_summaries (one row per buyer) for its default of the whole history, but still computes a figure for each of the ' +
  '100,000 buyers and joins them to users'

/**
 * Why a tool can miss its target at this scale. The tools not listed read rollups or summaries of a few thousand rows, or
 * the leading rows through an index (top_products, sku_profitability), and met their targets.
 */
export const missReasons: Record<string, string> = {
  top_customers: `${perCustomer}; only the leaders are looked up`,
  customer_concentration: `${perCustomer}, then ranks every buyer`,
  customer_lifetime_value: `${everyBuyer} to average their historical and projected values`,
  churn_risk:
    `${everyBuyer} to rank their spend, then measures the purchase gaps of the at-risk buyers whose score can still reach the list`,
  rfm_segments: `${everyBuyer} to score recency, frequency and spend (each distinct value's quintile comes from counts)`,
  repeat_purchases: `${perCustomer}, and orders each buyer's sales to measure the gaps`,
  cohort_retention: `${perCustomer}, from each buyer's first purchase ever`,
  new_vs_returning_customers: `${perCustomer}, against each buyer's first purchase ever`,
  customers_by_location: perCustomer,
  contact_preferences: `${perCustomer}, then joins every customer to them`,
  brand_performance: `${perItem}: it counts each brand's products (over a million) besides their sales`,
  hot_products:
    'checks the stock of the product of each of the window\'s product views (some 85,000 a year), then counts distinct sessions per ' +
    'product still in stock; the business day of a view depends on the time zone, so no daily rollup holds them',
  fast_slow_movers: perItem,
  sell_through_by_condition: `${perItem}: every item added in the window is matched to its sale`,
  inventory_aging: `${perItem}: every unsold item is aged`,
  seller_submissions: 'takes medians over the window\'s submissions (tens of thousands): medians cannot be summed from daily rows',
  marketing_attribution:
    'matches every sale in the window to the buyer\'s campaign touches in the lookback (about three million sale-touch pairs a year) ' +
    'and numbers them per sale; the result depends on the lookback asked for, so it cannot be stored ahead',
  channel_comparison: 'finds the first purchase of every buyer in the window and their campaign touches before it',
}
