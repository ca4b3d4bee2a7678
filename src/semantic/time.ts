/**
 * Time in the semantic layer: the date column of each fact, and the grains figures are bucketed by. Days are
 * business days in LUXX_TIME_ZONE (sales.date_sold is already one); timestamps are turned into business days
 * with `at time zone`.
 */
export const facts = {
  sales: { table: 'sales', date: 'date_sold', timestamp: 'sold_at', definition: 'A sale line, dated by its business day.' },
  stock: { table: 'inventory', timestamp: 'created_at', definition: 'An item taken into stock.' },
  storefront: { table: 'storefront_events', timestamp: 'occurred_at', definition: 'A website event (view, cart, checkout, payment).' },
  touches: { table: 'marketing_touches', timestamp: 'touched_at', definition: 'A campaign touch (impression, click, open).' },
  campaigns: { table: 'marketing_campaigns', date: 'start_date', definition: 'A campaign, running start_date to end_date.' },
  shows: { table: 'live_shows', timestamp: 'started_at', definition: 'A live show.' },
  submissions: { table: 'seller_submissions', timestamp: 'submitted_at', definition: 'A seller submission.' },
} as const

export type FactName = keyof typeof facts

export const grains = {
  day: { definition: 'a business day in LUXX_TIME_ZONE' },
  week: { definition: 'Monday to Sunday (ISO week)' },
  month: { definition: 'a calendar month' },
  quarter: { definition: 'a calendar quarter (Q1 = January to March)' },
  year: { definition: 'a calendar year' },
} as const

export type Grain = keyof typeof grains
export const grainNames = Object.keys(grains) as [Grain, ...Grain[]]
