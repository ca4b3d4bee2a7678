/**
 * The plain-SQL reference of issue #18: for a tool's default arguments, the query an analyst would write by hand
 * from the schema (every sale line grouped as the question reads, no rollup, summary or rewrite), written apart from
 * the tool. The bench checks that it returns the tool's figures and times it beside the tool, on PostgreSQL and, as
 * the same text, on DuckDB (bench/columnar.ts).
 *
 * The text is written in the SQL both engines read, with four named parameters bound by each engine: `$from`,
 * `$to` (the window the tool resolved its defaults to), `$as_of` (the tool's today) and `$zone` (the business time
 * zone). Only the columns a reference selects are compared; `key` matches rows by that column instead of by order.
 */
export interface PlainReference {
  tool: string
  key?: string
  text: string
}

export const referenceParameters = ['from', 'to', 'as_of', 'zone'] as const
export type ReferenceParameter = (typeof referenceParameters)[number]

const buyerLines = `
  from sales s
  join users u on u.id = s.buyer_id and u.user_type = 'buyer'
  where s.date_sold between $from::date and $to::date`

export const plainReferences: readonly PlainReference[] = [
  {
    tool: 'sales_by_weekday',
    key: 'weekday_number',
    text: `
      select extract(isodow from s.date_sold)::int as weekday_number, sum(s.quantity_sold)::int as units, count(*)::int as orders,
             sum(s.gross_amount_earned)::float8 as revenue
      from sales s
      where s.date_sold between $from::date and $to::date
      group by 1`,
  },
  {
    tool: 'sales_trend',
    key: 'period_start',
    text: `
      select greatest(date_trunc('week', s.date_sold)::date, $from::date)::text as period_start, sum(s.gross_amount_earned)::float8 as revenue,
             sum(s.quantity_sold)::int as units, count(*)::int as orders, sum(s.net_profit_loss)::float8 as gross_profit
      from sales s
      where s.date_sold between $from::date and $to::date
      group by 1`,
  },
  {
    tool: 'kpi_summary',
    key: 'kpi',
    text: `
      select kpi, value from (
        select sum(s.gross_amount_earned)::float8 as revenue, count(*)::float8 as orders, sum(s.quantity_sold)::float8 as units,
               sum(s.net_profit_loss)::float8 as gross_profit
        from sales s
        where s.date_sold between $from::date and $to::date
      ) as totals
      cross join lateral (values ('revenue', revenue), ('orders', orders), ('units', units), ('gross_profit', gross_profit)) as k(kpi, value)`,
  },
  {
    tool: 'seasonality',
    key: 'month_number',
    text: `
      select extract(month from s.date_sold)::int as month_number, sum(s.gross_amount_earned)::float8 as revenue, sum(s.quantity_sold)::int as units
      from sales s
      where s.date_sold between $from::date and $to::date
      group by 1`,
  },
  {
    tool: 'top_products',
    key: 'sku',
    text: `
      select p.item_inventory_number as sku, p.name as label, b.name as brand, sum(s.gross_amount_earned)::float8 as revenue,
             sum(s.net_profit_loss)::float8 as gross_profit, count(*)::int as orders
      from sales s
      join products p on p.id = s.product_id
      join brands b on b.id = p.brand_id
      where s.date_sold between $from::date and $to::date
      group by p.id, p.item_inventory_number, p.name, b.name
      order by revenue desc, sku
      limit 10`,
  },
  {
    tool: 'top_customers',
    text: `
      select s.buyer_id::text as customer_id, count(*)::int as orders, sum(s.quantity_sold)::int as units,
             sum(s.gross_amount_earned)::float8 as total_spend, max(s.date_sold)::text as last_purchase_date
      ${buyerLines}
      group by s.buyer_id
      order by total_spend desc, orders desc, units desc, s.buyer_id
      limit 10`,
  },
  {
    tool: 'brand_performance',
    text: `
      select b.name as brand, count(distinct p.id)::int as products, count(s.id)::int as sales,
             coalesce(sum(s.quantity_sold), 0)::int as units, coalesce(sum(s.gross_amount_earned), 0)::float8 as revenue,
             coalesce(sum(s.net_profit_loss), 0)::float8 as gross_profit
      from brands b
      join products p on p.brand_id = b.id
      left join sales s on s.product_id = p.id and s.date_sold between $from::date and $to::date
      where (p.created_at at time zone $zone)::date <= $to::date or s.id is not null
      group by b.id, b.name
      order by count(s.id) = 0, gross_profit desc, revenue desc, brand
      limit 10`,
  },
  {
    tool: 'sell_through_by_condition',
    key: 'label',
    text: `
      select p.condition as label, count(distinct p.id)::int as items_added, count(distinct s.product_id)::int as items_sold,
             (count(distinct s.product_id) filter (where s.days_held <= 30))::int as fast_movers,
             (count(distinct p.id) filter (where s.id is null
               and greatest(0, $as_of::date - (i.created_at at time zone $zone)::date) > 180))::int as deadstock
      from inventory i
      join products p on p.id = i.product_id
      left join sales s on s.product_id = p.id
      where (i.created_at at time zone $zone)::date between $from::date and $to::date
      group by 1`,
  },
  {
    tool: 'new_vs_returning_customers',
    key: 'period_start',
    text: `
      with firsts as (select buyer_id, min(date_sold) as first_purchase from sales group by buyer_id),
      lines as (
        select date_trunc('month', s.date_sold)::date as period_start, s.buyer_id, s.gross_amount_earned, f.first_purchase
        from sales s
        join users u on u.id = s.buyer_id and u.user_type = 'buyer'
        join firsts f on f.buyer_id = s.buyer_id
        where s.date_sold between $from::date and $to::date
      )
      select period_start::text as period_start,
             (count(distinct buyer_id) filter (where first_purchase >= greatest(period_start, $from::date)))::int as new_customers,
             (count(distinct buyer_id) filter (where first_purchase < greatest(period_start, $from::date)))::int as returning_customers,
             coalesce(sum(gross_amount_earned) filter (where first_purchase >= greatest(period_start, $from::date)), 0)::float8 as new_customer_revenue
      from lines
      group by period_start`,
  },
  {
    tool: 'repeat_purchases',
    key: 'orders_per_customer',
    text: `
      with per_buyer as (select s.buyer_id, count(*) as orders, sum(s.gross_amount_earned) as revenue ${buyerLines} group by s.buyer_id)
      select least(orders, 5)::int as orders_per_customer, count(*)::int as customers, sum(orders)::int as orders, sum(revenue)::float8 as revenue
      from per_buyer
      group by 1`,
  },
  {
    tool: 'sales_by_hour',
    key: 'hour',
    text: `
      select extract(hour from (s.sold_at at time zone $zone))::int as hour, sum(s.quantity_sold)::int as units, count(*)::int as orders,
             sum(s.gross_amount_earned)::float8 as revenue
      from sales s
      where s.date_sold between $from::date and $to::date
      group by 1`,
  },
  {
    tool: 'sku_profitability',
    key: 'sku',
    text: `
      select p.item_inventory_number as sku, s.gross_amount_earned::float8 as revenue, s.net_profit_loss::float8 as gross_profit
      from sales s
      join products p on p.id = s.product_id
      where s.date_sold between $from::date and $to::date
      order by s.net_profit_loss desc, sku
      limit 10`,
  },
  {
    tool: 'customers_by_location',
    key: 'location',
    text: `
      select u.city || ', ' || u.region || ', ' || u.country as location, count(distinct s.buyer_id)::int as customers, count(*)::int as orders,
             sum(s.gross_amount_earned)::float8 as revenue
      ${buyerLines}
      group by 1
      order by revenue desc
      limit 10`,
  },
  {
    tool: 'customer_lifetime_value',
    key: 'customer_id',
    text: `
      select s.buyer_id::text as customer_id, count(*)::int as orders, sum(s.gross_amount_earned)::float8 as revenue,
             sum(s.net_profit_loss)::float8 as historical_clv, min(s.date_sold)::text as first_purchase_date
      ${buyerLines}
      group by s.buyer_id
      order by historical_clv desc, s.buyer_id
      limit 10`,
  },
  {
    tool: 'fast_slow_movers',
    text: `
      with items as (
        select p.item_inventory_number as sku, case when s.id is null then 'in stock' else 'sold' end as status,
               case when s.id is null then greatest(0, $as_of::date - (i.created_at at time zone $zone)::date)::int else s.days_held end as days,
               coalesce(s.gross_amount_earned, i.list_price)::float8 as price
        from inventory i
        join products p on p.id = i.product_id
        left join sales s on s.product_id = p.id
        where (s.id is null and i.quantity > 0) or (s.id is not null and s.date_sold between $from::date and $to::date)
      )
      select sku, status, days, price, (count(*) over ())::int as total_matching,
             (count(*) filter (where status = 'in stock') over ())::int as total_in_stock
      from items
      where status = 'sold' and days <= 30
      order by days asc, price desc, sku
      limit 10`,
  },
  {
    // The totals every row repeats, checked on the first decile's row.
    tool: 'customer_concentration',
    key: 'decile',
    text: `
      select 1 as decile, count(distinct s.buyer_id)::int as total_customers, sum(s.gross_amount_earned)::float8 as total_revenue
      ${buyerLines}`,
  },
]
