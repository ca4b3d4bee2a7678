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
    // The four sums in the window, the period of the same length before it and the same dates a year earlier (the
    // default's comparisons), each a column as the tool reports them.
    tool: 'kpi_summary',
    key: 'kpi',
    text: `
      with periods(period, start_date, end_date) as (
        values ('value', $from::date, $to::date),
               ('previous', $from::date - ($to::date - $from::date + 1)::int, $from::date - 1),
               ('last_year', cast($from::date - interval '1 year' as date), cast($to::date - interval '1 year' as date))
      ),
      figures as (
        select p.period, sum(s.gross_amount_earned)::float8 as revenue, count(s.id)::float8 as orders,
               sum(s.quantity_sold)::float8 as units, sum(s.net_profit_loss)::float8 as gross_profit
        from periods p
        left join sales s on s.date_sold between p.start_date and p.end_date
        group by p.period
      )
      select k.kpi,
             max(k.figure) filter (where f.period = 'value') as value,
             max(k.figure) filter (where f.period = 'previous') as previous,
             max(k.figure) filter (where f.period = 'last_year') as last_year
      from figures f
      cross join lateral (values ('revenue', f.revenue), ('orders', f.orders), ('units', f.units), ('gross_profit', f.gross_profit)) as k(kpi, figure)
      group by k.kpi`,
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
      with lines as (
        select s.buyer_id, s.gross_amount_earned,
               s.date_sold - lag(s.date_sold) over (partition by s.buyer_id order by s.sold_at, s.id) as days
        ${buyerLines}
      ),
      per_buyer as (select buyer_id, count(*) as orders, sum(gross_amount_earned) as revenue from lines group by buyer_id),
      buckets as (
        select least(orders, 5)::int as orders_per_customer, count(*)::int as customers, sum(orders)::int as orders, sum(revenue)::float8 as revenue
        from per_buyer
        group by 1
      ),
      spacing as (
        select percentile_cont(0.5) within group (order by days) as median_days_between_orders, avg(days) as average_days_between_orders
        from lines
        where days is not null
      )
      select b.*, g.median_days_between_orders, g.average_days_between_orders
      from buckets b cross join spacing g`,
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
  {
    // As of the window's end ($to); the window's start is not used. The score rounds half up as the tool's does: floor(x + 0.5),
    // since PostgreSQL's round() of a double rounds halves to even and DuckDB's away from zero.
    tool: 'churn_risk',
    text: `
      with per_buyer as (
        select s.buyer_id, count(*) as orders, sum(s.gross_amount_earned) as lifetime_spend,
               min(s.date_sold) as first_purchase, max(s.date_sold) as last_purchase
        from sales s
        join users u on u.id = s.buyer_id and u.user_type = 'buyer'
        where s.date_sold <= $to::date
        group by s.buyer_id
      ),
      ranked as (
        select b.*, ($to::date - b.last_purchase) as days_since, cume_dist() over (order by b.lifetime_spend) as spend_rank
        from per_buyer b
      ),
      gaps as (
        select buyer_id, date_sold - lag(date_sold) over (partition by buyer_id order by date_sold) as gap_days
        from (select distinct buyer_id, date_sold from sales where date_sold <= $to::date) as purchase_days
      ),
      usual_gaps as (
        select buyer_id, percentile_cont(0.5) within group (order by gap_days) as usual_gap_days
        from gaps
        where gap_days is not null
        group by buyer_id
      ),
      at_risk as (
        select r.*, g.usual_gap_days,
               floor(20 * least(r.days_since / coalesce(g.usual_gap_days, 90), 3) + 40 * r.spend_rank + 0.5) as churn_score,
               r.lifetime_spend * 365 / greatest(365, r.last_purchase - r.first_purchase) as value_at_risk
        from ranked r
        left join usual_gaps g on g.buyer_id = r.buyer_id
        where r.days_since >= 90
      )
      select a.buyer_id::text as customer_id, a.orders::int as orders, a.lifetime_spend::float8 as lifetime_spend,
             a.last_purchase::text as last_purchase_date, a.days_since::int as days_since_last_purchase, a.usual_gap_days::float8 as usual_gap_days,
             a.churn_score::int as churn_score, a.value_at_risk::float8 as value_at_risk,
             (count(*) over ())::int as customers_at_risk, (sum(a.value_at_risk) over ())::float8 as total_value_at_risk
      from at_risk a
      join users u on u.id = a.buyer_id
      order by a.churn_score desc, a.value_at_risk desc, u.full_name, a.buyer_id
      limit 10`,
  },
  {
    // Every buyer who had joined by the window's end; the preference without customers (unknown) has no row here.
    tool: 'contact_preferences',
    key: 'contact_preference',
    text: `
      select coalesce(u.contact_preference, 'unknown') as contact_preference, count(distinct u.id)::int as customers,
             count(distinct s.buyer_id)::int as active_customers, count(s.id)::int as orders,
             coalesce(sum(s.gross_amount_earned), 0)::float8 as revenue,
             (100.0 * count(distinct u.id) / sum(count(distinct u.id)) over ())::float8 as customer_share_percent,
             (100.0 * coalesce(sum(s.gross_amount_earned), 0) / sum(sum(s.gross_amount_earned)) over ())::float8 as revenue_share_percent
      from users u
      left join sales s on s.buyer_id = u.id and s.date_sold between $from::date and $to::date
      where u.user_type = 'buyer' and (u.created_at at time zone $zone)::date <= $to::date
      group by 1`,
  },
  {
    // Months that have not started by the last sale (or today) are left out, as the tool leaves them out.
    tool: 'cohort_retention',
    text: `
      with firsts as (
        select s.buyer_id, min(s.date_sold) as first_purchase
        from sales s
        join users u on u.id = s.buyer_id and u.user_type = 'buyer'
        group by s.buyer_id
      ),
      cohorts as (
        select buyer_id, date_trunc('month', first_purchase)::date as cohort_month
        from firsts
        where first_purchase between $from::date and $to::date
      ),
      sizes as (select cohort_month, count(*) as cohort_size from cohorts group by cohort_month),
      activity as (
        select c.cohort_month,
               ((extract(year from s.date_sold) - extract(year from c.cohort_month)) * 12
                 + extract(month from s.date_sold) - extract(month from c.cohort_month))::int as month_number,
               count(distinct s.buyer_id) as active_customers
        from sales s
        join cohorts c on c.buyer_id = s.buyer_id
        group by 1, 2
      ),
      reach as (select least($as_of::date, max(date_sold)) as last_day from sales),
      grid as (
        select z.cohort_month, z.cohort_size, m.month_number
        from sizes z
        cross join generate_series(0, 12) as m(month_number)
        cross join reach
        where extract(year from z.cohort_month) * 12 + extract(month from z.cohort_month) + m.month_number
              <= extract(year from reach.last_day) * 12 + extract(month from reach.last_day)
      )
      select left(g.cohort_month::text, 7) as cohort_month, g.month_number::int as month_number, g.cohort_size::int as cohort_size,
             coalesce(a.active_customers, 0)::int as active_customers,
             (100.0 * coalesce(a.active_customers, 0) / g.cohort_size)::float8 as retention_percent
      from grid g
      left join activity a on a.cohort_month = g.cohort_month and a.month_number = g.month_number
      order by g.cohort_month, g.month_number`,
  },
  {
    // Quintiles by ntile(5), equal values sharing the lowest quintile of their group; as of the window's end.
    tool: 'rfm_segments',
    key: 'segment_number',
    text: `
      with per_customer as (
        select s.buyer_id, ($to::date - max(s.date_sold)) as recency_days, count(*) as frequency, sum(s.gross_amount_earned) as monetary
        from sales s
        join users u on u.id = s.buyer_id and u.user_type = 'buyer'
        where s.date_sold <= $to::date
        group by s.buyer_id
      ),
      tiles as (
        select c.*, ntile(5) over (order by c.recency_days desc) as r_tile, ntile(5) over (order by c.frequency) as f_tile,
               ntile(5) over (order by c.monetary) as m_tile
        from per_customer c
      ),
      scored as (
        select t.*, min(t.r_tile) over (partition by t.recency_days) as r, min(t.f_tile) over (partition by t.frequency) as f,
               min(t.m_tile) over (partition by t.monetary) as m
        from tiles t
      ),
      segmented as (
        select s.*,
               case
                 when r >= 4 and f >= 4 then 1
                 when r >= 3 and f >= 4 then 2
                 when r <= 2 and f >= 4 and m >= 4 then 6
                 when r <= 2 and f >= 3 then 5
                 when r >= 4 and f = 1 then 4
                 when r >= 3 and f <= 3 then 3
                 else 7
               end as segment_number
        from scored s
      )
      select segment_number, count(*)::int as customers, (100.0 * count(*) / sum(count(*)) over ())::float8 as customers_percent,
             sum(monetary)::float8 as revenue, (100 * sum(monetary) / sum(sum(monetary)) over ())::float8 as revenue_share_percent,
             avg(recency_days)::float8 as average_recency_days, avg(frequency)::float8 as average_frequency,
             avg(monetary)::float8 as average_monetary
      from segmented
      group by segment_number`,
  },
  {
    // A channel without a campaign in the window has no row here. A new customer's first purchase is their earliest
    // sale (sales.date_sold is the business day of sales.sold_at, so it falls on their first purchase day).
    tool: 'channel_comparison',
    key: 'channel',
    text: `
      with campaign_totals as (
        select c.channel, count(*) as campaigns, sum(c.spend) as spend, sum(c.impressions) as impressions, sum(c.clicks) as clicks,
               sum(c.conversions) as conversions, sum(c.attributed_revenue) as attributed_revenue
        from marketing_campaigns c
        where c.start_date <= $to::date and c.end_date >= $from::date
        group by c.channel
      ),
      first_purchases as (
        select s.buyer_id, min(s.date_sold) as first_day, min(s.sold_at) as first_moment
        from sales s
        where s.buyer_id is not null
        group by s.buyer_id
      ),
      first_touches as (
        select f.buyer_id, c.channel, row_number() over (partition by f.buyer_id order by t.touched_at, t.id) as touch_number
        from first_purchases f
        join marketing_touches t on t.user_id = f.buyer_id
          and t.touched_at between f.first_moment - interval '30 days' and f.first_moment
        join marketing_campaigns c on c.id = t.campaign_id
        where f.first_day between $from::date and $to::date
      ),
      acquired as (select channel, count(*) as customers from first_touches where touch_number = 1 group by channel)
      select t.channel, t.campaigns::int as campaigns, t.spend::float8 as spend, t.impressions::int as impressions, t.clicks::int as clicks,
             t.conversions::int as conversions, t.attributed_revenue::float8 as attributed_revenue,
             coalesce(a.customers, 0)::int as acquired_customers,
             (t.attributed_revenue / nullif(t.spend, 0))::float8 as roas,
             (t.spend / nullif(t.conversions, 0))::float8 as cpa,
             (100.0 * t.conversions / nullif(t.clicks, 0))::float8 as conversion_rate_percent,
             (100.0 * t.clicks / nullif(t.impressions, 0))::float8 as ctr_percent,
             (t.spend / nullif(a.customers, 0))::float8 as customer_acquisition_cost,
             (100 * t.spend / sum(t.spend) over ())::float8 as spend_share_percent,
             (100 * t.attributed_revenue / sum(t.attributed_revenue) over ())::float8 as revenue_share_percent
      from campaign_totals t
      left join acquired a on a.channel = t.channel`,
  },
  {
    // The glossary's linear credit splits a sale in whole cents (and conversions in hundredths), the cents left over
    // going to the earliest touches, so each model adds up to the window's revenue: the reference splits the same way.
    tool: 'marketing_attribution',
    key: 'group',
    text: `
      with window_sales as (
        select s.id, s.buyer_id, s.sold_at, round(s.gross_amount_earned * 100)::bigint as cents
        from sales s
        where s.date_sold between $from::date and $to::date
      ),
      touches as (
        select ws.id as sale_id, ws.cents, c.channel,
               row_number() over (partition by ws.id order by t.touched_at, t.id) as touch_number,
               count(*) over (partition by ws.id) as touch_count
        from window_sales ws
        join marketing_touches t on t.user_id = ws.buyer_id
          and t.touched_at between ws.sold_at - interval '30 days' and ws.sold_at
        join marketing_campaigns c on c.id = t.campaign_id
      ),
      credits as (
        select channel as credited, channel,
               case when touch_number = 1 then cents else 0 end as first_cents,
               case when touch_number = touch_count then cents else 0 end as last_cents,
               (cents - cents % touch_count) / touch_count + case when touch_number <= cents % touch_count then 1 else 0 end as linear_cents,
               case when touch_number = 1 then 100 else 0 end as first_hundredths,
               case when touch_number = touch_count then 100 else 0 end as last_hundredths,
               (100 - 100 % touch_count) / touch_count + case when touch_number <= 100 % touch_count then 1 else 0 end as linear_hundredths
        from touches
        union all
        select 'unattributed', null, cents, cents, cents, 100, 100, 100
        from window_sales ws
        where not exists (select 1 from touches t where t.sale_id = ws.id)
      )
      select credited as "group", channel,
             (sum(first_cents) / 100.0)::float8 as first_touch_revenue, (sum(last_cents) / 100.0)::float8 as last_touch_revenue,
             (sum(linear_cents) / 100.0)::float8 as linear_revenue,
             (sum(first_hundredths) / 100.0)::float8 as first_touch_conversions, (sum(last_hundredths) / 100.0)::float8 as last_touch_conversions,
             (sum(linear_hundredths) / 100.0)::float8 as linear_conversions
      from credits
      group by credited, channel`,
  },
  {
    // Sorted by ROAS to the cent as the tool shows it (its ratios are computed in TypeScript, the same definitions).
    tool: 'campaign_performance',
    text: `
      select c.id::text as campaign_id, c.name as campaign, c.channel, c.start_date::text as start_date, c.end_date::text as end_date,
             c.spend::float8 as spend, c.impressions, c.clicks, c.conversions, c.attributed_revenue::float8 as attributed_revenue,
             round(c.attributed_revenue / nullif(c.spend, 0), 2)::float8 as roas,
             (c.spend / nullif(c.conversions, 0))::float8 as cpa,
             (100.0 * c.conversions / nullif(c.clicks, 0))::float8 as conversion_rate_percent,
             (100.0 * c.clicks / nullif(c.impressions, 0))::float8 as ctr_percent
      from marketing_campaigns c
      where c.start_date <= $to::date and c.end_date >= $from::date
      order by roas desc nulls last, c.attributed_revenue desc, c.name
      limit 10`,
  },
  {
    // Last-touch credit (the default), 30-day lookback; sorted by ROI on credited gross profit to the hundredth, as shown.
    tool: 'campaign_roi',
    text: `
      with last_touches as (
        select s.gross_amount_earned, s.net_profit_loss, t.campaign_id,
               row_number() over (partition by s.id order by t.touched_at desc, t.id desc) as touch_rank
        from sales s
        join marketing_touches t on t.user_id = s.buyer_id
          and t.touched_at between s.sold_at - interval '30 days' and s.sold_at
        where s.date_sold between $from::date and $to::date
      ),
      credited as (
        select campaign_id, count(*) as sales, sum(gross_amount_earned) as revenue, sum(net_profit_loss) as gross_profit
        from last_touches
        where touch_rank = 1
        group by campaign_id
      ),
      campaigns as (
        select c.id, c.name, c.channel, c.start_date, c.end_date, c.spend, c.attributed_revenue,
               coalesce(cr.sales, 0) as sales, coalesce(cr.revenue, 0) as revenue, coalesce(cr.gross_profit, 0) as gross_profit
        from marketing_campaigns c
        left join credited cr on cr.campaign_id = c.id
        where c.start_date <= $to::date and c.end_date >= $from::date
      )
      select id::text as campaign_id, name as campaign, channel, start_date::text as start_date, end_date::text as end_date,
             spend::float8 as spend, attributed_revenue::float8 as reported_revenue, sales::float8 as credited_sales,
             revenue::float8 as credited_revenue, gross_profit::float8 as credited_gross_profit,
             round(100 * (gross_profit - spend) / nullif(spend, 0), 2)::float8 as profit_roi_percent,
             (100 * (revenue - spend) / nullif(spend, 0))::float8 as revenue_roi_percent,
             (100 * (attributed_revenue - spend) / nullif(spend, 0))::float8 as reported_roi_percent
      from campaigns
      order by profit_roi_percent desc nulls last, gross_profit desc, name
      limit 10`,
  },
  {
    // The slot's label and weekday name are left out (naming a weekday is written differently on each engine).
    tool: 'show_performance',
    text: `
      with show_sales as (
        select s.show_id, sum(s.gross_amount_earned) as revenue, sum(s.quantity_sold) as units, count(*) as orders
        from sales s
        where s.show_id is not null
        group by s.show_id
      )
      select extract(isodow from (ls.started_at at time zone $zone))::int as weekday_number,
             extract(hour from (ls.started_at at time zone $zone))::int as start_hour,
             count(*)::int as shows, (sum(ls.duration_minutes) / 60.0)::float8 as show_hours,
             coalesce(sum(ss.revenue), 0)::float8 as revenue, coalesce(sum(ss.units), 0)::int as units, coalesce(sum(ss.orders), 0)::int as orders,
             round(coalesce(sum(ss.revenue), 0) / (sum(ls.duration_minutes) / 60.0), 2)::float8 as revenue_per_show_hour,
             avg(ls.peak_viewers)::float8 as average_peak_viewers
      from live_shows ls
      left join show_sales ss on ss.show_id = ls.id
      where (ls.started_at at time zone $zone)::date between $from::date and $to::date
      group by 1, 2
      order by revenue_per_show_hour desc, revenue desc, weekday_number, start_hour
      limit 10`,
  },
  {
    tool: 'seller_submissions',
    key: 'label',
    text: `
      select 'All submissions' as label, count(*)::int as submitted,
             (count(*) filter (where ss.status = 'submitted'))::int as pending,
             (count(*) filter (where ss.status = 'accepted'))::int as accepted,
             (count(*) filter (where ss.status = 'rejected'))::int as rejected,
             (count(*) filter (where ss.status = 'listed'))::int as listed,
             (percentile_cont(0.5) within group (order by (ss.decided_at at time zone $zone)::date - (ss.submitted_at at time zone $zone)::date))::float8
               as median_days_to_decision,
             (100.0 * count(*) filter (where ss.status in ('accepted', 'listed'))
               / nullif(count(*) filter (where ss.status in ('accepted', 'listed', 'rejected')), 0))::float8 as acceptance_rate_percent,
             (100.0 * count(*) filter (where ss.status = 'listed') / nullif(count(*) filter (where ss.status in ('accepted', 'listed')), 0))::float8
               as listing_rate_percent
      from seller_submissions ss
      where (ss.submitted_at at time zone $zone)::date between $from::date and $to::date`,
  },
  {
    tool: 'hot_products',
    text: `
      select p.item_inventory_number as sku, p.name as product, b.name as brand, p.category, p.condition, count(*)::int as views,
             count(distinct v.session_id)::int as unique_sessions, i.list_price::float8 as list_price,
             ((i.created_at at time zone $zone)::date)::text as date_added,
             greatest(0, $as_of::date - (i.created_at at time zone $zone)::date)::int as days_in_stock
      from product_views v
      join inventory i on i.product_id = v.product_id and i.quantity > 0
      join products p on p.id = v.product_id
      join brands b on b.id = p.brand_id
      where (v.viewed_at at time zone $zone)::date between $from::date and $to::date
      group by p.id, p.item_inventory_number, p.name, b.name, p.category, p.condition, i.list_price, i.created_at
      order by views desc, unique_sessions desc, product, sku
      limit 10`,
  },
  {
    // Today's stock by brand (group_by brand), the 20 brands with the most stock at cost, each brand's age buckets.
    tool: 'inventory_aging',
    text: `
      with stock as (
        select b.name as label, greatest(0, $as_of::date - (i.created_at at time zone $zone)::date) as days, i.quantity, i.purchase_price, i.list_price
        from inventory i
        join products p on p.id = i.product_id
        join brands b on b.id = p.brand_id
        where i.quantity > 0
      ),
      buckets as (
        select label, case when days <= 30 then 1 when days <= 90 then 2 when days <= 180 then 3 else 4 end as bucket_order,
               sum(quantity) as items, sum(quantity * purchase_price) as at_cost, sum(quantity * list_price) as at_list, avg(days) as average_days
        from stock
        group by 1, 2
      ),
      brands_ranked as (
        select label, dense_rank() over (order by sum(at_cost) desc, label) as brand_rank from buckets group by label
      )
      select k.label, k.bucket_order, k.items::int as items, k.at_cost::float8 as stock_value_at_cost, k.at_list::float8 as stock_value_at_list,
             k.average_days::float8 as average_days_in_stock,
             case k.bucket_order when 1 then 0 when 2 then 10 when 3 then 20 else 30 end as suggested_markdown_percent,
             (k.at_list * case k.bucket_order when 1 then 0 when 2 then 10 when 3 then 20 else 30 end / 100)::float8 as markdown_amount
      from buckets k
      join brands_ranked r on r.label = k.label
      where r.brand_rank <= 20
      order by r.brand_rank, k.bucket_order`,
  },
  {
    // Sessions whose first event falls in the window, counted at each step they have an event for (any later events count).
    // The conversion percentages are the tool's arithmetic on these counts.
    tool: 'conversion_funnel',
    text: `
      with window_sessions as (
        select session_id
        from storefront_events
        group by session_id
        having (min(occurred_at) at time zone $zone)::date between $from::date and $to::date
      )
      select case e.event_type when 'product_viewed' then 1 when 'added_to_cart' then 2 when 'checkout_started' then 3 else 4 end as step_number,
             e.event_type as step, count(distinct e.session_id)::int as sessions
      from storefront_events e
      join window_sessions w on w.session_id = e.session_id
      group by e.event_type
      order by step_number`,
  },
  {
    // The history the forecast is fitted on: revenue per day sold. The fit, intervals and holdout are the tool's JavaScript
    // on this series; days without a sale (0 in the tool) and forecast days are not compared.
    tool: 'revenue_forecast',
    key: 'date',
    text: `
      select s.date_sold::text as date, 'actual' as kind, sum(s.gross_amount_earned)::float8 as revenue
      from sales s
      where s.date_sold between $from::date and $to::date
      group by s.date_sold`,
  },
  {
    // Daily revenue against the median of the same weekday in the 8 weeks before (days without sales count 0, the series
    // stops at the latest sale), with a band of 3 robust deviations (1.4826 × the median absolute deviation, or 1.2533 ×
    // the mean absolute deviation when that is 0): the days outside it.
    tool: 'anomalies',
    text: `
      with bounds as (
        select greatest($from::date - 56, min(date_sold)) as first_day, least($to::date, max(date_sold)) as last_day from sales
      ),
      days as (
        select $from::date - 56 + n::int as day
        from generate_series(0, $to::date - $from::date + 56) as g(n), bounds b
        where $from::date - 56 + n::int between b.first_day and b.last_day
      ),
      daily as (
        select d.day, coalesce(sum(s.gross_amount_earned), 0)::float8 as actual
        from days d
        left join sales s on s.date_sold = d.day
        group by d.day
      ),
      baseline as (
        select d.day, d.actual, e.actual as earlier
        from daily d
        join daily e on e.day < d.day and e.day >= d.day - 56 and (d.day - e.day) % 7 = 0
        where d.day >= $from::date and d.day - 56 >= (select first_day from bounds)
      ),
      centred as (
        select day, actual, percentile_cont(0.5) within group (order by earlier) as expected from baseline group by day, actual
      ),
      spread as (
        select c.day, c.actual, c.expected,
               case when percentile_cont(0.5) within group (order by abs(b.earlier - c.expected)) > 0
                 then 1.4826 * percentile_cont(0.5) within group (order by abs(b.earlier - c.expected))
                 else 1.2533 * avg(abs(b.earlier - c.expected)) end as deviation_unit
        from centred c
        join baseline b on b.day = c.day
        group by c.day, c.actual, c.expected
      )
      select day::text as date, actual, expected, greatest(0, expected - 3 * deviation_unit) as lower, expected + 3 * deviation_unit as upper,
             case when deviation_unit > 0 then (actual - expected) / deviation_unit end as deviation,
             case when actual > expected then 'high' else 'low' end as direction
      from spread
      where actual > expected + 3 * deviation_unit or actual < expected - 3 * deviation_unit
      order by day`,
  },
  {
    // Revenue by brand in the window and in the equal-length period before it; the 10 brands that moved most, the rest as Other.
    tool: 'change_drivers',
    text: `
      with by_brand as (
        select b.name as member,
               coalesce(sum(s.gross_amount_earned) filter (where s.date_sold >= $from::date), 0) as current_value,
               coalesce(sum(s.gross_amount_earned) filter (where s.date_sold < $from::date), 0) as comparison_value
        from sales s
        join products p on p.id = s.product_id
        join brands b on b.id = p.brand_id
        where s.date_sold between $from::date - ($to::date - $from::date + 1)::int and $to::date
        group by b.name
      ),
      ranked as (
        select member, current_value, comparison_value,
               row_number() over (order by abs(current_value - comparison_value) desc, member) as position
        from by_brand
      ),
      grouped as (
        select case when position <= 10 then member end as member, min(position) as position, count(*) as members,
               sum(comparison_value) as comparison_value, sum(current_value) as current_value,
               sum(current_value) - sum(comparison_value) as change
        from ranked
        group by 1
      )
      select coalesce(member, 'Other') as member, member is null as is_other, members::int as members,
             comparison_value::float8 as comparison_value, current_value::float8 as current_value, change::float8 as change,
             (100 * change / nullif(comparison_value, 0))::float8 as change_percent,
             (100 * change / nullif(sum(change) over (), 0))::float8 as contribution_percent
      from grouped
      order by member is null, position`,
  },
  {
    // Every category's figures in the window and in the equal-length period before it.
    tool: 'category_performance',
    key: 'category',
    text: `
      with lines as (
        select p.category, s.date_sold >= $from::date as in_window, s.quantity_sold, s.gross_amount_earned, s.net_profit_loss
        from sales s
        join products p on p.id = s.product_id
        where s.date_sold between $from::date - ($to::date - $from::date + 1)::int and $to::date
      ),
      by_category as (
        select category,
               sum(quantity_sold) filter (where in_window) as units, count(*) filter (where in_window) as orders,
               sum(gross_amount_earned) filter (where in_window) as revenue, sum(net_profit_loss) filter (where in_window) as gross_profit,
               sum(gross_amount_earned) filter (where not in_window) as previous_revenue,
               sum(quantity_sold) filter (where not in_window) as previous_units
        from lines
        group by category
      )
      select category, units::int as units, orders::int as orders, revenue::float8 as revenue, gross_profit::float8 as gross_profit,
             (100 * gross_profit / revenue)::float8 as margin_percent, (revenue / units)::float8 as average_price,
             previous_revenue::float8 as previous_revenue, previous_units::int as previous_units,
             (100 * revenue / sum(revenue) over ())::float8 as revenue_share_percent,
             (100 * (revenue - previous_revenue) / abs(previous_revenue))::float8 as revenue_change_percent,
             (100.0 * (units - previous_units) / previous_units)::float8 as units_change_percent
      from by_category`,
  },
  {
    // Units in stock now per model (group_by model), the 20 models with the most units.
    tool: 'stock_levels',
    text: `
      select b.name as brand, p.name as model, p.category, sum(i.quantity)::int as in_stock,
             sum(i.quantity * i.purchase_price)::float8 as stock_value_at_cost, sum(i.quantity * i.list_price)::float8 as stock_value_at_list,
             (count(*) over ())::int as groups_matching
      from inventory i
      join products p on p.id = i.product_id
      join brands b on b.id = p.brand_id
      group by b.name, p.name, p.category
      having sum(i.quantity) > 0
      order by in_stock desc, stock_value_at_list desc, brand, model, category
      limit 20`,
  },
  {
    // Units per category and whole calendar month inside the window and the recorded sales: the history the trend is
    // fitted on. The forecast months (the 3 after the last, once there are 6 months of history) are compared by their
    // place only; their figures, intervals and holdout errors are the tool's JavaScript.
    tool: 'demand_forecast',
    text: `
      with last_day as (select least($to::date, max(date_sold)) as day from sales),
      months as (
        select distinct date_trunc('month', s.date_sold)::date as period
        from sales s, last_day l
        where s.date_sold between $from::date and l.day
      ),
      whole_months as (
        select m.period from months m, last_day l where m.period >= $from::date and (m.period + interval '1 month')::date - 1 <= l.day
      ),
      sold as (
        select p.category, date_trunc('month', s.date_sold)::date as period, sum(s.quantity_sold) as units
        from sales s
        join products p on p.id = s.product_id
        where s.date_sold between $from::date and $to::date
        group by 1, 2
      ),
      leaders as (
        select s.category, sum(s.units) as total
        from sold s
        join whole_months m on m.period = s.period
        group by s.category
        order by total desc, s.category
        limit 5
      ),
      history as (
        select l.category, l.total, m.period, 'actual' as kind, coalesce(s.units, 0) as units
        from leaders l
        cross join whole_months m
        left join sold s on s.category = l.category and s.period = m.period
      ),
      ahead as (
        select l.category, l.total, (h.last_period + f.k * interval '1 month')::date as period, 'forecast' as kind, null::bigint as units
        from leaders l
        cross join (select max(period) as last_period, count(*) as periods from whole_months) as h
        cross join (values (1), (2), (3)) as f(k)
        where h.periods >= 6
      )
      select category as "group", period::text as period, kind, units::int as units
      from (select * from history union all select * from ahead) as series
      order by total desc, category, kind, period`,
  },
  {
    // The window's sale lines by discount off the list price (discount ÷ (revenue + discount)), banded on the exact
    // percentage, as the tool does (a line at 9.995% is under 10%).
    tool: 'discount_effectiveness',
    key: 'band',
    text: `
      with lines as (
        select s.gross_amount_earned, s.net_profit_loss, s.discount, s.days_held,
               100 * s.discount / nullif(s.gross_amount_earned + s.discount, 0) as discount_percent
        from sales s
        where s.date_sold between $from::date and $to::date
      )
      select case when discount_percent <= 0 then 'no discount' when discount_percent < 10 then 'under 10%'
                  when discount_percent < 20 then '10–20%' else '20% or more' end as band,
             count(*)::int as items, count(*)::int as items_sold, (count(*) filter (where days_held <= 30))::int as sold_within_30_days,
             sum(gross_amount_earned)::float8 as revenue, sum(net_profit_loss)::float8 as gross_profit,
             (100 * sum(net_profit_loss) / sum(gross_amount_earned))::float8 as margin_percent,
             (100 * sum(discount) / sum(gross_amount_earned + discount))::float8 as average_discount_percent,
             avg(days_held)::float8 as average_days_to_sell,
             (100.0 * count(*) filter (where days_held <= 30) / count(*))::float8 as sold_within_30_days_percent
      from lines
      group by 1`,
  },
]
