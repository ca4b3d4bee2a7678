import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchConfig } from './bench-config.ts'
import { openDatabase } from '../src/db/database.ts'
import { runtimeFrom, type Runtime } from '../src/runtime.ts'
import { executeTool } from '../src/tools/executor.ts'
import { measure } from './measure.ts'

/**
 * A focused before/after check for tool SQL work (issue #18), against an already seeded database:
 *
 *   DATABASE_URL=postgres://…/luxx_perf npx tsx bench/tool-timings.ts <out-dir> [tool,tool,…]
 *
 * For each case (a tool and its arguments) it writes the rows to `<out-dir>/<case>.json` (compare two such
 * directories with bench/compare-outputs.ts), and times the cases marked `timed`: TIMINGS_REPEATS runs (default
 * 10, more than the five after which PostgreSQL may switch a prepared statement to a generic plan) after one warm-up,
 * printed as p50 and p95 and written to `<out-dir>/timings.json`. `TIMINGS_ALL=1` adds every other tool at its
 * defaults (TIMINGS_EXTRA=tool,tool only those); TIMINGS_MATCH=text keeps the cases whose name holds it.
 */

interface Case {
  tool: string
  arguments: Record<string, unknown>
  timed?: boolean
}

const recentYear = { from: '2025-01-01', to: '2025-12-31' }
const halfYear = { from: '2025-03-01', to: '2025-08-31' }

