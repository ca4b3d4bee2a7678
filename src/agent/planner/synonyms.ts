import { phrasePattern } from './text.ts'

/**
 * How people in the business say things the tool examples may not: "best sellers", "VIPs", "ROAS", "deadstock".
 * Each cue adds its weight to a tool's score when the question contains it. Strong cues (1.0) settle the choice;
 * weak ones (0.3–0.5) only tip a close call. Cues name tools by their public names; cues for a tool that is not
 * in the registry are ignored.
 */
export interface Cue {
  tool: string
  weight: number
  pattern: RegExp
}

const strong = 1
const medium = 0.5
const weak = 0.3

function cues(tool: string, weight: number, phrases: (string | RegExp)[]): Cue[] {
  return phrases.map((phrase) => ({ tool, weight, pattern: typeof phrase === 'string' ? phrasePattern(phrase) : phrase }))
}

export const synonymCues: readonly Cue[] = [
  // customers
  ...cues('top_customers', strong, [
    'vip', 'vips', 'best customers', 'top customers', 'top buyers', 'best buyers', 'biggest spenders', 'big spenders',
    'whales', 'most loyal customers', 'biggest customers', 'top clients', 'best clients', /\bwho (buys|spends|bought|spent) the most\b/,
  ]),
  ...cues('customer_concentration', strong, [
    '80/20', '80 20', 'pareto', 'concentration', 'concentrated', 'depend on a few', 'dependent on a few', 'reliant on a few',
    'share of revenue from top', /\btop \d+ ?(?:%|percent)/,
  ]),
  ...cues('customer_lifetime_value', strong, ['lifetime value', 'clv', 'ltv', 'customer value', 'worth over their lifetime']),
  ...cues('rfm_segments', strong, [
    'rfm', 'recency frequency', 'segments', 'segmentation', 'segment our customers', 'customer segments', 'champions',
    'hibernating', 'cant lose them', 'loyal customers segment',
  ]),
  ...cues('repeat_purchases', strong, [
    'repeat', 'repeat purchase', 'repeat rate', 'come back', 'came back', 'buy again', 'bought again', 'second purchase',
    'more than once', 'reorder',
  ]),
  ...cues('churn_risk', strong, [
    'churn', 'churning', 'churned', 'lapsed', 'lapsing', 'gone quiet', 'went quiet', 'at risk', 'stopped buying',
    /\bhaven'?t (bought|purchased|ordered)\b/, /\bhasn'?t (bought|purchased|ordered)\b/, 'win back', 'inactive', 'dormant',
  ]),
  ...cues('new_vs_returning_customers', strong, [
    'new vs returning', 'new versus returning', 'new and returning', 'returning customers', 'new customers',
    'first time buyers', 'first-time buyers', 'first time customers', 'acquired',
  ]),
  ...cues('customers_by_location', strong, [
    'where are our customers', 'where do our customers', 'where our customers', 'customers located', 'customer locations',
    'by location', 'geography', 'geographic', 'which cities', 'which states', 'which countries', 'customers by city',
    'customers by state', 'customers by country', 'customers by region', /\b(customers|buyers|clients) live\b/,
  ]),
  ...cues('contact_preferences', strong, [
    'contact preference', 'contact preferences', 'prefer to be contacted', 'preferred contact', 'how to reach',
    'how do customers want', 'snapchat', 'reach our customers', 'contacted',
  ]),
  ...cues('cohort_retention', strong, ['cohort', 'cohorts', 'retention', 'retain', 'retained', 'come back in their', 'second month', 'first month']),
  // sales
  ...cues('sales_by_weekday', strong, ['day of the week', 'days of the week', 'day of week', 'weekday', 'weekdays', 'which day', 'best day', 'best days']),
  ...cues('sales_by_hour', strong, [
    'power hours', 'power hour', 'hour', 'hours', 'hourly', 'time of day', 'what time', 'which time', 'busiest time',
    'heatmap', 'heat map', 'weekday and hour', 'day and hour', 'hour and day', 'hour and weekday', 'day of week and hour',
  ]),
  ...cues('sales_trend', strong, [
    'trend', 'trends', 'trending over time', 'over time', 'month by month', 'week by week', 'day by day', 'growth',
    'growing', 'monthly revenue', 'weekly revenue', 'daily revenue', 'monthly sales', 'weekly sales', 'daily sales',
    'revenue by month', 'sales by month', 'revenue by week', 'sales by week', 'sales peaks', 'peaks', 'line up with',
  ]),
  ...cues('seasonality', strong, ['seasonality', 'seasonal', 'season', 'seasons', 'holiday', 'holidays', 'time of year', 'month of the year', 'months of the year']),
  // products
  ...cues('top_products', strong, [
    'best sellers', 'best seller', 'bestsellers', 'bestseller', 'best selling', 'best-selling', 'top selling',
    'top products', 'top items', 'best products', 'best items', 'most popular', 'top brands', 'best brands',
    'top categories', 'best categories', 'sells best', 'sell best', 'sold the most', 'sells the most',
    /\b(?:revenue|sales|profit|units) (?:by|per) (?:brand|category|condition|product)s?\b/,
  ]),
  ...cues('sku_profitability', strong, [
    'sku', 'skus', 'least profitable', 'most profitable items', 'most profitable products', 'losing money', 'lose money',
    'lost money', 'unprofitable', 'profit per item', 'profitability by item', 'item profitability', 'sku profitability',
    'loss leaders', 'loss leader', 'items had the highest margin', 'items with the highest margin', 'highest margin items',
  ]),
  ...cues('brand_performance', strong, [
    'brand performance', 'brands perform', 'brand margins', 'brand margin', 'which brands', 'which brand',
    'brand profitability', 'profitable brands', 'most profitable brand', /\bbrands? sells? (?:the )?(?:fastest|quickest)\b/,
  ]),
  ...cues('hot_products', strong, [
    'hot', 'hottest', 'trending', 'momentum', 'heating up', 'right now', 'selling fast right now', 'in demand', 'feature',
    'most viewed', 'most views', 'views',
  ]),
  // inventory
  ...cues('sell_through_by_condition', strong, ['sell-through', 'sell through', 'sellthrough', 'sell through rate', /\bs,? a,? and b\b/]),
  ...cues('sell_through_by_condition', weak, ['grade', 'condition']),
  ...cues('inventory_aging', strong, [
    'deadstock', 'dead stock', 'aging', 'ageing', 'aged inventory', 'aged stock', 'old stock', 'old inventory',
    'sitting in stock', 'sitting in inventory', 'been sitting', 'stale', 'unsold', 'days in inventory', 'how old is our',
  ]),
  ...cues('fast_slow_movers', strong, [
    'fast movers', 'slow movers', 'fast moving', 'slow moving', 'fast-moving', 'slow-moving', 'sell fastest',
    'sell slowest', 'sells fastest', 'sells slowest', 'quickest to sell', 'slowest to sell', 'take longest to sell',
    'takes longest to sell', 'movers',
  ]),
  ...cues('seller_submissions', strong, [
    'submissions', 'submission', 'submit', 'submitted', 'consignor', 'consignors', 'consignment', 'consign', 'sellers send',
    'sellers submit', 'acceptance rate', 'accepted', 'rejected', 'intake',
  ]),
  // marketing
  ...cues('campaign_performance', strong, ['campaign', 'campaigns', 'cpa', 'cost per acquisition', 'ad performance', 'ads perform']),
  ...cues('channel_comparison', strong, [
    'roas', 'return on ad spend', 'marketing channels', 'compare channels', 'channel comparison', 'which channel',
    'which channels', 'best channel', 'channel mix', 'which platform',
  ]),
  ...cues('marketing_attribution', strong, [
    'attribution', 'attribute', 'touchpoint', 'touchpoints', 'touches', 'last touch', 'first touch',
    'which campaigns drove', 'credit for sales', 'credit', 'drives our sales', 'drive our sales', 'drives sales', 'drive sales',
    'reached by marketing',
  ]),
  // shows
  ...cues('show_performance', strong, ['live show', 'live shows', 'shows', 'show performance', 'livestream', 'livestreams', 'live stream', 'streams', 'per show', 'show hour']),
  // kpis
  ...cues('kpi_summary', strong, [
    'kpi', 'kpis', 'summary', 'overview', 'how are we doing', 'how did we do', 'how are things', 'dashboard', 'headline',
    'key numbers', 'key metrics', 'scorecard', 'week over week', 'month over month', 'wow', 'mom', 'performance overall',
    'the week before', 'the month before', 'snapshot', 'at a glance', 'recap',
  ]),
  ...cues('conversion_funnel', strong, ['funnel', 'conversion rate', 'checkout', 'cart', 'add to cart', 'abandon', 'abandonment', 'drop off', 'drop-off', 'storefront conversion']),
  ...cues('revenue_forecast', strong, [
    'forecast', 'forecasting', 'predict', 'prediction', 'project', 'projection', 'expect', 'expected revenue',
    'next month', 'next quarter', 'next week', 'next year', 'coming weeks', 'coming months', 'going forward', 'outlook',
    /\b(?:next|coming) \w+ (?:days|weeks|months)\b/,
  ]),
  ...cues('anomalies', strong, ['anomaly', 'anomalies', 'unusual', 'spike', 'spikes', 'outlier', 'outliers', 'weird', 'odd days', 'strange', 'abnormal']),
  ...cues('change_drivers', strong, [
    /\bwhy (?:did|has|have|is|are|was|were) (?:our |the |total )?(?:revenue|sales|orders|units|profits?|gross profit|margins?)\b/, 'what drove',
    'what explains', 'explains the', 'the change in', 'changes in', 'what caused', 'drivers', 'driver', 'explain the drop',
    'explain the change', 'behind the drop', 'behind the increase', 'root cause', 'dropped', 'drop in', 'decline', 'declined', 'fell', 'fall in',
  ]),
  ...cues('change_drivers', medium, ['drop', 'increase', 'jump', 'jumped']),
  // Weak cues that tip close calls.
  ...cues('top_customers', weak, ['customers', 'spend', 'spent']),
  ...cues('top_products', weak, ['products', 'items', 'top', 'best']),
  ...cues('brand_performance', weak, ['days to sell', 'brands', 'brand', 'profitability']),
  ...cues('inventory_aging', medium, ['inventory', 'stock']),
  ...cues('channel_comparison', medium, ['channel', 'channels', 'platforms']),
  ...cues('fast_slow_movers', medium, ['fastest', 'slowest', 'fast', 'slow']),
  ...cues('campaign_performance', weak, ['ads', 'ad spend', 'marketing']),
  ...cues('kpi_summary', weak, ['vs', 'versus', 'compared to', 'compare']),
  ...cues('sales_trend', weak, ['revenue', 'sales']),
]

