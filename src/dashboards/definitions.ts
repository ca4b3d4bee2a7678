import type { DashboardDefinition } from './dashboard-types.ts'

/**
 * The dashboards of the web app (/dashboards), defined once as data: the four of the project's brief (customer
 * analytics, sales timing, product analytics, marketing ROI) and an overview with the stock. Every tile is a vetted
 * tool of the catalog with its arguments; the page applies the filter bar to them and runs them through
 * POST /api/tools/:name, as any caller would. dashboards.test.ts checks every tile's arguments against its tool.
 */

const headlineKpis = ['revenue', 'orders', 'aov', 'gross_profit', 'margin_percent', 'new_customers']

// A forecast learns from the window before today: a short window leaves it nothing to learn from.
const forecastKeepsPeriod = { period: 'a forecast always learns from the last 12 months of sales' }

export const dashboards: readonly DashboardDefinition[] = [
  {
    id: 'overview',
    title: 'Overview',
    description: 'The headline figures, the trend and what is coming, what sells, and the stock: how much, what runs low.',
    tiles: [
      { id: 'kpis', title: 'Headline KPIs', kind: 'kpis', tool: 'kpi_summary', arguments: {}, kpis: headlineKpis, wide: true, question: 'How are we doing?' },
      { id: 'trend', title: 'Revenue by week', kind: 'chart', tool: 'sales_trend', arguments: { grain: 'week' }, wide: true, question: 'How is revenue trending week by week?' },
      { id: 'top-brands', title: 'Top brands by revenue', kind: 'chart', tool: 'top_products', arguments: { group_by: 'brand', limit: 8 }, question: 'Which brands bring the most revenue?' },
      { id: 'forecast', title: 'Revenue forecast, next 30 days', kind: 'chart', tool: 'revenue_forecast', arguments: {}, keeps: forecastKeepsPeriod, question: 'What revenue do you forecast for the next 30 days?' },
      { id: 'stock', title: 'In stock now by category', kind: 'chart', tool: 'stock_levels', arguments: { group_by: 'category' }, question: 'What do we have in stock by category?' },
      {
        id: 'low-stock',
        title: 'Low stock: models with fewer than 2 left',
        kind: 'table',
        tool: 'stock_levels',
        arguments: { group_by: 'model', below: 2, limit: 10 },
        columns: ['brand', 'model', 'category', 'in_stock', 'stock_value_at_list'],
        question: 'Which models have fewer than 2 left in stock?',
      },
      {
        id: 'demand',
        title: 'Demand forecast by category, next 3 months',
        kind: 'chart',
        tool: 'demand_forecast',
        arguments: {},
        keeps: forecastKeepsPeriod,
        question: 'Forecast demand by category for the next 3 months',
      },
      { id: 'anomalies', title: 'Unusual days in revenue', kind: 'chart', tool: 'anomalies', arguments: {}, wide: true, question: 'Were there any unusual days in revenue?' },
    ],
  },
  {
    id: 'customers',
    title: 'Customer analytics',
    description: 'Who buys, how much of the revenue the best customers bring, who comes back and who is drifting away.',
    tiles: [
      {
        id: 'kpis',
        title: 'Customer KPIs',
        kind: 'kpis',
        tool: 'kpi_summary',
        arguments: {},
        kpis: ['new_customers', 'repeat_rate', 'aov', 'revenue'],
        wide: true,
        question: 'How many new customers did we get, and what is our repeat rate?',
      },
      {
        id: 'top-customers',
        title: 'Top customers',
        kind: 'table',
        tool: 'top_customers',
        arguments: { limit: 10 },
        columns: ['rank', 'customer_name', 'orders', 'units', 'total_spend', 'average_order_value', 'share_of_revenue_percent'],
        question: 'Who are our top customers?',
      },
      { id: 'concentration', title: 'Revenue concentration (80/20)', kind: 'chart', tool: 'customer_concentration', arguments: {}, question: 'How concentrated is our revenue among customers?' },
      { id: 'segments', title: 'Customer segments (RFM)', kind: 'chart', tool: 'rfm_segments', arguments: {}, question: 'What are our customer segments?' },
      { id: 'new-returning', title: 'New and returning customers', kind: 'chart', tool: 'new_vs_returning_customers', arguments: {}, question: 'How many new versus returning customers do we have each month?' },
      {
        id: 'churn',
        title: 'Customers at risk of churning',
        kind: 'table',
        tool: 'churn_risk',
        arguments: { limit: 10 },
        columns: ['customer_name', 'orders', 'lifetime_spend', 'last_purchase_date', 'days_since_last_purchase', 'churn_score'],
        question: 'Which customers are at risk of churning?',
      },
    ],
  },
  {
    id: 'sales-timing',
    title: 'Sales timing',
    description: 'When people buy: days of the week, hours of the day, weeks and the seasons.',
    tiles: [
      { id: 'kpis', title: 'Sales KPIs', kind: 'kpis', tool: 'kpi_summary', arguments: {}, kpis: ['revenue', 'orders', 'units', 'aov'], wide: true, question: 'How much did we sell?' },
      { id: 'weekday', title: 'Revenue by day of the week', kind: 'chart', tool: 'sales_by_weekday', arguments: {}, question: 'What are the best days of the week to sell?' },
      { id: 'hour', title: 'Revenue by hour of the day', kind: 'chart', tool: 'sales_by_hour', arguments: {}, question: 'What hours of the day sell best?' },
      { id: 'trend', title: 'Revenue by week', kind: 'chart', tool: 'sales_trend', arguments: { grain: 'week' }, wide: true, question: 'How is revenue trending week by week?' },
      { id: 'seasonality', title: 'Seasonality by month', kind: 'chart', tool: 'seasonality', arguments: {}, question: 'Which months sell best?' },
      { id: 'shows', title: 'Live shows by slot', kind: 'table', tool: 'show_performance', arguments: { limit: 8 }, columns: ['slot', 'shows', 'revenue', 'revenue_per_show_hour', 'average_peak_viewers'], question: 'Which live show slots make the most per hour?' },
    ],
  },
  {
    id: 'products',
    title: 'Product analytics',
    description: 'What sells and what it earns, by product and by brand, and the stock that waits.',
    tiles: [
      {
        id: 'kpis',
        title: 'Product KPIs',
        kind: 'kpis',
        tool: 'kpi_summary',
        arguments: {},
        kpis: ['revenue', 'units', 'gross_profit', 'margin_percent'],
        wide: true,
        question: 'What were our revenue, units and margin?',
      },
      { id: 'top-products', title: 'Top products by revenue', kind: 'chart', tool: 'top_products', arguments: { limit: 10 }, question: 'What are our top selling products?' },
      {
        id: 'brands',
        title: 'Brand performance',
        kind: 'table',
        tool: 'brand_performance',
        arguments: { limit: 10 },
        columns: ['brand', 'units', 'revenue', 'gross_profit', 'margin_percent', 'average_days_to_sell'],
        question: 'How are our brands performing?',
      },
      {
        id: 'profit',
        title: 'Most profitable items',
        kind: 'table',
        tool: 'sku_profitability',
        arguments: { limit: 10 },
        columns: ['product', 'brand', 'condition', 'revenue', 'gross_profit', 'margin_percent'],
        question: 'Which items made the most profit?',
      },
      { id: 'sell-through', title: 'Sell-through by condition', kind: 'chart', tool: 'sell_through_by_condition', arguments: {}, question: 'What is the sell-through rate by condition?' },
      { id: 'categories', title: 'Category performance', kind: 'chart', tool: 'category_performance', arguments: {}, question: 'Which categories perform best?' },
      { id: 'discounts', title: 'Discounts: margin and speed of sale', kind: 'chart', tool: 'discount_effectiveness', arguments: {}, question: 'Do discounts help sell-through?' },
      { id: 'aging', title: 'Stock by age and brand', kind: 'chart', tool: 'inventory_aging', arguments: { group_by: 'brand', limit: 10 }, question: 'Which brands have the oldest stock?' },
    ],
  },
  {
    id: 'marketing',
    title: 'Marketing ROI',
    description: 'What the campaigns and channels cost and bring back, and how visitors become buyers.',
    tiles: [
      { id: 'channels', title: 'Return on ad spend by channel', kind: 'chart', tool: 'channel_comparison', arguments: {}, wide: true, question: 'Which marketing channel has the best return?' },
      {
        id: 'campaigns',
        title: 'Campaigns by return on ad spend',
        kind: 'table',
        tool: 'campaign_performance',
        arguments: { limit: 10 },
        columns: ['campaign', 'channel', 'spend', 'attributed_revenue', 'roas', 'cpa'],
        question: 'Which campaigns had the best return on ad spend?',
      },
      // campaign_roi, if the catalog gains it (#21 item 5: only when campaign_performance does not give ROI), goes here.
      { id: 'attribution', title: 'Revenue by first, last and linear touch', kind: 'chart', tool: 'marketing_attribution', arguments: {}, question: 'How is revenue attributed across channels?' },
      { id: 'funnel', title: 'Conversion funnel', kind: 'chart', tool: 'conversion_funnel', arguments: {}, question: 'What does our conversion funnel look like?' },
    ],
  },
]

/** The dashboard with this id, or undefined. */
export function findDashboard(id: string): DashboardDefinition | undefined {
  return dashboards.find((dashboard) => dashboard.id === id)
}
