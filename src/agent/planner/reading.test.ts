import { describe, expect, it } from 'vitest'
import { catalog } from '../../../tools/index.ts'
import type { PriorTurn } from '../providers/provider.ts'
import { checkRelevance } from '../relevance.ts'
import { stubTools } from '../testing/stub-catalog.ts'
import type { ToolRun } from '../tool-runner.ts'
import { chosenReading } from '../../cli/commands/chat.ts'
import { createPlanner, readRequest, type Plan } from './planner.ts'

const today = new Date('2026-10-31T12:00:00Z')
const planner = createPlanner(stubTools)
const plan = (question: string, history: PriorTurn[] = []): Plan => planner.plan(question, history, today)

// The catalog's own tools, cues and scopes: for what depends on how each tool describes itself.
const catalogPlanner = createPlanner(catalog)

function toolPlan(question: string, history: PriorTurn[] = [], source: 'stub' | 'catalog' = 'stub') {
  const result = source === 'catalog' ? catalogPlanner.plan(question, history, today) : plan(question, history)
  if (result.kind !== 'tool') throw new Error(`Expected a tool for "${question}", got ${result.kind}: ${result.text}`)
  return result
}

describe('the reading: every constraint a question names', () => {
  it.each([
    ['revenue in Texas in 2026 by week', { measures: ['revenue'], filters: ['Texas'], grouping: 'week', window: '2026' }],
    ["What was last month's profit?", { measures: ['profit'], filters: [], window: 'last month', shape: 'total' }],
    ['How much Chanel did we sell on Whatnot last month?', { measures: ['revenue'], filters: ['Chanel', 'Whatnot'], window: 'last month' }],
    ['average order value by month', { measures: ['aov'], grouping: 'month' }],
    ['top 5 wallets by units this year', { measures: ['units'], filters: ['Wallet'], limit: 5, window: 'this year' }],
    ['like new bags sold since Black Friday', { filters: ['Bag', 'S (like new)'], window: 'since 2025-11-28' }],
    ['Which states bring the most revenue?', { measures: ['revenue'], grouping: 'region', sort: 'top' }],
  ])('reads "%s"', (question, expected) => {
    const requested = readRequest(question, today)
    const read = {
      measures: requested.measures,
      filters: requested.filters.map((filter) => filter.label).sort(),
      grouping: requested.grouping,
      window: requested.window?.label,
      limit: requested.limit,
      shape: requested.shape,
      sort: requested.sort,
    }
    const wanted = { ...expected, ...('filters' in expected ? { filters: [...(expected.filters as string[])].sort() } : {}) }
    expect(read).toMatchObject(wanted)
  })
})

// Common ways of asking for each family, with the tool that answers them (the misreadings among them).
const families: [question: string, tool: string][] = [
  ['How much did we sell last month?', 'kpi_summary'],
  ['What are our total sales this year?', 'kpi_summary'],
  ["What was last month's profit?", 'kpi_summary'],
  ['How many orders did we get last week?', 'kpi_summary'],
  ["what's our AOV?", 'kpi_summary'],
  ['Which items should we mark down?', 'inventory_aging'],
  ['clearance candidates', 'inventory_aging'],
  ['What should we discount?', 'inventory_aging'],
  ['What share of revenue comes from our top fifth of customers?', 'customer_concentration'],
  ['How much of our revenue comes from the top 10% of buyers?', 'customer_concentration'],
  ['What is our cheapest acquisition channel?', 'channel_comparison'],
  ['customer acquisition cost by channel', 'channel_comparison'],
  ['Which channel is most efficient?', 'channel_comparison'],
  ['How much Chanel did we sell on Whatnot last month?', 'sales_trend'],
  ['Chanel vs Louis Vuitton', 'brand_performance'],
]