export const cases: Case[] = [
  { tool: 'fast_slow_movers', arguments: {}, timed: true },
  { tool: 'fast_slow_movers', arguments: { view: 'slow' }, timed: true },
  { tool: 'fast_slow_movers', arguments: { view: 'fast', days: 10, period: 'last_90_days', limit: 100 } },
  { tool: 'fast_slow_movers', arguments: { view: 'slow', days: 365, ...halfYear, limit: 100 } },
  { tool: 'fast_slow_movers', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'fast_slow_movers', arguments: { view: 'fast', days: 1, period: 'all_time', limit: 100 } },
  { tool: 'fast_slow_movers', arguments: { view: 'slow', days: 700, period: 'last_30_days' } },
  // Whole histories at each view's default threshold and one far past it, a single day, a year of slow movers, one row.
  { tool: 'fast_slow_movers', arguments: { days: 30, period: 'all_time' } },
  { tool: 'fast_slow_movers', arguments: { view: 'slow', days: 120, period: 'all_time' } },
  { tool: 'fast_slow_movers', arguments: { days: 120, period: 'all_time', limit: 100 } },
  { tool: 'fast_slow_movers', arguments: { from: '2026-06-15', to: '2026-06-15', limit: 100 } },
  { tool: 'fast_slow_movers', arguments: { view: 'slow', from: '2024-01-01', to: '2024-12-31', limit: 100 } },
  { tool: 'fast_slow_movers', arguments: { limit: 1 } },
  { tool: 'channel_comparison', arguments: {}, timed: true },
  { tool: 'channel_comparison', arguments: { lookback_days: 7, period: 'last_90_days' }, timed: true },
  { tool: 'channel_comparison', arguments: { lookback_days: 90, ...recentYear } },
  { tool: 'brand_performance', arguments: {}, timed: true },
  { tool: 'brand_performance', arguments: { sort_by: 'days_to_sell', period: 'last_90_days', limit: 100 }, timed: true },
  { tool: 'brand_performance', arguments: { sort_by: 'margin', ...halfYear, limit: 100 } },
  { tool: 'sell_through_by_condition', arguments: {}, timed: true },
  { tool: 'sell_through_by_condition', arguments: { group_by: 'brand', period: 'last_90_days' }, timed: true },
  { tool: 'sell_through_by_condition', arguments: { group_by: 'category', ...halfYear } },
  { tool: 'sell_through_by_condition', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'sell_through_by_condition', arguments: { group_by: 'brand' } },
  { tool: 'sell_through_by_condition', arguments: { group_by: 'category', period: 'all_time' } },
  { tool: 'sell_through_by_condition', arguments: { from: '2023-01-01', to: '2023-12-31' } },
  { tool: 'inventory_aging', arguments: {}, timed: true },
  { tool: 'inventory_aging', arguments: { group_by: 'category' }, timed: true },
  { tool: 'inventory_aging', arguments: { group_by: 'condition', limit: 2 } },
  { tool: 'inventory_aging', arguments: { limit: 3 } },
  { tool: 'repeat_purchases', arguments: {}, timed: true },
  { tool: 'repeat_purchases', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'repeat_purchases', arguments: { ...halfYear } },
  { tool: 'repeat_purchases', arguments: { ...recentYear } },
  { tool: 'repeat_purchases', arguments: { period: 'all_time' } },
  { tool: 'repeat_purchases', arguments: { period: 'last_30_days' } },
  { tool: 'repeat_purchases', arguments: { from: '2024-10-01', to: '2024-11-30' } },
  { tool: 'repeat_purchases', arguments: { from: '2026-10-31', to: '2026-12-31' } },
  { tool: 'repeat_purchases', arguments: { from: '2026-06-15', to: '2026-06-15' } },
  { tool: 'cohort_retention', arguments: {}, timed: true },
  { tool: 'cohort_retention', arguments: { max_months: 3, period: 'last_90_days' }, timed: true },
  { tool: 'cohort_retention', arguments: { max_months: 12, ...halfYear } },
  { tool: 'new_vs_returning_customers', arguments: {}, timed: true },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'week', period: 'last_90_days' }, timed: true },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'day', ...halfYear } },
  // The bench's filtered call, each grain over the default year, a window from before the first sale, one past the last.
  { tool: 'new_vs_returning_customers', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'day' } },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'week' } },
  { tool: 'new_vs_returning_customers', arguments: { period: 'all_time' } },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'week', ...recentYear } },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'day', period: 'last_30_days' } },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'week', from: '2024-10-01', to: '2025-02-14' } },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'month', from: '2026-09-10', to: '2026-12-31' } },
  { tool: 'new_vs_returning_customers', arguments: { grain: 'day', from: '2026-06-15', to: '2026-06-15' } },
  // Whole histories up to a day before the last sale (the digest's week), and further back.
  { tool: 'rfm_segments', arguments: { to: '2026-11-29' }, timed: true },
  { tool: 'rfm_segments', arguments: { to: '2026-03-31' } },
  { tool: 'churn_risk', arguments: { to: '2026-11-29', sort_by: 'value', limit: 100 }, timed: true },
  // The bench's default and filtered calls, and as-of dates before the last sale.
  { tool: 'churn_risk', arguments: {}, timed: true },
  { tool: 'churn_risk', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'churn_risk', arguments: { to: '2026-09-30', limit: 100 } },
  { tool: 'churn_risk', arguments: { to: '2025-12-31', inactive_days: 180, min_orders: 3, limit: 50 } },
  { tool: 'customer_lifetime_value', arguments: { to: '2026-11-29', limit: 100 } },
  { tool: 'customer_lifetime_value', arguments: { to: '2025-12-31', sort_by: 'projected', limit: 100 } },
  // The digest's calls (all time up to the digest week's end), the defaults and a window after the first sale.
  { tool: 'customer_concentration', arguments: { period: 'all_time', to: '2026-11-29' }, timed: true },
  { tool: 'customer_concentration', arguments: {} },
  { tool: 'customer_concentration', arguments: { period: 'all_time', to: '2025-06-30' } },
  { tool: 'top_customers', arguments: { period: 'all_time', to: '2026-11-29', rank_by: 'spend', limit: 100 }, timed: true },
  { tool: 'top_customers', arguments: { rank_by: 'units', limit: 100 } },
  { tool: 'top_customers', arguments: { period: 'all_time', to: '2025-06-30', rank_by: 'orders', limit: 100 } },
  // Marketing: the defaults and bench filtered calls, then each model, lookback, grouping, channel and window.
  { tool: 'marketing_attribution', arguments: {}, timed: true },
  { tool: 'marketing_attribution', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'marketing_attribution', arguments: { group_by: 'campaign' }, timed: true },
  { tool: 'marketing_attribution', arguments: { lookback_days: 7, period: 'last_90_days' } },
  { tool: 'marketing_attribution', arguments: { lookback_days: 90, ...recentYear } },
  { tool: 'marketing_attribution', arguments: { lookback_days: 1, group_by: 'campaign', ...halfYear } },
  { tool: 'marketing_attribution', arguments: { lookback_days: 14, group_by: 'campaign', period: 'all_time' } },
  { tool: 'marketing_attribution', arguments: { lookback_days: 60, from: '2026-06-01', to: '2026-06-30' } },
  { tool: 'marketing_attribution', arguments: { lookback_days: 31, group_by: 'campaign', ...recentYear } },
  { tool: 'marketing_attribution', arguments: { lookback_days: 30, group_by: 'campaign', ...halfYear } },
  { tool: 'marketing_attribution', arguments: { from: '2030-01-01', to: '2030-01-31' } },
  { tool: 'campaign_roi', arguments: {}, timed: true },
  { tool: 'campaign_roi', arguments: { channel: 'whatnot' }, timed: true },
  { tool: 'campaign_roi', arguments: { attribution: 'first_touch', limit: 100 } },
  { tool: 'campaign_roi', arguments: { attribution: 'linear', limit: 100 } },
  { tool: 'campaign_roi', arguments: { attribution: 'linear', lookback_days: 90, ...recentYear, limit: 100 } },
  { tool: 'campaign_roi', arguments: { channel: 'instagram', lookback_days: 7, sort_by: 'spend', limit: 100 } },
  { tool: 'campaign_roi', arguments: { attribution: 'first_touch', lookback_days: 14, period: 'last_90_days', limit: 100 } },
  { tool: 'campaign_roi', arguments: { channel: 'email', attribution: 'linear', lookback_days: 1, ...halfYear, limit: 100 } },
  { tool: 'campaign_roi', arguments: { attribution: 'last_touch', lookback_days: 45, period: 'all_time', sort_by: 'revenue_roi', limit: 100 } },
  { tool: 'campaign_roi', arguments: { attribution: 'first_touch', lookback_days: 30, channel: 'email', from: '2026-10-01', to: '2026-10-31', limit: 100 } },
  { tool: 'campaign_performance', arguments: {}, timed: true },
  { tool: 'campaign_performance', arguments: { channel: 'whatnot' }, timed: true },
  { tool: 'discount_effectiveness', arguments: {}, timed: true },
  { tool: 'discount_effectiveness', arguments: { brand: 'Chanel' }, timed: true },
  { tool: 'discount_effectiveness', arguments: { category: 'bag', condition: 'A', ...halfYear } },
  { tool: 'discount_effectiveness', arguments: { period: 'all_time' } },
  { tool: 'discount_effectiveness', arguments: { brand: 'Hermès', period: 'last_90_days' } },
  { tool: 'discount_effectiveness', arguments: { from: '2026-10-31', to: '2026-10-31' } },
  { tool: 'discount_effectiveness', arguments: { from: '2030-01-01', to: '2030-01-31' } },
  { tool: 'stock_levels', arguments: {}, timed: true },
  { tool: 'stock_levels', arguments: { brand: 'Chanel' }, timed: true },
  { tool: 'stock_levels', arguments: { group_by: 'brand', limit: 100 } },
  { tool: 'stock_levels', arguments: { group_by: 'category', condition: 'A' } },
  { tool: 'stock_levels', arguments: { group_by: 'condition', category: 'bag', below: 1000 } },
  { tool: 'stock_levels', arguments: { below: 2, group_by: 'brand', limit: 100 } },
  { tool: 'stock_levels', arguments: { model: 'Birkin', limit: 100 } },
  { tool: 'stock_levels', arguments: { below: 50, brand: 'Hermès', limit: 100 } },
  { tool: 'stock_levels', arguments: { below: 1000, limit: 100 } },
  { tool: 'seller_submissions', arguments: {}, timed: true },
  { tool: 'seller_submissions', arguments: { period: 'last_90_days' }, timed: true },
  // The customer tools at their defaults and filtered call (the last 90 days), and other windows, rankings and limits.
  { tool: 'customer_concentration', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'customer_concentration', arguments: { period: 'last_12_months' }, timed: true },
  { tool: 'customer_concentration', arguments: { ...halfYear } },
  { tool: 'top_customers', arguments: {}, timed: true },
  { tool: 'top_customers', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'top_customers', arguments: { rank_by: 'orders', limit: 100 } },
  { tool: 'top_customers', arguments: { rank_by: 'orders', period: 'last_90_days', limit: 37 } },
  { tool: 'top_customers', arguments: { rank_by: 'units', period: 'last_90_days', limit: 1 } },
  { tool: 'top_customers', arguments: { rank_by: 'spend', ...halfYear, limit: 100 } },
  { tool: 'top_customers', arguments: { rank_by: 'units', ...recentYear, limit: 50 } },
  { tool: 'top_customers', arguments: { rank_by: 'orders', from: '2026-10-25', to: '2026-10-31', limit: 100 } },
  { tool: 'customers_by_location', arguments: {}, timed: true },
  { tool: 'customers_by_location', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'customers_by_location', arguments: { level: 'region', ...halfYear, limit: 100 } },
  { tool: 'customers_by_location', arguments: { level: 'country', period: 'all_time' } },
  { tool: 'contact_preferences', arguments: {}, timed: true },
  { tool: 'contact_preferences', arguments: { period: 'last_90_days' }, timed: true },
  { tool: 'contact_preferences', arguments: { active_only: true, ...halfYear } },
  { tool: 'contact_preferences', arguments: { active_only: true, period: 'all_time' } },
  // Per-product rankings with an item filter (sale_summaries), a channel, and several at once.
  { tool: 'top_products', arguments: { brand: 'Chanel' }, timed: true },
  { tool: 'top_products', arguments: { brand: 'Hermès', rank_by: 'units', limit: 50, period: 'all_time' } },
  { tool: 'top_products', arguments: { category: 'wallet', condition: 'S', rank_by: 'profit', period: 'last_90_days' } },
  { tool: 'top_products', arguments: { channel: 'instagram', brand: 'Gucci', limit: 25 } },
  { tool: 'top_products', arguments: { channel: 'email', period: 'last_30_days' } },
  { tool: 'sku_profitability', arguments: { brand: 'Chanel' }, timed: true },
  { tool: 'sku_profitability', arguments: { category: 'backpack', rank_by: 'margin', period: 'all_time', limit: 50 } },
  { tool: 'sku_profitability', arguments: { brand: 'Prada', category: 'bag', period: 'last_90_days' } },
  // sales_trend through each daily rollup and through sales for a buyer's place.
  { tool: 'sales_trend', arguments: { brand: 'Chanel' }, timed: true },
  { tool: 'sales_trend', arguments: { channel: 'whatnot', grain: 'week', period: 'last_90_days' } },
  { tool: 'sales_trend', arguments: { brand: 'Hermès', channel: 'instagram', period: 'all_time' } },
  { tool: 'sales_trend', arguments: { category: 'wallet', condition: 'B' } },
  { tool: 'sales_trend', arguments: { region: 'CA', brand: 'Gucci', grain: 'day', period: 'last_30_days' } },
  { tool: 'sales_trend', arguments: { city: 'Miami', channel: 'email', period: 'ytd' } },
  // kpi_summary filtered: the bench's filtered call, each filter dimension, several at once, calendar and rolling windows.
  { tool: 'kpi_summary', arguments: {}, timed: true },
  { tool: 'kpi_summary', arguments: { brand: 'Chanel' }, timed: true },
  { tool: 'kpi_summary', arguments: { brand: 'Hermès', period: 'last_month' }, timed: true },
  { tool: 'kpi_summary', arguments: { channel: 'whatnot' }, timed: true },
  { tool: 'kpi_summary', arguments: { category: 'wallet', period: 'last_quarter' } },
  { tool: 'kpi_summary', arguments: { condition: 'B', period: 'ytd' } },
  { tool: 'kpi_summary', arguments: { brand: 'Chanel', category: 'bag', condition: 'A', channel: 'instagram', ...recentYear } },
  { tool: 'kpi_summary', arguments: { region: 'CA', period: 'last_month' }, timed: true },
  { tool: 'kpi_summary', arguments: { region: 'NY', brand: 'Louis Vuitton', period: 'last_90_days' } },
  { tool: 'kpi_summary', arguments: { city: 'Miami', period: 'all_time' } },
  { tool: 'kpi_summary', arguments: { brand: 'Gucci', from: '2026-06-15', to: '2026-06-15' } },
  { tool: 'kpi_summary', arguments: { brand: 'Chanel', from: '2023-01-01', to: '2023-12-31' } },
  { tool: 'kpi_summary', arguments: { channel: 'email', from: '2030-01-01', to: '2030-01-31' } },
]

