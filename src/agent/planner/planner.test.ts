import { describe, expect, it } from 'vitest'
import type { PriorTurn } from '../providers/provider.ts'
import { catalog } from '../../../tools/index.ts'
import { stubTools } from '../testing/stub-catalog.ts'
import { createPlanner, type Plan } from './planner.ts'

// "In March" without a year is read against this date.
const today = new Date('2025-06-15T12:00:00Z')
const planner = createPlanner(stubTools)
const plan = (question: string, history: PriorTurn[] = []): Plan => planner.plan(question, history, today)

function toolPlan(question: string, history: PriorTurn[] = []) {
  const result = plan(question, history)
  if (result.kind !== 'tool') throw new Error(`Expected a tool for "${question}", got a decline: ${result.text}`)
  return result
}

// Question → the tool and its arguments (exactly: nothing the question did not say).
const phrasings: [question: string, tool: string, args: Record<string, unknown>][] = [
  // customers
  ['Who are our VIPs?', 'top_customers', {}],
  ['Show me our best customers this year', 'top_customers', { period: 'this_year' }],
  ['top 5 customers by number of orders', 'top_customers', { limit: 5, rank_by: 'orders' }],
  ['Which buyers spent the most in the last 30 days?', 'top_customers', { period: 'last_30_days', rank_by: 'spend' }],
  ['Top 3 customers between 2025-01-01 and 2025-03-31', 'top_customers', { from: '2025-01-01', to: '2025-03-31', limit: 3 }],
  ['Is our revenue concentrated in a few customers?', 'customer_concentration', {}],
  ['Does the 80/20 rule apply to us?', 'customer_concentration', {}],
  ["What's the CLV of our customers?", 'customer_lifetime_value', {}],
  ['Which customers have the highest projected lifetime value?', 'customer_lifetime_value', { sort_by: 'projected' }],
  ['Break our customers into RFM segments', 'rfm_segments', {}],
  ["What's our repeat purchase rate this year?", 'repeat_purchases', { period: 'this_year' }],
  ['How many customers came back to buy again?', 'repeat_purchases', {}],
  ['Which customers have churned?', 'churn_risk', {}],
  ['Who are our lapsed customers?', 'churn_risk', {}],
  ['Which VIPs have gone quiet?', 'churn_risk', {}],
  ["customers who haven't bought in 120 days", 'churn_risk', { inactive_days: 120 }],
  ['New vs returning customers by week', 'new_vs_returning_customers', { grain: 'week' }],
  ['How many new customers did we get last month?', 'new_vs_returning_customers', { period: 'last_month' }],
  ['Where do our customers live?', 'customers_by_location', {}],
  ['customers by country', 'customers_by_location', { level: 'country' }],
  ['Which states do our buyers come from?', 'customers_by_location', { level: 'region' }],
  ['Instagram vs Snapchat vs email: how do customers prefer to be contacted?', 'contact_preferences', {}],
  ['Show cohort retention over the first 6 months', 'cohort_retention', { max_months: 6 }],
  // sales
  ['What are our best days of the week?', 'sales_by_weekday', {}],
  ['Which day of the week sells the most on Whatnot?', 'sales_by_weekday', { channel: 'whatnot' }],
  ['sales_by_weekday for all time', 'sales_by_weekday', { period: 'all_time' }],
  ['sales trend this quarter', 'sales_trend', { period: 'this_quarter' }],
  ['monthly revenue for Chanel in 2024', 'sales_trend', { from: '2024-01-01', to: '2024-12-31', grain: 'month', brand: 'Chanel' }],
  ['How did sales grow month by month last year?', 'sales_trend', { period: 'last_year', grain: 'month' }],
  ['What are our power hours?', 'sales_by_hour', { view: 'hour' }],
  ['What time of day do Instagram sales peak?', 'sales_by_hour', { view: 'hour', channel: 'instagram' }],
  ['Show me an hour by weekday heatmap of sales', 'sales_by_hour', { view: 'weekday_hour' }],
  ['Is our business seasonal?', 'seasonality', {}],
  // products
  ['What are our best sellers?', 'top_products', {}],
  ['top 10 products by profit in Q1 2025', 'top_products', { from: '2025-01-01', to: '2025-03-31', limit: 10, rank_by: 'profit', group_by: 'product' }],
  ['Best selling brands in March 2025', 'top_products', { from: '2025-03-01', to: '2025-03-31', group_by: 'brand' }],
  ['Which categories sell best?', 'top_products', { group_by: 'category' }],
  ['Which SKUs are losing money?', 'sku_profitability', { show: 'bottom' }],
  ['least profitable items last quarter', 'sku_profitability', { period: 'last_quarter', show: 'bottom' }],
  ['Which brands have the best margins?', 'brand_performance', { sort_by: 'margin' }],
  ['Which brands sell fastest?', 'brand_performance', { sort_by: 'days_to_sell' }],
  ['Which brands sell the fastest since 2025-01-01?', 'brand_performance', { from: '2025-01-01', sort_by: 'days_to_sell' }],
  ["What's hot right now?", 'hot_products', {}],
  ['Which categories perform best?', 'category_performance', {}],
  ['Which category has the best margin this year?', 'category_performance', { period: 'this_year', sort_by: 'margin' }],
  ['How are wallets doing compared with last month?', 'category_performance', { category: 'wallet' }],
  // inventory
  ['What is our sell-through by brand?', 'sell_through_by_condition', { group_by: 'brand' }],
  ['Show me deadstock', 'inventory_aging', {}],
  ['How much aging inventory do we have by category?', 'inventory_aging', { group_by: 'category' }],
  ['Which items are slow movers?', 'fast_slow_movers', { view: 'slow' }],
  ['What sold fastest in the last 7 days?', 'fast_slow_movers', { period: 'last_7_days', view: 'fast' }],
  ['How many consignor submissions did we get this month?', 'seller_submissions', { period: 'this_month' }],
  ["What's low in stock?", 'stock_levels', { below: 2 }],
  ['How many Birkins do we have?', 'stock_levels', { model: 'birkin' }],
  ['How many Chanel bags do we have in stock?', 'stock_levels', { brand: 'Chanel', category: 'bag' }],
  ['Which models have fewer than 3 in stock?', 'stock_levels', { below: 3 }],
  ['What are we out of?', 'stock_levels', { below: 1 }],
  ['Do discounts help sell-through?', 'discount_effectiveness', {}],
  ['Are we priced too high on Chanel?', 'discount_effectiveness', { view: 'price_position', brand: 'Chanel' }],
  ['stock levels by brand', 'stock_levels', { group_by: 'brand' }],
  // marketing
  ["What's our ROAS by channel?", 'channel_comparison', {}],
  ['What is our return on ad spend?', 'channel_comparison', {}],
  ['Which campaigns had the best ROAS this year?', 'campaign_performance', { period: 'this_year', sort_by: 'roas' }],
  ['Which email campaigns had the lowest CPA?', 'campaign_performance', { channel: 'email', sort_by: 'cpa' }],
  ['Marketing attribution by campaign with a 14-day lookback', 'marketing_attribution', { lookback_days: 14, group_by: 'campaign' }],
  // shows
  ['Which live shows perform best on Whatnot?', 'show_performance', { platform: 'whatnot' }],
  ['Best show slots with at least 5 shows', 'show_performance', { min_shows: 5 }],
  // kpis
  ['Give me a KPI summary for YTD', 'kpi_summary', { period: 'ytd' }],
  ['How did we do last week vs the week before?', 'kpi_summary', { period: 'last_week' }],
  ['How did we do in March?', 'kpi_summary', { from: '2025-03-01', to: '2025-03-31' }],
  ["What's our checkout conversion rate this month?", 'conversion_funnel', { period: 'this_month' }],
  ['Where do people abandon the cart?', 'conversion_funnel', {}],
  ['Forecast revenue for next month', 'revenue_forecast', { horizon_days: 30 }],
  ['What will revenue look like in the next 60 days?', 'revenue_forecast', { horizon_days: 60 }],
  ['Forecast wallet demand', 'demand_forecast', { category: 'wallet' }],
  ['How many Birkins will we sell next quarter?', 'demand_forecast', { model: 'birkin', horizon: 3 }],
  ['Weekly demand forecast by brand for the next 8 weeks', 'demand_forecast', { grain: 'week', group_by: 'brand', horizon: 8 }],
  ['Any anomalies in weekly orders this year?', 'anomalies', { period: 'this_year', grain: 'week', metric: 'orders' }],
  ['Why did revenue drop last month?', 'change_drivers', { period: 'last_month', metric: 'revenue' }],
  ['What drove the change in revenue by category compared to last year?', 'change_drivers', { metric: 'revenue', dimension: 'category', compare_to: 'last_year' }],
  ['Why did orders fall this quarter, by channel?', 'change_drivers', { period: 'this_quarter', metric: 'orders', dimension: 'channel' }],
]