describe('coverage of the catalog', () => {
  it.each(families)('"%s" → %s, applying all it names', (question, tool) => {
    const result = toolPlan(question)
    expect(result.tool).toBe(tool)
    expect(result.unapplied).toEqual([])
  })

  it('applies a named brand and channel rather than answering for everything', () => {
    expect(toolPlan('How much Chanel did we sell on Whatnot last month?').arguments).toEqual({ period: 'last_month', brand: 'Chanel', channel: 'whatnot' })
  })

  it('compares units of one-of-a-kind items by brand, or ranks the items by revenue, and says so', () => {
    // Units asked for: every item sold once, so the brands are compared by units.
    const byUnits = toolPlan('top products by units', [], 'catalog')
    expect(byUnits.arguments).toMatchObject({ rank_by: 'units', group_by: 'brand' })
    expect(byUnits.notes.join(' ')).toMatch(/one of a kind/)
    // One brand's pieces by units: one brand row would answer nothing, so its items rank by revenue.
    const oneBrand = toolPlan('Which Chanel pieces sold the most units this year?', [], 'catalog')
    expect(oneBrand.arguments).toMatchObject({ rank_by: 'revenue', brand: 'Chanel' })
    expect(oneBrand.arguments.group_by ?? 'product').toBe('product')
    expect(oneBrand.notes.join(' ')).toMatch(/ranked by revenue instead/)
    // Grouped by brand, units are meaningful and stay.
    expect(toolPlan('top brands by units', [], 'catalog').arguments).toMatchObject({ rank_by: 'units', group_by: 'brand' })
  })

  it('reads chat shorthand as the words it stands for', () => {
    expect(toolPlan('who r our biggest buyers??', [], 'catalog').tool).toBe('top_customers')
    expect(toolPlan('how r the IG ads doing', [], 'catalog').arguments).toMatchObject({ channel: 'instagram' })
  })

  it('keeps a comparison as part of the reading and chooses a tool that compares', () => {
    const plan = toolPlan('revenue yoy', [], 'catalog')
    expect(plan.requested.comparison).toBe('last_year')
    expect(plan.requested.window?.label).toBe('last 12 months')
    expect(['kpi_summary', 'change_drivers']).toContain(plan.tool)
    expect(plan.unapplied).toEqual([])
    // "Week over week" compares two weeks: it is no breakdown by week.
    const weekly = toolPlan('wow revenue', [], 'catalog')
    expect(weekly.requested.grouping).toBeUndefined()
    expect(weekly.arguments).toMatchObject({ period: 'last_week' })
  })

  it('reads a ranking of pieces as products, and a ranking never as a total', () => {
    const plan = toolPlan('Which bags made us the most profit this year?', [], 'catalog')
    expect(['top_products', 'sku_profitability']).toContain(plan.tool)
    expect(plan.arguments).toMatchObject({ rank_by: 'profit', category: 'bag', period: 'this_year' })
    expect(toolPlan('most profitable YSL items', [], 'catalog').arguments).toMatchObject({ rank_by: 'profit', brand: 'Saint Laurent' })
    // Stock questions about items are no breakdown of sales.
    expect(toolPlan('Which items have been sitting in stock the longest?', [], 'catalog').tool).toBe('inventory_aging')
  })

  it('keeps the filters a follow-up inherits, and says so where the next tool cannot apply them', () => {
    const turn = (question: string, plan: Plan): PriorTurn => ({
      question,
      answer: '',
      toolCalls: plan.kind === 'tool' ? [{ name: plan.tool, arguments: plan.arguments, ok: true }] : [],
    })
    const history: PriorTurn[] = []
    const ask = (question: string) => {
      const plan = toolPlan(question, [...history], 'catalog')
      history.push(turn(question, plan))
      return plan
    }
    ask('how did september go')
    expect(ask('and only on whatnot?').arguments).toMatchObject({ from: '2026-09-01', to: '2026-09-30', channel: 'whatnot' })
    // A breakdown the KPI summary lacks goes to a tool that keeps the Whatnot filter, not one that drops it.
    expect(ask('by brand').arguments).toMatchObject({ channel: 'whatnot', group_by: 'brand', from: '2026-09-01' })
    // A new analysis of the same figures keeps the window; the filter its tool cannot apply is said first.
    const drivers = ask('what drove the change?')
    expect(drivers).toMatchObject({ tool: 'change_drivers', arguments: { from: '2026-09-01', to: '2026-09-30' } })
    expect(drivers.unapplied).toEqual(['Whatnot: What drove the change cannot be limited to one channel'])
  })

  it('reads "top N brands" as a breakdown by brand, and a condition named by its value as a filter', () => {
    const brands = toolPlan('top 3 brands in texas', [], 'catalog')
    expect(brands.requested.grouping).toBe('brand')
    expect(brands.unapplied).toEqual(['Texas: Brand performance cannot be limited to one state'])
    expect(toolPlan('top condition S pieces this year', [], 'catalog').arguments).toMatchObject({ condition: 'S', period: 'this_year' })
    expect(toolPlan('what is the best day to sell', [], 'catalog').tool).toBe('sales_by_weekday')
  })

  it('answers for the website when a tool covers only the website, and says so for another channel', () => {
    expect(toolPlan('How many website shoppers actually end up paying?', [], 'catalog')).toMatchObject({ tool: 'conversion_funnel', unapplied: [] })
    expect(toolPlan('what is the instagram conversion funnel?', [], 'catalog').unapplied).toEqual(['Instagram: Storefront conversion funnel covers website only'])
  })
})

