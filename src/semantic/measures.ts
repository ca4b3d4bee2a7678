import type { Fragment } from '../db/database.ts'
import { partSql, type AnySql, type PartName, type SourceName } from './sources.ts'

/**
 * The measures: every figure the tools report, declared once with its label, unit and definition and, where it
 * is an aggregate over sales, its formula over the additive parts of src/semantic/sources.ts. The same formula
 * compiles to SQL over sales, over the daily rollups and over a buyer's summary row, so a tool that switches
 * between them returns the same figure; the glossary, column labels, chart titles and formats read the rest.
 */
export type Unit = 'currency' | 'count' | 'percent' | 'ratio' | 'days'

type PartReader = (part: PartName) => Fragment
type Formula = (sql: AnySql, part: PartReader, ...context: string[]) => Fragment

export interface MeasureDeclaration {
  label: string
  unit: Unit
  definition: string
  /** The SQL over parts; measures computed in TypeScript from aggregated figures (ROAS, change) have none. */
  formula?: Formula
}

/** A sum of parts (with signs), empty as 0, as a float or an integer. */
const total =
  (terms: Partial<Record<PartName, 1 | -1>>, cast: 'float8' | 'int' = 'float8'): Formula =>
  (sql, part) => {
    const entries = Object.entries(terms) as [PartName, 1 | -1][]
    const expression = entries.slice(1).reduce(
      (sum, [name, sign]) => (sign === 1 ? sql`${sum} + ${part(name)}` : sql`${sum} - ${part(name)}`),
      part(entries[0]![0]),
    )
    return cast === 'int' ? sql`coalesce(${expression}, 0)::int` : sql`coalesce(${expression}, 0)::float8`
  }

/** numerator ÷ denominator (× 100 for percents), rounded; empty as 0 or as null when the denominator is 0. */
const ratio =
  (
    numerator: Formula | PartName,
    denominator: Partial<Record<PartName, 1 | -1>>,
    options: { percent?: boolean; digits?: 1 | 2; empty?: 'zero' | 'null'; numericNumerator?: boolean } = {},
  ): Formula =>
  (sql, part, ...context) => {
    const top = typeof numerator === 'string' ? part(numerator) : numerator(sql, part, ...context)
    const entries = Object.entries(denominator) as [PartName, 1 | -1][]
    const bottom = entries.slice(1).reduce(
      (sum, [name, sign]) => (sign === 1 ? sql`${sum} + ${part(name)}` : sql`${sum} - ${part(name)}`),
      part(entries[0]![0]),
    )
    const scaled = options.percent ? sql`100 * ${top}` : options.numericNumerator ? sql`${top}::numeric` : top
    const digits = options.digits === 1 ? sql`1` : sql`2`
    const rounded = sql`round((${scaled} / nullif(${bottom}, 0))::numeric, ${digits})`
    return options.empty === 'null' ? sql`${rounded}::float8` : sql`coalesce(${rounded}, 0)::float8`
  }

/** The tenure in days, at least a year, from the first purchase to the as-of date (context[0]). */
const tenure = (sql: AnySql, part: PartReader, asOf: string) => sql`greatest(${asOf}::date - ${part('first_date')}, 365)`

