import type { NamedPeriod } from '../tools/time-window.ts'
import type { RecommendationArea } from '../recommendations/recommendation.ts'
import type { ReportKind } from './report.ts'

export interface SectionDefinition {
  id: string
  title: string
  tool: string
  /** The tool's arguments for the report window (inclusive dates). */
  arguments(window: { from: string; to: string }): Record<string, unknown>
  /** The columns worth reading in a report; the JSON form keeps them too. */
  columns: Array<{ key: string; label: string }>
  maxRows?: number
}

export interface ReportDefinition {
  title: string
  /** The window when none is given, resolved by the tools against the latest sale. */
  defaultPeriod: NamedPeriod
  /** Notable KPI changes with their drivers (the weekly review). */
  changes: boolean
  sections: SectionDefinition[]
  areas: readonly RecommendationArea[]
}

const dated = (window: { from: string; to: string }) => ({ from: window.from, to: window.to })
const asOf = (window: { from: string; to: string }) => ({ to: window.to })

const sections = {
  dailySales: {
    id: 'daily-sales',
    title: 'Sales by day',
    tool: 'sales_trend',
    arguments: (window) => ({ ...dated(window), grain: 'day' }),
    columns: [
      { key: 'period_start', label: 'Day' },
      { key: 'revenue', label: 'Revenue ($)' },
      { key: 'orders', label: 'Orders' },
      { key: 'gross_profit', label: 'Gross profit ($)' },
      { key: 'live_shows', label: 'Live shows' },
    ],
    maxRows: 31,
  },
  anomalies: {
    id: 'anomalies',
    title: 'Unusual days',
    tool: 'anomalies',
    arguments: (window) => ({ ...dated(window), grain: 'day' }),
    columns: [
      { key: 'date', label: 'Day' },
      { key: 'actual', label: 'Revenue ($)' },
      { key: 'expected', label: 'Expected ($)' },
      { key: 'lower', label: 'Band from ($)' },
      { key: 'upper', label: 'Band to ($)' },
      { key: 'direction', label: 'Direction' },
    ],
  },
  topProducts: {
    id: 'top-products',
    title: 'Best sellers',
    tool: 'top_products',
    arguments: (window) => ({ ...dated(window), limit: 5 }),
    columns: [
      { key: 'label', label: 'Product' },
      { key: 'brand', label: 'Brand' },
      { key: 'condition', label: 'Condition' },
      { key: 'revenue', label: 'Revenue ($)' },
      { key: 'gross_profit', label: 'Gross profit ($)' },
    ],
  },
  showSlots: {
    id: 'show-slots',
    title: 'Live-show slots',
    tool: 'show_performance',
    arguments: (window) => ({ ...dated(window), limit: 10 }),
    columns: [
      { key: 'slot', label: 'Slot' },
      { key: 'shows', label: 'Shows' },
      { key: 'show_hours', label: 'Show hours' },
      { key: 'revenue', label: 'Revenue ($)' },
      { key: 'revenue_per_show_hour', label: 'Revenue per show hour ($)' },
    ],
  },
  whatnotWeekdays: {
    id: 'whatnot-weekdays',
    title: 'Whatnot sales by weekday',
    tool: 'sales_by_weekday',
    arguments: (window) => ({ ...dated(window), channel: 'whatnot' }),
    columns: [
      { key: 'weekday', label: 'Weekday' },
      { key: 'orders', label: 'Orders' },
      { key: 'revenue', label: 'Revenue ($)' },
      { key: 'revenue_share_percent', label: 'Share of revenue (%)' },
    ],
  },
  whatnotHours: {
    id: 'whatnot-hours',
    title: 'Whatnot sales by hour',
    tool: 'sales_by_hour',
    arguments: (window) => ({ ...dated(window), channel: 'whatnot' }),
    columns: [
      { key: 'hour', label: 'Hour' },
      { key: 'orders', label: 'Orders' },
      { key: 'revenue', label: 'Revenue ($)' },
      { key: 'revenue_share_percent', label: 'Share of revenue (%)' },
    ],
    maxRows: 24,
  },
  segments: {
    id: 'segments',
    title: 'Customer segments (RFM)',
    tool: 'rfm_segments',
    arguments: asOf,
    columns: [
      { key: 'segment', label: 'Segment' },
      { key: 'customers', label: 'Customers' },
      { key: 'revenue', label: 'Lifetime revenue ($)' },
      { key: 'revenue_share_percent', label: 'Share of revenue (%)' },
      { key: 'average_recency_days', label: 'Days since last purchase' },
    ],
  },
  churnRisk: {
    id: 'churn-risk',
    title: 'Customers at churn risk',
    tool: 'churn_risk',
    arguments: (window) => ({ ...asOf(window), sort_by: 'value', limit: 15 }),
    columns: [
      { key: 'customer_name', label: 'Customer' },
      { key: 'email', label: 'E-mail' },
      { key: 'days_since_last_purchase', label: 'Days silent' },
      { key: 'lifetime_spend', label: 'Lifetime spend ($)' },
      { key: 'value_at_risk', label: 'Value at risk a year ($)' },
    ],
  },
  newVersusReturning: {
    id: 'new-vs-returning',
    title: 'New and returning customers',
    tool: 'new_vs_returning_customers',
    arguments: (window) => ({ ...dated(window), grain: 'month' }),
    columns: [
      { key: 'period_start', label: 'Month' },
      { key: 'new_customers', label: 'New' },
      { key: 'returning_customers', label: 'Returning' },
      { key: 'revenue', label: 'Revenue ($)' },
      { key: 'returning_revenue_share_percent', label: 'Returning share (%)' },
    ],
  },
  aging: {
    id: 'aging',
    title: 'Unsold stock by age',
    tool: 'inventory_aging',
    arguments: () => ({ group_by: 'brand', limit: 10 }),
    columns: [
      { key: 'label', label: 'Brand' },
      { key: 'age_bucket', label: 'Age' },
      { key: 'items', label: 'Items' },
      { key: 'stock_value_at_cost', label: 'At cost ($)' },
      { key: 'suggested_markdown_percent', label: 'Suggested markdown (%)' },
    ],
    maxRows: 40,
  },
  sellThrough: {
    id: 'sell-through',
    title: 'Sell-through by condition',
    tool: 'sell_through_by_condition',
    arguments: (window) => ({ ...dated(window), group_by: 'condition' }),
    columns: [
      { key: 'label', label: 'Condition' },
      { key: 'items_added', label: 'Items added' },
      { key: 'items_sold', label: 'Sold' },
      { key: 'sell_through_percent', label: 'Sell-through (%)' },
      { key: 'median_days_to_sell', label: 'Median days to sell' },
    ],
  },
  brands: {
    id: 'brands',
    title: 'Brands',
    tool: 'brand_performance',
    arguments: (window) => ({ ...dated(window), limit: 15 }),
    columns: [
      { key: 'brand', label: 'Brand' },
      { key: 'sales', label: 'Sales' },
      { key: 'revenue', label: 'Revenue ($)' },
      { key: 'gross_profit', label: 'Gross profit ($)' },
      { key: 'margin_percent', label: 'Margin (%)' },
      { key: 'average_days_to_sell', label: 'Days to sell' },
    ],
  },
  slowMovers: {
    id: 'slow-movers',
    title: 'Slowest items',
    tool: 'fast_slow_movers',
    arguments: (window) => ({ ...dated(window), view: 'slow', limit: 10 }),
    columns: [
      { key: 'product', label: 'Product' },
      { key: 'condition', label: 'Condition' },
      { key: 'status', label: 'Status' },
      { key: 'days', label: 'Days' },
      { key: 'price', label: 'Price ($)' },
    ],
  },
  channels: {
    id: 'channels',
    title: 'Marketing channels',
    tool: 'channel_comparison',
    arguments: dated,
    columns: [
      { key: 'channel', label: 'Channel' },
      { key: 'spend', label: 'Spend ($)' },
      { key: 'attributed_revenue', label: 'Attributed revenue ($)' },
      { key: 'roas', label: 'ROAS' },
      { key: 'cpa', label: 'CPA ($)' },
      { key: 'conversion_rate_percent', label: 'Conversion (%)' },
    ],
  },
  campaigns: {
    id: 'campaigns',
    title: 'Campaigns',
    tool: 'campaign_performance',
    arguments: (window) => ({ ...dated(window), limit: 10 }),
    columns: [
      { key: 'campaign', label: 'Campaign' },
      { key: 'channel', label: 'Channel' },
      { key: 'spend', label: 'Spend ($)' },
      { key: 'attributed_revenue', label: 'Attributed revenue ($)' },
      { key: 'roas', label: 'ROAS' },
    ],
  },
  funnel: {
    id: 'funnel',
    title: 'Website funnel',
    tool: 'conversion_funnel',
    arguments: dated,
    columns: [
      { key: 'step', label: 'Step' },
      { key: 'sessions', label: 'Sessions' },
      { key: 'step_conversion_percent', label: 'From previous step (%)' },
      { key: 'overall_conversion_percent', label: 'Overall (%)' },
    ],
  },
} satisfies Record<string, SectionDefinition>

