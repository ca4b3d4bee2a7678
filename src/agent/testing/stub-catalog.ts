import { catalog } from '../../../tools/index.ts'
import { campaignChannels, defineTool, salesFilterFields, dimensionEnum, limitField, toolInput, windowFields, z, type Area, type AnyTool } from '../../tools/define-tool.ts'
import { createRegistry, type ToolRegistry } from '../../tools/registry.ts'

/**
 * Stand-ins for the whole catalog with its public names, areas, inputs and example questions, but no SQL:
 * the planner's tests run against these, so they do not move when a tool's wording or SQL changes. Each carries
 * the real tool's cues (declared in its file), row and metrics, which are the planner's vocabulary under test.
 */
const channel = dimensionEnum('channel').optional()
const category = dimensionEnum('category').optional()
const condition = dimensionEnum('condition').optional()
const realTools = new Map(catalog.map((tool) => [tool.name, tool]))

function stub(name: string, area: Area, title: string, examples: string[], shape: z.ZodRawShape, usesWindow = true): AnyTool {
  return defineTool({
    name,
    title,
    area,
    description: `${title}.`,
    input: toolInput(usesWindow ? { ...windowFields, ...shape } : shape),
    // The real tool's row and metrics say what it measures and what a row is (the relevance check reads them); never run.
    row: realTools.get(name)?.row ?? z.object({ value: z.number() }),
    metrics: realTools.get(name)?.metrics ?? [],
    examples,
    cues: realTools.get(name)?.cues,
    usesWindow,
    query: ({ sql }) => sql`select 1::float8 as value`,
    assumptions: () => [],
    narrate: () => `${title}: nothing to report.`,
  })
}