export const measures = {
  revenue: {
    label: 'Revenue',
    unit: 'currency',
    definition: 'What buyers paid: the sum of sales.gross_amount_earned (unit price × quantity − discount), before fees and cost.',
    formula: total({ revenue: 1 }),
  },
  net_revenue: {
    label: 'Net revenue',
    unit: 'currency',
    definition: 'Revenue minus fees (platform, payment and shipping fees).',
    formula: total({ revenue: 1, fees: -1 }),
  },
  fees: { label: 'Fees', unit: 'currency', definition: 'Platform, payment and shipping fees: the sum of sales.fees.', formula: total({ fees: 1 }) },
  discount: {
    label: 'Discounts',
    unit: 'currency',
    definition: 'Discounts given off the list price: the sum of sales.discount.',
    formula: total({ discount: 1 }),
  },
  cost: {
    label: 'Cost of goods',
    unit: 'currency',
    definition: 'Purchase price of the items sold: inventory.purchase_price × quantity sold.',
    formula: total({ revenue: 1, fees: -1, gross_profit: -1 }),
  },
  gross_profit: {
    label: 'Gross profit',
    unit: 'currency',
    definition: 'Revenue − fees − cost of goods: the sum of sales.net_profit_loss.',
    formula: total({ gross_profit: 1 }),
  },
  margin_percent: {
    label: 'Gross margin %',
    unit: 'percent',
    definition: 'Gross profit ÷ revenue × 100.',
    formula: ratio('gross_profit', { revenue: 1 }, { percent: true }),
  },
  return_on_cost_percent: {
    label: 'Return on cost %',
    unit: 'percent',
    definition: 'Gross profit ÷ cost of goods × 100 (sales.percent_profit, averaged per sale where stated).',
    formula: ratio('gross_profit', { revenue: 1, fees: -1, gross_profit: -1 }, { percent: true, empty: 'null' }),
  },
  average_return_on_cost_percent: {
    label: 'Average return on cost %',
    unit: 'percent',
    definition: 'The mean of sales.percent_profit: return on cost averaged per sale.',
    // The mean as sum ÷ count (what avg computes), so the daily rollups can hold it.
    formula: ratio('percent_profit_sum', { percent_profit_count: 1 }, { empty: 'null' }),
  },
  average_discount_percent: {
    label: 'Average discount %',
    unit: 'percent',
    definition: 'Discounts ÷ the list value of the items sold (revenue + discounts) × 100: how much below list price items sold.',
    formula: ratio('discount', { revenue: 1, discount: 1 }, { percent: true }),
  },
  orders: {
    label: 'Orders',
    unit: 'count',
    definition: 'Sale lines (one line per item sold; resale items are unique).',
    formula: total({ orders: 1 }, 'int'),
  },
  units: { label: 'Units', unit: 'count', definition: 'Items sold: the sum of sales.quantity_sold.', formula: total({ units: 1 }, 'int') },
  aov: { label: 'Average order value', unit: 'currency', definition: 'Revenue ÷ orders.', formula: ratio('revenue', { orders: 1 }) },
  average_price: {
    label: 'Average price per unit',
    unit: 'currency',
    definition: 'Revenue ÷ units.',
    formula: ratio('revenue', { units: 1 }),
  },
  average_profit: {
    label: 'Average profit per sale',
    unit: 'currency',
    definition: 'Gross profit ÷ sale lines (the mean of sales.net_profit_loss).',
    formula: ratio('gross_profit', { orders: 1 }),
  },
  customers: {
    label: 'Customers',
    unit: 'count',
    definition: 'Distinct buyers (sales.buyer_id) with at least one sale in the window.',
    formula: (sql, part) => sql`${part('buyers')}::int`,
  },
  new_customers: { label: 'New customers', unit: 'count', definition: 'Buyers whose first purchase ever falls in the window.' },
  repeat_rate: {
    label: 'Repeat purchase rate',
    unit: 'percent',
    definition: 'Share of buyers with two or more orders, among buyers with at least one order in the window.',
  },
  orders_per_year: {
    label: 'Orders per year',
    unit: 'ratio',
    definition: "One customer's orders × 365 ÷ days from their first purchase to the as-of date, counting at least a year.",
    formula: (sql, part, asOf) => sql`round((${part('orders')} * 365.0 / ${tenure(sql, part, asOf!)})::numeric, 2)::float8`,
  },
  clv: {
    label: 'Customer lifetime value',
    unit: 'currency',
    definition:
      "Historical CLV: a customer's total gross profit to date; the projected figure multiplies average profit per order by orders per year over a three-year horizon.",
  },
  projected_clv: {
    label: 'Projected lifetime value',
    unit: 'currency',
    definition:
      'Average gross profit per order × orders per year × 3 years, written as gross profit × 3 × 365 ÷ the tenure of orders per year (orders cancel out, nothing is rounded midway).',
    formula: (sql, part, asOf) =>
      sql`coalesce(round((${part('gross_profit')} * 3 * 365 / ${tenure(sql, part, asOf!)})::numeric, 2), 0)::float8`,
  },
  churn: {
    label: 'Churn risk',
    unit: 'ratio',
    definition:
      "A customer is at churn risk when their last purchase is N or more days before the as-of date (default 90); the score weighs how far past their usual gap between orders they are.",
  },
  value_at_risk: {
    label: 'Value at risk',
    unit: 'currency',
    definition:
      'For a customer at churn risk, their average yearly spend: lifetime revenue ÷ years from their first to their last purchase, counting at least one year.',
  },
  cohort_retention: {
    label: 'Cohort retention',
    unit: 'percent',
    definition:
      'Of the customers whose first purchase fell in a calendar month (the cohort), those who bought in the Nth month after it (month 0 = the first month) ÷ cohort size × 100.',
  },
  days_to_sell: { label: 'Days to sell', unit: 'days', definition: 'Days between an item entering stock and its sale (sales.days_held).' },
  average_days_to_sell: {
    label: 'Average days to sell',
    unit: 'days',
    definition: 'The mean of days to sell over the sales whose days held are known; empty when none is.',
    formula: ratio('days_held_sum', { days_held_count: 1 }, { digits: 1, empty: 'null', numericNumerator: true }),
  },
  median_days_to_sell: {
    label: 'Median days to sell',
    unit: 'days',
    definition: 'The median of days to sell over the sales whose days held are known.',
    formula: (sql, part) => sql`round((${part('median_days_held')})::numeric, 1)::float8`,
  },
  sell_through: {
    label: 'Sell-through rate',
    unit: 'percent',
    definition: 'Items sold ÷ items taken into stock, for the items added in the window, × 100.',
  },
  days_in_inventory: {
    label: 'Days in inventory',
    unit: 'days',
    definition: 'For unsold stock: days from inventory.created_at to the as-of date.',
    // Per item of `inventory i`, not an aggregate: context is the as-of date and the business time zone.
    formula: (sql, _part, asOf, timeZone) => sql`greatest(0, ${asOf!}::date - (i.created_at at time zone ${timeZone!})::date)::int`,
  },
  roas: { label: 'ROAS', unit: 'ratio', definition: 'Return on ad spend: attributed revenue ÷ spend.' },
  roi: {
    label: 'ROI',
    unit: 'percent',
    definition:
      "Return on investment of a campaign: (attributed return − spend) ÷ spend × 100, the return being the revenue the channel attributes to it, or the revenue or gross profit of the sales credited to it from customer touches; empty when nothing was spent.",
  },
  cpa: { label: 'CPA', unit: 'currency', definition: 'Cost per acquisition: spend ÷ conversions.' },
  conversion_rate: { label: 'Conversion rate', unit: 'percent', definition: 'Conversions ÷ clicks × 100.' },
  ctr: { label: 'Click-through rate', unit: 'percent', definition: 'Clicks ÷ impressions × 100.' },
  funnel_conversion: {
    label: 'Funnel step conversion',
    unit: 'percent',
    definition: 'Sessions reaching a step ÷ sessions reaching the previous step × 100.',
  },
  funnel_drop_off: {
    label: 'Funnel drop-off',
    unit: 'percent',
    definition: 'Sessions reaching the previous step but not this one ÷ sessions reaching the previous step × 100 (100 − step conversion).',
  },
  funnel_overall_conversion: {
    label: 'Overall funnel conversion',
    unit: 'percent',
    definition:
      "Sessions reaching a step ÷ sessions reaching the first step (product viewed) × 100; at payment_completed, the funnel's conversion.",
  },
  customer_acquisition_cost: {
    label: 'Customer acquisition cost',
    unit: 'currency',
    definition:
      "A channel's campaign spend ÷ the new customers it acquired: buyers whose first purchase ever falls in the window and whose earliest campaign touch in the lookback before that purchase was on the channel.",
  },
  first_touch_revenue: {
    label: 'First-touch revenue',
    unit: 'currency',
    definition: "Sales revenue credited in full to the buyer's earliest campaign touch in the lookback before the sale (sales.sold_at).",
  },
  last_touch_revenue: {
    label: 'Last-touch revenue',
    unit: 'currency',
    definition: "Sales revenue credited in full to the buyer's latest campaign touch in the lookback before the sale.",
  },
  linear_revenue: {
    label: 'Linear multi-touch revenue',
    unit: 'currency',
    definition:
      'Sales revenue split equally over every campaign touch of the buyer in the lookback before the sale (cents left over go to the earliest touches).',
  },
  change_percent: {
    label: 'Change %',
    unit: 'percent',
    definition: '(Value − base) ÷ |base| × 100, against the previous period or the same period last year; empty when the base is 0.',
  },
  revenue_per_show_hour: {
    label: 'Revenue per show hour',
    unit: 'currency',
    definition: 'Revenue of sales made during live shows ÷ hours of those shows.',
  },
  submission_acceptance_rate: {
    label: 'Acceptance rate',
    unit: 'percent',
    definition: 'Seller submissions accepted or listed ÷ submissions decided × 100.',
  },
  product_views: {
    label: 'Product views',
    unit: 'count',
    definition: 'Product page views: product_viewed storefront events (the product_views view), dated by the business day of the view.',
  },
  fast_movers: {
    label: 'Fast movers',
    unit: 'count',
    definition: 'Items sold within N days of entering stock (days to sell ≤ N; 30 unless stated).',
  },
  slow_movers: {
    label: 'Slow movers',
    unit: 'count',
    definition: 'Items unsold more than N days after entering stock as of the as-of date, or sold after more than N days (120 unless stated).',
  },
  deadstock: { label: 'Deadstock', unit: 'count', definition: 'Unsold items in stock for more than 180 days as of the as-of date.' },
  stock_value: {
    label: 'Stock value',
    unit: 'currency',
    definition:
      'Unsold stock valued at cost (inventory.purchase_price × quantity on hand) or at list (inventory.list_price × quantity on hand).',
  },
  listing_rate: { label: 'Listing rate', unit: 'percent', definition: 'Seller submissions listed ÷ submissions accepted or listed × 100.' },
  days_to_decision: {
    label: 'Days to decision',
    unit: 'days',
    definition: 'Days between a seller submission and its accept or reject decision (business days of submitted_at and decided_at).',
  },
} as const satisfies Record<string, MeasureDeclaration>