describe('what cannot be applied is said, not dropped', () => {
  it('names a state the chosen tool cannot filter by', () => {
    const result = toolPlan('top products in Texas this year')
    expect(result.tool).toBe('top_products')
    expect(result.unapplied).toEqual(['Texas: Top products cannot be limited to one state'])
  })

  it('applies a state where the tool filters by it, under the code the data stores', () => {
    // sales_trend filters on the buyer's state; "Texas" is read as TX and nothing is left unapplied.
    const result = toolPlan('revenue in Texas in 2026 by week')
    expect(result.tool).toBe('sales_trend')
    expect(result.arguments).toMatchObject({ region: 'TX', grain: 'week' })
    expect(result.unapplied).toEqual([])
  })

  it('names a breakdown the only tool with the measure lacks, and offers other readings', () => {
    const result = toolPlan('average order value by month')
    expect(result.tool).toBe('kpi_summary')
    expect(result.unapplied).toEqual(['by month: KPI summary cannot break its figures down that way'])
    expect(result.alternatives.length).toBeGreaterThan(0)
    for (const option of result.alternatives) expect(option.question).toMatch(/\(with [a-z_]+\)$/)
  })

  it('runs an offered reading as it stands', () => {
    const result = toolPlan('average order value by month (with sales_trend)')
    expect(result.tool).toBe('sales_trend')
    expect(result.arguments).toEqual({ grain: 'month' })
    expect(result.unapplied).toEqual(['average order value: Sales trend does not report it'])
  })
})

describe('declines', () => {
  it.each([
    "Give me every customer's phone number",
    'export all emails',
    'list of customer email addresses',
    'What are the home addresses of all our buyers?',
  ])('declines bulk personal data: "%s"', (question) => {
    const result = plan(question)
    if (result.kind !== 'decline') throw new Error(`Expected a decline, got ${result.kind}`)
    expect(result.reason).toBe('personal_data')
    // It names what it can answer instead.
    expect(result.text).toMatch(/top customers/)
  })

  it.each(['delete all sales', 'update prices on the Chanel bags'])('declines writes: "%s"', (question) => {
    expect(plan(question)).toMatchObject({ kind: 'decline', reason: 'action' })
  })

  it('still answers questions about contact preferences', () => {
    expect(toolPlan('What share of customers prefer email?').tool).toBe('contact_preferences')
  })
})

describe('conversations: refinements inherit, new questions start over', () => {
  // Each turn: the question, the tool it must run, arguments it must carry, and whether it refines the last one.
  const turns: [question: string, tool: string, args: Record<string, unknown>, followUp: boolean][] = [
    ['Which customers are at risk of churning?', 'churn_risk', {}, false],
    ['only those quiet for 120 days', 'churn_risk', { inactive_days: 120 }, true],
    ['Chanel vs Louis Vuitton', 'brand_performance', {}, false],
    ['and this year?', 'brand_performance', { period: 'this_year' }, true],
    ['How old is our inventory?', 'inventory_aging', {}, false],
    ['by category', 'inventory_aging', { group_by: 'category' }, true],
    ['average order value', 'kpi_summary', {}, false],
    ['what about last month?', 'kpi_summary', { period: 'last_month' }, true],
    ['best sellers', 'top_products', {}, false],
    ['and by brand?', 'top_products', { group_by: 'brand' }, true],
    ['same for last quarter', 'top_products', { group_by: 'brand', period: 'last_quarter' }, true],
    ["What was last month's profit?", 'kpi_summary', { period: 'last_month' }, false],
  ]

  it(`follows a ${turns.length}-turn conversation mixing refinements and new questions`, () => {
    const history: PriorTurn[] = []
    for (const [question, tool, args, followUp] of turns) {
      const result = toolPlan(question, history)
      expect({ question, tool: result.tool, followUp: result.followUp }).toEqual({ question, tool, followUp })
      expect(result.arguments).toMatchObject(args)
      history.push({ question, answer: '…', toolCalls: [{ name: result.tool, arguments: result.arguments, ok: true }] })
    }
  })

  it('does not hijack a new measure with the previous tool', () => {
    const history: PriorTurn[] = [{ question: 'How old is our inventory?', answer: '…', toolCalls: [{ name: 'inventory_aging', arguments: {}, ok: true }] }]
    const result = toolPlan('average order value by month', history)
    expect(result.tool).not.toBe('inventory_aging')
    expect(result.followUp).toBe(false)
  })
})

