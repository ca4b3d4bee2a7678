/**
 * The performance targets (on the real PostgreSQL with a million sales), and why a tool can miss its target
 * at that scale: the report prints the reason beside every figure over its target.
 */

export const targets = {
  /** p95 of every vetted tool. */
  toolMs: 150,
  /** p95 of the tools a dashboard opens with. */
  headlineToolMs: 50,
  headlineTools: ['kpi_summary', 'sales_by_weekday', 'sales_trend'] as readonly string[],
  /** The stdio MCP server answering `initialize` after a cold start. */
  mcpInitializeMs: 500,
  /** The largest chart as PNG (p95). */
  pngMs: 100,
  /** The weekly digest end to end. */
  weeklyDigestMs: 5_000,
  /** Offline answers through HTTP at 50 concurrent users (p95). */
  httpAnswerMs: 300,
  httpConcurrency: 50,
}

export function toolTargetMs(tool: string): number {
  return targets.headlineTools.includes(tool) ? targets.headlineToolMs : targets.toolMs
}

const perCustomer =
  'groups the window\'s sales lines (about half a million in a year at this scale) by buyer; buyer × day is nearly as many ' +
  'rows as sales, so no daily rollup can hold the figure exactly and every run aggregates the lines'
const perItem =
  'works item by item (resale items are unique): each of several hundred thousand sales or stock rows is joined to its product ' +
  'and inventory row, so a rollup per item would be as large as the tables'

/** Why a tool over its target cannot be pre-aggregated exactly; tools not listed here read the daily rollups. */
export const missReasons: Record<string, string> = {
  top_customers: perCustomer,
  customer_concentration: perCustomer,
  customer_lifetime_value: `${perCustomer} (over all history up to the window's end)`,
  churn_risk: `${perCustomer}, then measures each buyer's gaps between purchase days`,
  rfm_segments: `${perCustomer} (over all history), then ranks them into quintiles`,
  repeat_purchases: `${perCustomer}, and orders each buyer's sales to measure the gaps`,
  cohort_retention: `${perCustomer}, from each buyer's first purchase ever`,
  new_vs_returning_customers: `${perCustomer}, against each buyer's first purchase ever`,
  customers_by_location: perCustomer,
  contact_preferences: 'joins every customer to their sales in the window (distinct buyers cannot be summed from daily rows)',
  kpi_summary:
    'revenue, orders, units and profit come from the daily rollup in milliseconds, but new, distinct and repeat customers per period ' +
    'need one pass over every buyer\'s sales (distinct counts cannot be summed from daily rows)',
  top_products: `${perItem} (the default groups by product; grouping by brand, category or condition is far cheaper)`,
  sku_profitability: perItem,
  brand_performance: `${perItem}: it counts each brand\'s products (over a million) besides their sales`,
  hot_products: 'counts distinct sessions per product over the window\'s product views (hundreds of thousands), then checks each product\'s stock',
  fast_slow_movers: perItem,
  sell_through_by_condition: `${perItem}: every item added in the window is matched to its sale`,
  inventory_aging: `${perItem}: every unsold item is aged`,
  seller_submissions: 'takes medians over the window\'s submissions (hundreds of thousands): medians cannot be summed from daily rows',
  marketing_attribution:
    'matches every sale in the window to the buyer\'s campaign touches in the lookback (about three million sale-touch pairs a year) ' +
    'and numbers them per sale; the result depends on the lookback asked for, so it cannot be stored ahead',
  channel_comparison: 'finds the first purchase of every buyer in the window and their campaign touches before it',
  conversion_funnel: 'groups the window\'s storefront events (over a million) by browsing session',
  sales_by_hour:
    'reads the hour of each sale in the configured time zone: a daily rollup has no hours, and an hourly one would fix the time zone when it is built',
  show_performance: 'sums the sales made during shows (a large share of all sales) per show',
  change_drivers: 'reads the detailed daily rollup (brand × category × condition × channel per day) twice, for the window and the comparison period',
}