export type MeasureName = keyof typeof measures
/** Kept for the tools' `metrics` lists: every measure a tool reports is named here. */
export type MetricName = MeasureName

type WithFormula = { [Name in MeasureName]: (typeof measures)[Name] extends { formula: Formula } ? Name : never }[MeasureName]
export type SqlMeasureName = WithFormula

/** The parts a measure is computed from: what a rollup must store for the measure to be read from it. */
export function partsOf(sql: AnySql, name: SqlMeasureName): PartName[] {
  const used = new Set<PartName>()
  const formula: Formula = measures[name].formula
  formula(sql, (part) => {
    used.add(part)
    return sql`null`
  }, '2000-01-01')
  return [...used]
}

export type MeasureSql = (sql: AnySql, ...context: string[]) => Fragment

/** Every SQL measure compiled over one source: `measuresOver('daily_rollup').revenue(sql)`. */
export function measuresOver(source: SourceName): Record<SqlMeasureName, MeasureSql> {
  const compiled = {} as Record<SqlMeasureName, MeasureSql>
  for (const [name, declaration] of Object.entries(measures) as [MeasureName, MeasureDeclaration][]) {
    const formula = declaration.formula
    if (!formula) continue
    compiled[name as SqlMeasureName] = (sql, ...context) => formula(sql, (part) => partSql(sql, source, part), ...context)
  }
  return compiled
}