describe('the relevance check on any provider\'s tool calls', () => {
  const run = (name: string, args: Record<string, unknown>): ToolRun => ({
    record: { id: name, name, arguments: args, ok: true, error: null, durationMs: 1, rowCount: 1, sql: null },
    result: { callId: name, name, content: '', isError: false },
    // The envelope's contents do not matter to the check; only that the call returned one.
    envelope: { tool: name } as unknown as ToolRun['envelope'],
  })
  const check = (question: string, runs: ToolRun[]) =>
    checkRelevance({ question, requested: readRequest(question, today), plan: undefined, tools: catalog, runs, written: '' })

  it('flags a named filter the model did not apply, and says it first', () => {
    const outcome = check('Chanel revenue on Whatnot by month', [run('sales_trend', { grain: 'month', channel: 'whatnot' })])
    expect(outcome.relevance).toEqual({ ok: false, status: 'partial', missing: ['Chanel: Sales trend over time cannot be limited to one brand'] })
    expect(outcome.firstLine).toMatch(/^\*\*Not applied:\*\* Chanel/)
  })

  it('passes calls that apply everything', () => {
    const outcome = check('Chanel revenue on Whatnot by month', [run('sales_trend', { grain: 'month', channel: 'whatnot', brand: 'Chanel' })])
    expect(outcome.relevance.status).toBe('answered')
    expect(outcome.reading.summary).toBe('revenue · Chanel, Whatnot · by month · with sales_trend')
  })

  it('flags a ranking given for a total', () => {
    const outcome = check('How much did we sell last month?', [run('top_products', { period: 'last_month' })])
    expect(outcome.relevance.status).toBe('partial')
    expect(outcome.relevance.missing.join(' ')).toMatch(/a total/)
  })

  it('counts a constraint applied by any of several calls', () => {
    const outcome = check('revenue and AOV last month', [run('sales_trend', { period: 'last_month' }), run('kpi_summary', { period: 'last_month' })])
    expect(outcome.relevance.status).toBe('answered')
  })

  it('says no answer when every call failed', () => {
    const failed = { ...run('kpi_summary', {}), envelope: undefined }
    failed.record = { ...failed.record, ok: false, error: { code: 'x', message: 'boom' } }
    expect(check('How much did we sell?', [failed]).relevance.status).toBe('unanswered')
  })
})

describe('the chat runs an offered reading by its number', () => {
  const answer = { clarification: { question: 'Which?', options: [{ label: 'A', question: 'q1 (with kpi_summary)' }, { label: 'B', question: 'q2 (with sales_trend)' }] } }
  it('maps "2" to the second reading and leaves other text alone', () => {
    expect(chosenReading('2', answer as never)).toBe('q2 (with sales_trend)')
    expect(chosenReading('3', answer as never)).toBeUndefined()
    expect(chosenReading('top 2 brands', answer as never)).toBeUndefined()
    expect(chosenReading('1', undefined)).toBeUndefined()
  })
})

describe('a filter applied under the name the data stores', () => {
  it('counts "Texas" as applied when the tool filters on TX, and says nothing is missing', async () => {
    const { coverage } = await import('./coverage.ts')
    const { plannerTool } = await import('./tool-fields.ts')
    const plan = createPlanner(catalog).plan('sales in texas this year', [], new Date('2026-12-03T12:00:00Z'))
    if (plan.kind !== 'tool') throw new Error('expected a tool')
    expect(plan.arguments).toMatchObject({ region: 'TX' })
    expect(coverage(plan.requested, plannerTool(catalog.find((tool) => tool.name === plan.tool)!), plan.arguments)).toEqual([])
  })
})

