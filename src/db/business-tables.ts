/**
 * The business tables and views of migrations/0001, the data the analytics read. The analyst's own
 * tables (conversations, API keys, audit log, reports, outbox) are deliberately not in this list.
 */
export const businessTables = [
  'users',
  'brands',
  'products',
  'inventory',
  'live_shows',
  'sales',
  'marketing_campaigns',
  'marketing_touches',
  'storefront_events',
  'product_views',
  'seller_submissions',
] as const

export type BusinessTable = (typeof businessTables)[number]