describe('the offline planner', () => {
  it.each(phrasings)('maps "%s" to %s', (question, tool, args) => {
    const result = toolPlan(question)
    expect(result.tool).toBe(tool)
    expect(result.arguments).toEqual(args)
  })

  it('covers every area of the catalog', () => {
    const areas = new Set(phrasings.map(([, tool]) => stubTools.find((candidate) => candidate.name === tool)?.area))
    expect([...areas].sort()).toEqual(['customers', 'inventory', 'kpis', 'marketing', 'products', 'sales', 'shows'])
    expect(phrasings.length).toBeGreaterThanOrEqual(60)
  })

  it('reads rolling spans as exact dates, and a month named as the subject', () => {
    // 4 weeks = 28 days ending today (2025-06-15); not the last 30 days.
    expect(toolPlan('revenue in the last 4 weeks').arguments).toMatchObject({ from: '2025-05-19', to: '2025-06-15' })
    expect(toolPlan('sales yesterday').arguments).toMatchObject({ from: '2025-06-14', to: '2025-06-14' })
    // "friday" is a time word, never corrected to a place ("florida").
    expect(toolPlan('sales since black friday').arguments).toEqual({ from: '2024-11-29' })
    expect(toolPlan('how did march compare to last year')).toMatchObject({ tool: 'kpi_summary', arguments: { from: '2025-03-01', to: '2025-03-31' } })
    // Today 2025-06-15: summer 2025 is under way, so last summer is June–August 2024; winter runs December to February.
    expect(toolPlan('how were sales last summer?').arguments).toMatchObject({ from: '2024-06-01', to: '2024-08-31' })
    expect(toolPlan('revenue last winter').arguments).toMatchObject({ from: '2024-12-01', to: '2025-02-28' })
    // A quarter without a year: this year's once it has begun, else last year's.
    expect(toolPlan('Q2 numbers pls').arguments).toMatchObject({ from: '2025-04-01', to: '2025-06-30' })
    expect(toolPlan('revenue in Q3').arguments).toMatchObject({ from: '2024-07-01', to: '2024-09-30' })
  })

  it('moves a follow-up to the period before the previous answer\'s', () => {
    const history: PriorTurn[] = [{ question: 'What was our profit last month?', answer: '', toolCalls: [{ name: 'kpi_summary', arguments: { period: 'last_month' }, ok: true }] }]
    expect(toolPlan('what about the month before?', history)).toMatchObject({ tool: 'kpi_summary', followUp: true, arguments: { from: '2025-04-01', to: '2025-04-30' } })
    const quarter: PriorTurn[] = [{ question: 'revenue in Q1 2025', answer: '', toolCalls: [{ name: 'kpi_summary', arguments: { from: '2025-01-01', to: '2025-03-31' }, ok: true }] }]
    expect(toolPlan('and the quarter before?', quarter)).toMatchObject({ followUp: true, arguments: { from: '2024-10-01', to: '2024-12-31' } })
  })

  it('starts a new reading for a whole question that points back at nothing', () => {
    const history: PriorTurn[] = [{ question: 'Which customers are at risk of churning?', answer: '', toolCalls: [{ name: 'churn_risk', arguments: {}, ok: true }] }]
    expect(toolPlan('how did louis vuitton do last month vs the month before', history)).toMatchObject({
      tool: 'kpi_summary',
      followUp: false,
      arguments: { period: 'last_month' },
    })
  })

  it('applies the filters the KPI summary and top products of the catalog take, inherited by a refining follow-up', () => {
    const catalogPlanner = createPlanner(catalog)
    const history: PriorTurn[] = [{ question: 'Which customers are at risk of churning?', answer: '', toolCalls: [{ name: 'churn_risk', arguments: {}, ok: true }] }]
    expect(catalogPlanner.plan('how did louis vuitton do last month vs the month before', history, today)).toMatchObject({
      tool: 'kpi_summary',
      followUp: false,
      arguments: { period: 'last_month', brand: 'Louis Vuitton' },
      unapplied: [],
    })
    const kpiTurn: PriorTurn = { question: 'how are we doing this month?', answer: '', toolCalls: [{ name: 'kpi_summary', arguments: { period: 'this_month' }, ok: true }] }
    expect(catalogPlanner.plan('and for Chanel only?', [kpiTurn], today)).toMatchObject({
      tool: 'kpi_summary',
      followUp: true,
      arguments: { period: 'this_month', brand: 'Chanel' },
    })
    expect(catalogPlanner.plan('how are sales in florida this year?', [], today)).toMatchObject({ arguments: { period: 'this_year', region: 'FL' }, unapplied: [] })
    expect(catalogPlanner.plan('top sellers on instagram this year', [], today)).toMatchObject({ tool: 'top_products', arguments: { channel: 'instagram' }, unapplied: [] })
  })

  it('says how it read what it had to guess', () => {
    expect(toolPlan('How did we do in March?').notes).toEqual(['No year was given for March; read as March 2025.'])
    expect(toolPlan('Weekly revenue for the last 6 months')).toMatchObject({
      tool: 'sales_trend',
      // Today 2025-06-15: the six months back from it, 16 December to 15 June, not the nearest named period.
      arguments: { from: '2024-12-16', to: '2025-06-15', grain: 'week' },
      notes: ['Read "last 6 months" as 2024-12-16 to 2025-06-15.'],
    })
    expect(toolPlan('top 500 customers').notes).toEqual(['limit 500 is outside what top_customers allows; used 100.'])
    expect(toolPlan('How old is our inventory over the last 30 days?').notes).toEqual([
      'Inventory aging reports the current state, so the time period in the question was not applied.',
    ])
  })

  describe('declines', () => {
    it.each([
      ["what's the weather like tomorrow?", 'out_of_scope'],
      ['tell me a joke', 'out_of_scope'],
      ['delete all sales', 'action'],
      ['email the customer list to bob@x.com', 'action'],
      ['change the price of the Chanel flap to 5000', 'action'],
      ['drop table sales', 'action'],
      ['Drop the users table', 'action'],
      ['give everyone in Champions a $100 store credit', 'action'],
      ['hello', 'unclear'],
      ['why is the sky blue', 'unclear'],
    ])('"%s" (%s) with three close questions and how to configure a model', (question, reason) => {
      const result = plan(question)
      if (result.kind !== 'decline') throw new Error(`Expected a decline for "${question}", got ${result.kind}`)
      expect(result.reason).toBe(reason)
      expect(result.suggestions).toHaveLength(3)
      const examples = stubTools.flatMap((tool) => tool.examples)
      for (const suggestion of result.suggestions) expect(examples).toContain(suggestion)
      expect(result.text).toContain('ANTHROPIC_API_KEY')
      expect(result.text).toContain('OPENAI_API_KEY')
      // Only the suggested questions may hold numbers ("top 10"): the decline itself states no figure.
      const withoutSuggestions = result.suggestions.reduce((rest, suggestion) => rest.replace(suggestion, ''), result.text)
      expect(withoutSuggestions).not.toMatch(/\d/)
    })

    it('keeps data questions about e-mail and changes in scope', () => {
      expect(toolPlan('Email campaign performance last month')).toMatchObject({ tool: 'campaign_performance', arguments: { period: 'last_month', channel: 'email' } })
      expect(toolPlan('What explains the change in revenue by brand?').tool).toBe('change_drivers')
    })

    it('offers the questions closest to the one asked', () => {
      const result = plan('email the customer list to bob@x.com')
      expect(result.kind === 'decline' && result.suggestions.every((suggestion) => /customers/.test(suggestion))).toBe(true)
    })
  })

  describe('follow-ups', () => {
    const after = (name: string, args: Record<string, unknown>, ok = true): PriorTurn[] => [
      { question: 'earlier', answer: 'earlier answer', toolCalls: [{ name, arguments: args, ok }] },
    ]

    it('reuses the previous tool with a new breakdown', () => {
      expect(toolPlan('and by brand?', after('top_products', { period: 'last_30_days', limit: 5 }))).toMatchObject({
        tool: 'top_products',
        arguments: { period: 'last_30_days', limit: 5, group_by: 'brand' },
        followUp: true,
      })
    })

    it('reuses the previous tool with a new period', () => {
      expect(toolPlan('same for last year', after('top_products', { period: 'last_30_days', limit: 5 })).arguments).toEqual({ period: 'last_year', limit: 5 })
      expect(toolPlan('what about Q1 2025?', after('kpi_summary', { period: 'ytd' })).arguments).toEqual({ from: '2025-01-01', to: '2025-03-31' })
      // KPI summary has no weekly breakdown: the tool that has one and reports the same sales measures takes over.
      expect(toolPlan('what about by week?', after('kpi_summary', { period: 'last_month' }))).toMatchObject({
        tool: 'sales_trend',
        arguments: { period: 'last_month', grain: 'week' },
      })
    })

    it('reuses the previous tool with a new limit or filter', () => {
      expect(toolPlan('top 3?', after('top_customers', { rank_by: 'orders' })).arguments).toEqual({ rank_by: 'orders', limit: 3 })
      expect(toolPlan('and on Instagram?', after('sales_by_weekday', { period: 'last_90_days' })).arguments).toEqual({ period: 'last_90_days', channel: 'instagram' })
      expect(toolPlan('what about Chanel?', after('sales_trend', { grain: 'month' })).arguments).toEqual({ grain: 'month', brand: 'Chanel' })
    })

    it('moves to a tool of the same area that has the breakdown', () => {
      expect(toolPlan('and monthly?', after('sales_by_weekday', { period: 'last_90_days' }))).toMatchObject({
        tool: 'sales_trend',
        arguments: { period: 'last_90_days', grain: 'month' },
        notes: ['Sales by day of week has no month breakdown; used Sales trend instead.'],
      })
    })

    it('when no tool of the area has the breakdown, uses the closest tool that has it and says so', () => {
      // Was a decline; the README's "Who are our top 5 customers this year?" → "and by brand?" needs the same step across areas.
      const result = toolPlan('and by country?', after('sales_by_weekday', {}))
      expect(result).toMatchObject({ tool: 'customers_by_location', arguments: { level: 'country' }, followUp: true })
      expect(result.notes[0]).toMatch(/^Sales by day of week has no country breakdown; used Customers by location instead\./)
      expect(toolPlan('and by brand?', after('top_customers', { period: 'this_year', limit: 5 }))).toMatchObject({
        tool: 'top_products',
        arguments: { period: 'this_year', limit: 5, group_by: 'brand' },
      })
    })

    it('treats a question with its own topic as a new question', () => {
      expect(toolPlan('and who are our VIPs?', after('sales_by_weekday', {})).tool).toBe('top_customers')
      expect(toolPlan('What are our best sellers by brand?', after('churn_risk', {}))).toMatchObject({ tool: 'top_products', followUp: false })
    })

    it('ignores calls that failed', () => {
      const result = plan('and by brand?', after('top_products', { limit: 5 }, false))
      expect(result.kind === 'tool' && result.followUp).toBe(false)
    })
  })
})