describe('the tool that applies what was named, over a closer word match', () => {
  it('ranks customers when customers are ranked, and says the state it cannot apply rather than answering another question', () => {
    // Before: the sales trend of Florida (it applies the state), with "top 3 customers" silently dropped.
    const result = toolPlan('top 3 customers in florida by spend this year', [], 'catalog')
    expect(result).toMatchObject({ tool: 'top_customers', arguments: { limit: 3, rank_by: 'spend', period: 'this_year' } })
    expect(result.requested.grouping).toBe('customer')
    expect(result.unapplied).toEqual(['Florida: Top customers cannot be limited to one state'])
  })

  it('keeps a named category when a close tool applies it with the breakdown', () => {
    // Before: the marketing channels compared (campaign spend and ROAS), which cannot be limited to bags.
    const result = toolPlan('sales by channel for bags in Q2', [], 'catalog')
    expect(result).toMatchObject({ tool: 'top_products', arguments: { group_by: 'channel', category: 'bag', from: '2026-04-01', to: '2026-06-30' }, unapplied: [] })
  })

  it('still answers with the tool a question names, saying what it cannot apply', () => {
    expect(toolPlan('what is the instagram conversion funnel?', [], 'catalog')).toMatchObject({ tool: 'conversion_funnel' })
  })

  it('reads the average selling price as revenue per unit, which the KPI summary compares with a year earlier', () => {
    const result = toolPlan('average selling price of prada backpacks this year vs last year', [], 'catalog')
    expect(result.requested.measures).toEqual(['average_price'])
    expect(result).toMatchObject({ tool: 'kpi_summary', arguments: { brand: 'Prada', category: 'backpack', period: 'this_year' }, unapplied: [] })
  })

  it('reads weekends as days of the week, and units in stock as stock', () => {
    expect(toolPlan('are we selling more on weekends?', [], 'catalog').tool).toBe('sales_by_weekday')
    const stock = toolPlan('how many units are in stock for louis vuitton?', [], 'catalog')
    expect(stock).toMatchObject({ tool: 'stock_levels', arguments: { brand: 'Louis Vuitton' }, unapplied: [] })
  })
})

describe('periods counted back, and a comparison between two named spans', () => {
  // Today is Saturday 2026-10-31: last week is Monday 19 to Sunday 25 October, last month September.
  it.each([
    ['what were sales the week before last?', { from: '2026-10-12', to: '2026-10-18' }],
    ['revenue two months ago', { from: '2026-08-01', to: '2026-08-31' }],
    ['profit a quarter ago', { from: '2026-07-01', to: '2026-09-30' }],
    ['orders the year before last', { from: '2024-01-01', to: '2024-12-31' }],
    ['revenue over the last fortnight', { from: '2026-10-18', to: '2026-10-31' }],
    ['sales since the start of september', { from: '2026-09-01' }],
    ['how did we do in the first week of october?', { from: '2026-10-01', to: '2026-10-07' }],
    ['revenue between march and may this year', { from: '2026-03-01', to: '2026-05-31' }],
    ['revenue from november to february', { from: '2025-11-01', to: '2026-02-28' }],
    // Saturday 31 October: last weekend is the 24th and 25th, this weekend today.
    ['sales last weekend', { from: '2026-10-24', to: '2026-10-25' }],
    ['sales this weekend', { from: '2026-10-31', to: '2026-10-31' }],
  ])('reads "%s" as a whole calendar period', (question, window) => {
    expect(readRequest(question, today).window?.reading).toEqual(window)
  })

  it('reads a span compared with the same span a year earlier, or the one before it, whichever is named first', () => {
    expect(readRequest('sales in december 2025 compared to december 2024', today)).toMatchObject({
      window: { reading: { from: '2025-12-01', to: '2025-12-31' } },
      comparison: 'last_year',
    })
    expect(readRequest('Q2 2026 vs Q3 2026 profit', today)).toMatchObject({
      window: { reading: { from: '2026-07-01', to: '2026-09-30' } },
      comparison: 'previous_period',
    })
  })

  it('says first that no tool compares with another base, rather than answering as if it did', () => {
    const result = toolPlan('how did march 2026 do against january 2026?', [], 'catalog')
    expect(result.requested.window?.reading).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(result.unapplied).toEqual([
      'against 2026-01-01 to 2026-01-31: the tools compare a window only with the period just before it and the same period a year earlier',
    ])
  })

  it('says first a time word it could not read, with the window the figures cover', () => {
    const result = toolPlan('gucci revenue in mid october', [], 'catalog')
    expect(result.unapplied).toEqual(['"mid": a time the question names that could not be read; the figures cover 2026-10-01 to 2026-10-31'])
  })

  it('reads "our best month" as months ranked, not products', () => {
    expect(readRequest('what is our best month ever?', today).grouping).toBe('month')
    expect(toolPlan('what is our best month ever?', [], 'catalog').tool).not.toBe('top_products')
  })
})