/** What each report holds. Adding a section is one entry above and one reference here. */
export const reportDefinitions: Record<ReportKind, ReportDefinition> = {
  weekly: {
    title: 'Weekly business review',
    defaultPeriod: 'last_week',
    changes: true,
    sections: [sections.dailySales, sections.anomalies, sections.topProducts, sections.showSlots],
    areas: ['shows', 'inventory', 'customers', 'marketing', 'pricing'],
  },
  customers: {
    title: 'Customers report',
    defaultPeriod: 'last_90_days',
    changes: false,
    sections: [sections.segments, sections.churnRisk, sections.newVersusReturning],
    areas: ['customers'],
  },
  inventory: {
    title: 'Inventory report',
    defaultPeriod: 'last_90_days',
    changes: false,
    sections: [sections.aging, sections.sellThrough, sections.brands, sections.slowMovers],
    areas: ['inventory', 'pricing'],
  },
  marketing: {
    title: 'Marketing report',
    defaultPeriod: 'last_90_days',
    changes: false,
    sections: [sections.channels, sections.campaigns, sections.funnel],
    areas: ['marketing'],
  },
  shows: {
    title: 'Live-shows report',
    defaultPeriod: 'last_90_days',
    changes: false,
    sections: [sections.showSlots, sections.whatnotWeekdays, sections.whatnotHours],
    areas: ['shows'],
  },
}