export const stubTools: AnyTool[] = [
  stub('top_customers', 'customers', 'Top customers', ['Who are our top 10 customers?', 'Which customers spent the most this year?', 'Who bought the most items in the last 90 days?', 'List our VIP customers'], {
    rank_by: z.enum(['spend', 'units', 'orders']).default('spend'),
    limit: limitField(10),
  }),
  stub('customer_concentration', 'customers', 'Customer concentration', ['What share of revenue comes from our top 20% of customers?', 'Does the 80/20 rule hold for our customers?', 'How dependent are we on a few big buyers this year?'], {}),
  stub('customer_lifetime_value', 'customers', 'Customer lifetime value', ['What is our average customer lifetime value?', 'Who are our most valuable customers over their lifetime?', 'Which customers have the highest projected CLV?'], {
    sort_by: z.enum(['historical', 'projected']).default('historical'),
    limit: limitField(10),
  }),
  stub('rfm_segments', 'customers', 'RFM segments', ['Segment our customers with RFM', 'How many Champions and At Risk customers do we have?', 'Which customer segments bring the most revenue?'], {}),
  stub('repeat_purchases', 'customers', 'Repeat purchases', ['What is our repeat purchase rate?', 'How many customers bought more than once this year?', 'How many days do customers wait between orders?'], {}),
  stub('churn_risk', 'customers', 'Churn risk', ['Which customers are at risk of churning?', 'Who are our most valuable customers that have gone quiet?', 'List customers who have not bought in 6 months'], {
    inactive_days: z.number().int().min(30).max(730).default(90),
    limit: limitField(10),
  }),
  stub('new_vs_returning_customers', 'customers', 'New vs returning customers', ['How many new customers did we get each month?', 'New vs returning customers over the last 12 months', 'What share of revenue comes from returning customers?'], {
    grain: z.enum(['day', 'week', 'month']).default('month'),
  }),
  stub('customers_by_location', 'customers', 'Customers by location', ['Where are our customers located?', 'Which cities bring the most revenue?', 'Revenue by state for the last 12 months'], {
    level: z.enum(['city', 'region', 'country']).default('city'),
    limit: limitField(10),
  }),
  stub('contact_preferences', 'customers', 'Contact preferences', ['How do our customers prefer to be contacted?', 'What share of customers prefer Instagram?', 'Which contact preference brings the most revenue?'], {}),
  stub('cohort_retention', 'customers', 'Cohort retention', ['What does customer retention look like by cohort?', 'How many new customers come back in their second month?', 'Are recent cohorts retaining better than older ones?'], {
    max_months: z.number().int().min(1).max(24).default(12),
  }),
  stub('sales_by_weekday', 'sales', 'Sales by day of week', ['What are the best days of the week to sell?', 'Which weekday brings the most revenue?', 'Sales by day of week for the last 90 days'], { channel }),
  stub('sales_trend', 'sales', 'Sales trend', ['How are sales trending this year?', 'Weekly revenue for the last 6 months', 'Monthly revenue and profit for Chanel bags'], {
    grain: z.enum(['day', 'week', 'month']).optional(),
    channel,
    brand: z.string().optional(),
    region: z.string().optional(),
    city: z.string().optional(),
    category,
    condition,
  }),
  stub('sales_by_hour', 'sales', 'Sales by hour', ['What time of day do we sell the most?', 'What are our power hours?', 'Sales by weekday and hour for the last 90 days'], {
    view: z.enum(['hour', 'weekday_hour']).default('hour'),
    channel,
  }),
  stub('seasonality', 'sales', 'Seasonality', ['Which months are our strongest?', 'Is there a seasonal pattern in sales?', 'When is peak season for wallets?'], { channel, category }),
  stub('top_products', 'products', 'Top products', ['What are our top selling products?', 'Top 5 brands by units sold this year', 'Which category makes the most profit?'], {
    rank_by: z.enum(['revenue', 'units', 'profit']).default('revenue'),
    group_by: z.enum(['product', 'brand', 'category', 'condition']).default('product'),
    limit: limitField(10),
  }),
  stub('sku_profitability', 'products', 'SKU profitability', ['Which SKUs make us the most profit?', 'Show me our loss leaders', 'Profit per SKU after fees'], {
    show: z.enum(['top', 'bottom']).default('top'),
    limit: limitField(10),
  }),
  stub('brand_performance', 'products', 'Brand performance', ['Which brands are the most profitable?', 'Brand performance this year by revenue', 'Which brand has the best margin?'], {
    sort_by: z.enum(['profit', 'revenue', 'margin', 'days_to_sell']).default('profit'),
    limit: limitField(10),
  }),
  stub('hot_products', 'products', 'Hot products', ['What are the hot products right now?', 'Which available items get the most views?', 'What should we feature in the next live show?'], { limit: limitField(10) }),
  stub('category_performance', 'products', 'Category performance', ['Which categories perform best?', 'Category performance this quarter', 'How are wallets doing compared with last month?'], {
    ...salesFilterFields,
    sort_by: z.enum(['revenue', 'gross_profit', 'margin', 'units']).default('revenue'),
  }),
  stub('sell_through_by_condition', 'inventory', 'Sell-through by condition', ['What is the sell-through rate by condition?', 'How fast do S, A and B items sell?', 'Sell-through by brand for items bought this year'], {
    group_by: z.enum(['condition', 'brand', 'category']).default('condition'),
  }),
  stub('inventory_aging', 'inventory', 'Inventory aging', ['How old is our inventory?', 'Which brands have the most aged stock?', 'Days in inventory by category'], {
    group_by: z.enum(['brand', 'category', 'condition']).default('brand'),
    limit: limitField(20),
  }, false),
  stub('fast_slow_movers', 'inventory', 'Fast and slow movers', ['Which items sold the fastest this quarter?', 'Show me slow-moving items that need promotion', 'Fast movers in the last 30 days'], {
    view: z.enum(['fast', 'slow']).default('fast'),
    days: z.number().int().min(1).max(730).optional(),
    limit: limitField(10),
  }),
  stub('seller_submissions', 'inventory', 'Seller submissions', ['How many seller submissions did we get this month?', 'What is our consignment acceptance rate?', 'Submissions by category this quarter'], {
    group_by: z.enum(['none', 'brand', 'category']).default('none'),
    limit: limitField(20),
  }),
  stub('stock_levels', 'inventory', 'Stock levels', ["What's low in stock?", 'How many Birkins do we have?', 'What do we have in stock by brand?'], {
    group_by: z.enum(['model', 'brand', 'category', 'condition']).default('model'),
    below: z.number().int().min(1).max(1000).optional(),
    brand: z.string().optional(),
    model: z.string().optional(),
    category,
    condition,
    limit: limitField(20),
  }, false),
  stub('discount_effectiveness', 'inventory', 'Discount and pricing effectiveness', ['Do discounts help sell-through?', 'Are discounted items less profitable?', 'Do items priced above the typical price sell slower?'], {
    view: z.enum(['discount_band', 'price_position']).default('discount_band'),
    brand: z.string().optional(),
    category,
    condition,
  }),
  stub('campaign_performance', 'marketing', 'Campaign performance', ['Which campaigns had the best ROAS last quarter?', 'How did our Instagram campaigns perform this year?', 'Top 5 campaigns by attributed revenue'], {
    channel: z.enum(campaignChannels).optional(),
    sort_by: z.enum(['roas', 'revenue', 'spend', 'cpa']).default('roas'),
    limit: limitField(10),
  }),
  stub('channel_comparison', 'marketing', 'Channel comparison', ['Which marketing channel gives the best return?', 'Compare Whatnot, Instagram and e-mail marketing this year', 'What does it cost us to acquire a customer on each channel?'], {
    lookback_days: z.number().int().min(1).max(90).default(30),
  }),
  stub('marketing_attribution', 'marketing', 'Marketing attribution', ['Which marketing channel drives our sales?', 'First-touch vs last-touch attribution by channel', "Which campaigns get the credit for this quarter's revenue?"], {
    group_by: z.enum(['channel', 'campaign']).default('channel'),
    lookback_days: z.number().int().min(1).max(90).default(30),
  }),
  stub('show_performance', 'shows', 'Live show performance', ['What is the best time slot for a live show?', 'How do our Whatnot shows perform by time slot?', 'Best live-show slots with at least 3 shows'], {
    platform: dimensionEnum('platform').optional(),
    min_shows: z.number().int().min(1).max(100).default(1),
    limit: limitField(10),
  }),
  stub('kpi_summary', 'kpis', 'KPI summary', ['How are we doing this month?', 'Give me the KPI summary for last quarter', 'How does this year compare with last year?'], {}),
  stub('conversion_funnel', 'kpis', 'Conversion funnel', ['What is our checkout conversion rate?', 'Where do shoppers drop off in the storefront funnel?', 'Show the conversion funnel for last month'], {}),
  stub('revenue_forecast', 'kpis', 'Revenue forecast', ['Forecast revenue for the next 30 days', 'How much revenue should we expect next month?', 'Project daily sales for the next quarter'], {
    horizon_days: z.number().int().min(7).max(90).default(30),
  }),
  stub('demand_forecast', 'kpis', 'Demand forecast', ['Forecast wallet demand for the next 3 months', 'How many bags will we sell next month?', 'Weekly demand forecast by brand'], {
    grain: z.enum(['week', 'month']).default('month'),
    group_by: z.enum(['category', 'brand', 'model']).default('category'),
    brand: z.string().optional(),
    category,
    model: z.string().optional(),
    horizon: z.number().int().min(1).max(12).default(3),
    holdout: z.number().int().min(1).max(12).default(3),
    limit: limitField(5),
  }),
  stub('anomalies', 'kpis', 'Anomalies', ['Were there any unusual sales days last quarter?', 'Which weeks had abnormally low revenue this year?', 'Did anything odd happen to sales recently?'], {
    grain: z.enum(['day', 'week']).default('day'),
    metric: z.enum(['revenue', 'orders', 'units']).default('revenue'),
  }),
  stub('change_drivers', 'kpis', 'Change drivers', ['Why did revenue go up this month?', 'Which brands drove the drop in sales versus last quarter?', 'What explains the change in gross profit compared with last year, by channel?'], {
    metric: z.enum(['revenue', 'orders', 'gross_profit', 'units']).default('revenue'),
    dimension: z.enum(['brand', 'category', 'condition', 'channel', 'region']).default('brand'),
    compare_to: z.enum(['previous_period', 'last_year']).default('previous_period'),
    limit: limitField(10),
  }),
]

export function createStubRegistry(): ToolRegistry {
  return createRegistry(stubTools)
}