function caseName(entry: Case): string {
  const parts = Object.entries(entry.arguments).map(([key, value]) => `${key}=${String(value)}`)
  return [entry.tool, ...parts].join('__').replace(/[^a-zA-Z0-9_=-]/g, '_')
}

function runtimeFor(): Promise<Runtime> {
  const config = benchConfig()
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) throw new Error('DATABASE_URL must name the seeded PostgreSQL database')
  return openDatabase({ databaseUrl, dataDir: '' }).then((database) => runtimeFrom(config, database))
}

async function main(): Promise<void> {
  const [outDirectory, only] = process.argv.slice(2)
  if (!outDirectory) throw new Error('usage: tsx bench/tool-timings.ts <out-dir> [tool,tool,…]')
  mkdirSync(outDirectory, { recursive: true })
  const runtime = await runtimeFor()
  const wanted = only ? new Set(only.split(',')) : undefined
  const listed = new Set(cases.map((entry) => entry.tool))
  const named = new Set((process.env.TIMINGS_EXTRA ?? '').split(',').filter(Boolean))
  const extra: Case[] = runtime.registry
    .list()
    .filter((tool) => !listed.has(tool.name) && (process.env.TIMINGS_ALL === '1' || named.has(tool.name)))
    .map((tool) => ({ tool: tool.name, arguments: {}, timed: true }))
  const repeats = Number(process.env.TIMINGS_REPEATS ?? 10)
  const timings: { case: string; p50Ms: number; p95Ms: number; runs: number }[] = []
  const context = runtime.executionContext('analyst', 'cli')
  const run = async (entry: Case) => {
    const outcome = await executeTool(runtime.registry, entry.tool, entry.arguments, context)
    if (!outcome.ok) throw new Error(`${entry.tool}: ${outcome.error.message}`)
    return outcome.envelope
  }
  try {
    for (const entry of [...cases, ...extra]) {
      if (wanted && !wanted.has(entry.tool) && !named.has(entry.tool)) continue
      const name = caseName(entry)
      if (process.env.TIMINGS_MATCH && !name.includes(process.env.TIMINGS_MATCH)) continue
      const envelope = await run(entry)
      writeFileSync(join(outDirectory, `${name}.json`), `${JSON.stringify(envelope.rows, null, 1)}\n`)
      if (!entry.timed || process.env.TIMINGS_REPEATS === '0') {
        process.stderr.write(`${name}: ${envelope.rowCount} rows\n`)
        continue
      }
      const timing = await measure(() => run(entry), { warmup: 0, repeats, minimumRepeats: repeats, budgetMs: 10 * 60_000 })
      if ('notMeasured' in timing) continue
      timings.push({ case: name, p50Ms: timing.p50Ms, p95Ms: timing.p95Ms, runs: timing.runs })
      process.stderr.write(`${name}: ${envelope.rowCount} rows, p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms (${timing.runs} runs)\n`)
    }
  } finally {
    writeFileSync(join(outDirectory, 'timings.json'), `${JSON.stringify(timings, null, 1)}\n`)
    await runtime.database.close()
  }
}

await main()