describe('a follow-up that compares the previous subject with another', () => {
  const turn = (question: string, plan: Plan): PriorTurn => ({
    question,
    answer: '',
    toolCalls: plan.kind === 'tool' ? [{ name: plan.tool, arguments: plan.arguments, ok: true }] : [],
  })

  it('compares both values in the previous window, and says the filter the comparing tool cannot keep', () => {
    const first = toolPlan("what's the trend of gucci sales this year", [], 'catalog')
    // Before: the KPI summary of Prada alone over the last 12 months (the year and Gucci both lost).
    const compared = toolPlan('compare with prada', [turn("what's the trend of gucci sales this year", first)], 'catalog')
    expect(compared).toMatchObject({ tool: 'brand_performance', arguments: { period: 'this_year' }, followUp: true })
    expect(compared.requested.filters.map((filter) => filter.value)).toEqual(['Gucci', 'Prada'])
    const bags = toolPlan('hermes bags revenue in Q3', [], 'catalog')
    const withChanel = toolPlan('compared to chanel', [turn('hermes bags revenue in Q3', bags)], 'catalog')
    expect(withChanel.arguments).toMatchObject({ from: '2026-07-01', to: '2026-09-30' })
    expect(withChanel.requested.filters.map((filter) => filter.value)).toEqual(expect.arrayContaining(['Hermès', 'Chanel', 'bag']))
    expect(withChanel.unapplied).toEqual(['Bag: Brand performance cannot be limited to one category'])
  })
})

describe('what a question leaves out, and the lowest first', () => {
  it('never turns an excluded value into the filter, and says no tool leaves it out', () => {
    // Before: "excluding whatnot" ran the sales trend of Whatnot alone.
    const result = toolPlan('revenue excluding whatnot last month', [], 'catalog')
    expect(result.arguments.channel).toBeUndefined()
    expect(result.arguments.period).toBe('last_month')
    expect(result.unapplied).toEqual([`excluding Whatnot: ${result.title} cannot leave one channel out; the figures include it`])
    expect(toolPlan('top brands except hermes this year', [], 'catalog').arguments.brand).toBeUndefined()
    expect(toolPlan('sales not on instagram in q3', [], 'catalog').arguments).not.toHaveProperty('channel')
    // Words after an exclusion that name no value are left alone.
    expect(readRequest('revenue except last week', today).excluded).toBeUndefined()
  })

  it('says first that a list runs highest first when the lowest were asked for', () => {
    const result = toolPlan('worst 3 brands by margin this year', [], 'catalog')
    expect(result.unapplied).toContain(`the lowest first: ${result.title} lists the highest first`)
    expect(toolPlan('least profitable 5 skus last quarter', [], 'catalog')).toMatchObject({ tool: 'sku_profitability', arguments: { show: 'bottom' }, unapplied: [] })
  })
})

describe('losses and lapsed customers, however they are said', () => {
  it('reads sold below cost or at a loss as the least profitable items', () => {
    // Before: the top products by revenue, answered as if asked.
    expect(toolPlan('which products sold below cost?', [], 'catalog')).toMatchObject({ tool: 'sku_profitability', arguments: { show: 'bottom' } })
    expect(toolPlan('which items did we sell at a loss last quarter?', [], 'catalog')).toMatchObject({ tool: 'sku_profitability', arguments: { show: 'bottom', period: 'last_quarter' } })
  })

  it('reads customers without a purchase in N days as churn risk with that threshold', () => {
    // Before: the top customers of the last 12 months.
    expect(toolPlan('customers without a purchase in 90 days', [], 'catalog')).toMatchObject({ tool: 'churn_risk', arguments: { inactive_days: 90 } })
  })
})