export interface CueMatch {
  tool: string
  weight: number
  phrase: string
}

/**
 * The cues a question contains. Where matches overlap the longest wins, so "best customers" counts for
 * top_customers and not also "customers"; "live shows" for show_performance and not "live".
 */
export function matchCues(normalizedText: string, candidates: readonly Cue[] = synonymCues): CueMatch[] {
  const found = candidates.flatMap((cue) => {
    const global = new RegExp(cue.pattern.source, 'g')
    return [...normalizedText.matchAll(global)].map((match) => ({
      cue,
      start: match.index,
      end: match.index + match[0].length,
      phrase: match[0],
    }))
  })
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || b.cue.weight - a.cue.weight)
  const kept: typeof found = []
  for (const match of found) {
    const covered = kept.some((other) => other.start <= match.start && match.end <= other.end && other.end - other.start > match.end - match.start)
    if (!covered) kept.push(match)
  }
  return kept.map((match) => ({ tool: match.cue.tool, weight: match.cue.weight, phrase: match.phrase }))
}

/** Per tool, the summed weight of its cues (each phrase counted once per tool). */
export function cueScores(matches: readonly CueMatch[]): Map<string, number> {
  const seen = new Set<string>()
  const scores = new Map<string, number>()
  for (const match of matches) {
    const key = `${match.tool}:${match.phrase}`
    if (seen.has(key)) continue
    seen.add(key)
    scores.set(match.tool, (scores.get(match.tool) ?? 0) + match.weight)
  }
  return scores
}
