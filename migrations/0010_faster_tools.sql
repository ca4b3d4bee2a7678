-- Faster tools at a million sales (issue #10): summaries per buyer, per product sold, per browsing session, per hour,
-- per show and per brand and day, and the indexes the tools' plans need. Like the rollups of 0009, every summary is
-- kept exact by statement-level triggers and rebuilt by refreshRollups (src/db/rollups.ts) after bulk loads;
-- tools/rollup-equivalence.test.ts holds each one, and each tool reading it, to the SQL over sales (and events).
-- bench/README-performance.md has the figures before and after.

-- Each buyer's sales over all time: sums and the dates of their first, second, second-to-last and last sale lines.
-- Over every sale up to the latest day (the default of customer_lifetime_value, rfm_segments and churn_risk) a
-- buyer's figures are these sums; and a buyer has a sale line on or after a day exactly when their last line is
-- on or after it, two lines when their second-to-last is.
CREATE TABLE buyer_summaries (
  buyer_id uuid PRIMARY KEY,
  orders integer NOT NULL,
  units integer NOT NULL,
  revenue numeric(18, 2) NOT NULL,
  gross_profit numeric(18, 2) NOT NULL,
  first_date date NOT NULL,
  second_date date,
  penultimate_date date,
  last_date date NOT NULL
);
COMMENT ON TABLE buyer_summaries IS 'Derived from sales: one row per buyer (sales.buyer_id) with their sales over all time. Maintained by triggers on sales; rebuilt by refreshRollups (src/db/rollups.ts) after bulk loads.';
COMMENT ON COLUMN buyer_summaries.orders IS 'count(sales.id): the buyer''s sale lines.';
COMMENT ON COLUMN buyer_summaries.units IS 'sum(sales.quantity_sold).';
COMMENT ON COLUMN buyer_summaries.revenue IS 'sum(sales.gross_amount_earned): lifetime spend.';
COMMENT ON COLUMN buyer_summaries.gross_profit IS 'sum(sales.net_profit_loss).';
COMMENT ON COLUMN buyer_summaries.first_date IS 'min(sales.date_sold): the first purchase ever.';
COMMENT ON COLUMN buyer_summaries.second_date IS 'date_sold of the second sale line in date order (the first date again when two lines share it); empty with one line.';
COMMENT ON COLUMN buyer_summaries.penultimate_date IS 'date_sold of the second-to-last sale line in date order; empty with one line.';
COMMENT ON COLUMN buyer_summaries.last_date IS 'max(sales.date_sold): the latest purchase.';

-- How many buyers reach each milestone (first, second, second-to-last and last sale line) on each day: a few
-- thousand rows, so new, active and repeat customers of a period ending on the latest day (or starting before
-- the first) are sums over days rather than distinct counts over half a million sale lines.
CREATE TABLE buyer_milestone_counts (
  milestone text NOT NULL CHECK (milestone IN ('first', 'second', 'penultimate', 'last')),
  date_sold date NOT NULL,
  buyers integer NOT NULL,
  PRIMARY KEY (milestone, date_sold)
);
COMMENT ON TABLE buyer_milestone_counts IS 'Derived from buyer_summaries: the buyers whose first, second, penultimate or last sale line falls on each day. Maintained by triggers on buyer_summaries.';
COMMENT ON COLUMN buyer_milestone_counts.milestone IS 'first, second, penultimate or last: the buyer_summaries date counted.';
COMMENT ON COLUMN buyer_milestone_counts.buyers IS 'Buyers whose milestone date is date_sold.';

-- Sales summed per UTC hour, business day and channel. An hour read in a time zone whose offset is a whole number
-- of hours all through it is one local hour, so sales_by_hour sums these rows instead of every sale line; in a zone
-- with a fractional offset it reads sales.
CREATE TABLE sales_hourly_rollup (
  date_sold date NOT NULL,
  sold_hour timestamptz NOT NULL,
  channel text NOT NULL,
  orders integer NOT NULL,
  units integer NOT NULL,
  revenue numeric(18, 2) NOT NULL,
  PRIMARY KEY (date_sold, sold_hour, channel)
);
COMMENT ON TABLE sales_hourly_rollup IS 'Derived from sales: one row per business day, UTC hour of the sale and channel. Maintained by triggers on sales; rebuilt by refreshRollups.';
COMMENT ON COLUMN sales_hourly_rollup.sold_hour IS 'date_trunc(''hour'', sales.sold_at, ''UTC''): the start of the UTC hour of the sale.';
COMMENT ON COLUMN sales_hourly_rollup.orders IS 'count(sales.id).';
COMMENT ON COLUMN sales_hourly_rollup.units IS 'sum(sales.quantity_sold).';
COMMENT ON COLUMN sales_hourly_rollup.revenue IS 'sum(sales.gross_amount_earned).';

-- Sales summed per live show: show_performance reads a few hundred rows instead of the sales made during shows.
CREATE TABLE sales_show_rollup (
  show_id uuid PRIMARY KEY,
  orders integer NOT NULL,
  units integer NOT NULL,
  revenue numeric(18, 2) NOT NULL
);
COMMENT ON TABLE sales_show_rollup IS 'Derived from sales: one row per live show with sales (sales.show_id). Maintained by triggers on sales; rebuilt by refreshRollups.';
COMMENT ON COLUMN sales_show_rollup.orders IS 'count(sales.id).';
COMMENT ON COLUMN sales_show_rollup.units IS 'sum(sales.quantity_sold).';
COMMENT ON COLUMN sales_show_rollup.revenue IS 'sum(sales.gross_amount_earned).';

-- Sales summed per business day and brand: about 13 rows a day where the detailed rollup of 0009 holds some 170,
-- for the brand breakdowns of change_drivers and top_products. It is the detailed rollup summed over channel,
-- category and condition, and follows it: a trigger on sales_daily_rollup passes on each change.
CREATE TABLE sales_daily_brand_rollup (
  date_sold date NOT NULL,
  brand_id uuid NOT NULL,
  orders integer NOT NULL,
  units integer NOT NULL,
  revenue numeric(18, 2) NOT NULL,
  gross_profit numeric(18, 2) NOT NULL,
  fees numeric(18, 2) NOT NULL,
  discount numeric(18, 2) NOT NULL,
  days_held_sum bigint NOT NULL,
  days_held_count integer NOT NULL,
  PRIMARY KEY (date_sold, brand_id)
);
COMMENT ON TABLE sales_daily_brand_rollup IS 'Derived from sales_daily_rollup: one row per business day and brand with sales, the same sums. Maintained by triggers on sales_daily_rollup; rebuilt by refreshRollups.';
COMMENT ON COLUMN sales_daily_brand_rollup.orders IS 'count(sales.id).';
COMMENT ON COLUMN sales_daily_brand_rollup.units IS 'sum(sales.quantity_sold).';
COMMENT ON COLUMN sales_daily_brand_rollup.revenue IS 'sum(sales.gross_amount_earned).';
COMMENT ON COLUMN sales_daily_brand_rollup.gross_profit IS 'sum(sales.net_profit_loss).';
COMMENT ON COLUMN sales_daily_brand_rollup.fees IS 'sum(sales.fees).';
COMMENT ON COLUMN sales_daily_brand_rollup.discount IS 'sum(sales.discount).';
COMMENT ON COLUMN sales_daily_brand_rollup.days_held_sum IS 'sum(sales.days_held).';
COMMENT ON COLUMN sales_daily_brand_rollup.days_held_count IS 'count(sales.days_held).';

-- How many sale lines each product has. A resale item sells once, so in a window a product's sums are almost always
-- those of its one line: top_products and sku_profitability rank single lines through an index and sum by product
-- only the products sold more than once (the partial index finds those few).
CREATE TABLE product_sale_counts (
  product_id uuid PRIMARY KEY,
  sale_lines integer NOT NULL
);
COMMENT ON TABLE product_sale_counts IS 'Derived from sales: one row per product sold, with its count of sale lines. Maintained by triggers on sales; rebuilt by refreshRollups.';
COMMENT ON COLUMN product_sale_counts.sale_lines IS 'count(sales.id) of the product.';
CREATE INDEX idx_product_sale_counts_repeated ON product_sale_counts (product_id) WHERE sale_lines > 1;

-- Each browsing session's first event and how many events of each funnel step it has: conversion_funnel counts the
-- sessions that began in a window from these rows instead of grouping every storefront event by session.
CREATE TABLE storefront_sessions (
  session_id text PRIMARY KEY,
  first_event_at timestamptz NOT NULL,
  product_viewed integer NOT NULL,
  added_to_cart integer NOT NULL,
  checkout_started integer NOT NULL,
  payment_completed integer NOT NULL
);
COMMENT ON TABLE storefront_sessions IS 'Derived from storefront_events: one row per browsing session. Maintained by triggers on storefront_events; rebuilt by refreshRollups.';
COMMENT ON COLUMN storefront_sessions.first_event_at IS 'min(storefront_events.occurred_at) of the session.';
COMMENT ON COLUMN storefront_sessions.product_viewed IS 'The session''s product_viewed events.';
COMMENT ON COLUMN storefront_sessions.added_to_cart IS 'The session''s added_to_cart events.';
COMMENT ON COLUMN storefront_sessions.checkout_started IS 'The session''s checkout_started events.';
COMMENT ON COLUMN storefront_sessions.payment_completed IS 'The session''s payment_completed events.';
CREATE INDEX idx_storefront_sessions_first_event_at ON storefront_sessions (first_event_at);

-- Sums the given buyers' sales again (after deletes and updates, which can take away a first or last line). A
-- buyer whose row a concurrent insert has just created gets the two merged: they hold different sale lines.
CREATE FUNCTION luxx_buyer_summaries_resum(buyers uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM buyer_summaries WHERE buyer_id = ANY (buyers);
  INSERT INTO buyer_summaries AS b (buyer_id, orders, units, revenue, gross_profit, first_date, second_date, penultimate_date, last_date)
  SELECT s.buyer_id, count(*), sum(s.quantity_sold), sum(s.gross_amount_earned), sum(s.net_profit_loss), min(s.date_sold),
         (array_agg(s.date_sold ORDER BY s.date_sold))[2], (array_agg(s.date_sold ORDER BY s.date_sold DESC))[2], max(s.date_sold)
  FROM sales s
  WHERE s.buyer_id = ANY (buyers)
  GROUP BY s.buyer_id ORDER BY s.buyer_id
  ON CONFLICT (buyer_id) DO UPDATE
    SET orders = b.orders + excluded.orders, units = b.units + excluded.units, revenue = b.revenue + excluded.revenue,
        gross_profit = b.gross_profit + excluded.gross_profit, first_date = least(b.first_date, excluded.first_date),
        second_date = least(greatest(b.first_date, excluded.first_date), least(b.second_date, excluded.second_date)),
        penultimate_date = greatest(least(b.last_date, excluded.last_date), greatest(b.penultimate_date, excluded.penultimate_date)),
        last_date = greatest(b.last_date, excluded.last_date);
END $$;
COMMENT ON FUNCTION luxx_buyer_summaries_resum(uuid[]) IS 'Rebuilds the buyer_summaries rows of the given buyers from sales.';

-- Adds the sales of a transition table to the summaries (sign 1) or takes them away (sign -1), like 0009's
-- rollups: one grouped upsert per statement, keys in order so concurrent writers cannot deadlock.
CREATE FUNCTION luxx_summaries_apply_sales() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO sales_hourly_rollup AS r (date_sold, sold_hour, channel, orders, units, revenue)
    SELECT o.date_sold, date_trunc('hour', o.sold_at, 'UTC'), o.channel, -count(*), -sum(o.quantity_sold), -sum(o.gross_amount_earned)
    FROM old_sales o
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (date_sold, sold_hour, channel) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue;
    INSERT INTO sales_show_rollup AS r (show_id, orders, units, revenue)
    SELECT o.show_id, -count(*), -sum(o.quantity_sold), -sum(o.gross_amount_earned)
    FROM old_sales o
    WHERE o.show_id IS NOT NULL
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (show_id) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue;
    INSERT INTO product_sale_counts AS c (product_id, sale_lines)
    SELECT o.product_id, -count(*)
    FROM old_sales o
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (product_id) DO UPDATE SET sale_lines = c.sale_lines + excluded.sale_lines;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO sales_hourly_rollup AS r (date_sold, sold_hour, channel, orders, units, revenue)
    SELECT n.date_sold, date_trunc('hour', n.sold_at, 'UTC'), n.channel, count(*), sum(n.quantity_sold), sum(n.gross_amount_earned)
    FROM new_sales n
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (date_sold, sold_hour, channel) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue;
    INSERT INTO sales_show_rollup AS r (show_id, orders, units, revenue)
    SELECT n.show_id, count(*), sum(n.quantity_sold), sum(n.gross_amount_earned)
    FROM new_sales n
    WHERE n.show_id IS NOT NULL
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (show_id) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue;
    INSERT INTO product_sale_counts AS c (product_id, sale_lines)
    SELECT n.product_id, count(*)
    FROM new_sales n
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (product_id) DO UPDATE SET sale_lines = c.sale_lines + excluded.sale_lines;
  END IF;
  IF TG_OP = 'INSERT' THEN
    -- New lines merge into each buyer's row: the second line of two date-ordered lists is the lesser of their
    -- greater firsts and their lesser seconds (least and greatest skip empty values), the second-to-last likewise.
    INSERT INTO buyer_summaries AS b (buyer_id, orders, units, revenue, gross_profit, first_date, second_date, penultimate_date, last_date)
    SELECT n.buyer_id, count(*), sum(n.quantity_sold), sum(n.gross_amount_earned), sum(n.net_profit_loss), min(n.date_sold),
           (array_agg(n.date_sold ORDER BY n.date_sold))[2], (array_agg(n.date_sold ORDER BY n.date_sold DESC))[2], max(n.date_sold)
    FROM new_sales n
    WHERE n.buyer_id IS NOT NULL
    GROUP BY n.buyer_id ORDER BY n.buyer_id
    ON CONFLICT (buyer_id) DO UPDATE
      SET orders = b.orders + excluded.orders, units = b.units + excluded.units, revenue = b.revenue + excluded.revenue,
          gross_profit = b.gross_profit + excluded.gross_profit, first_date = least(b.first_date, excluded.first_date),
          second_date = least(greatest(b.first_date, excluded.first_date), least(b.second_date, excluded.second_date)),
          penultimate_date = greatest(least(b.last_date, excluded.last_date), greatest(b.penultimate_date, excluded.penultimate_date)),
          last_date = greatest(b.last_date, excluded.last_date);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM luxx_buyer_summaries_resum(array(SELECT o.buyer_id FROM old_sales o WHERE o.buyer_id IS NOT NULL
                                             UNION SELECT n.buyer_id FROM new_sales n WHERE n.buyer_id IS NOT NULL));
  ELSE
    PERFORM luxx_buyer_summaries_resum(array(SELECT DISTINCT o.buyer_id FROM old_sales o WHERE o.buyer_id IS NOT NULL));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM sales_hourly_rollup WHERE orders = 0;
    DELETE FROM sales_show_rollup WHERE orders = 0;
    DELETE FROM product_sale_counts c USING old_sales o WHERE c.product_id = o.product_id AND c.sale_lines = 0;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION luxx_summaries_apply_sales() IS 'Keeps buyer_summaries, product_sale_counts, sales_hourly_rollup and sales_show_rollup equal to the sums over sales after every insert, update and delete.';

CREATE TRIGGER sales_summaries_insert AFTER INSERT ON sales
  REFERENCING NEW TABLE AS new_sales FOR EACH STATEMENT EXECUTE FUNCTION luxx_summaries_apply_sales();
CREATE TRIGGER sales_summaries_update AFTER UPDATE ON sales
  REFERENCING OLD TABLE AS old_sales NEW TABLE AS new_sales FOR EACH STATEMENT EXECUTE FUNCTION luxx_summaries_apply_sales();
CREATE TRIGGER sales_summaries_delete AFTER DELETE ON sales
  REFERENCING OLD TABLE AS old_sales FOR EACH STATEMENT EXECUTE FUNCTION luxx_summaries_apply_sales();

CREATE FUNCTION luxx_summaries_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- buyer_milestone_counts empties with buyer_summaries, through the truncate trigger of the latter.
  TRUNCATE buyer_summaries, product_sale_counts, sales_hourly_rollup, sales_show_rollup;
  RETURN NULL;
END $$;
CREATE TRIGGER sales_summaries_truncate AFTER TRUNCATE ON sales FOR EACH STATEMENT EXECUTE FUNCTION luxx_summaries_clear();

-- Passes each change of the detailed rollup (new sales, and products moved to another brand) on to the brand rollup:
-- the rows written minus the rows they replaced, summed per day and brand.
CREATE FUNCTION luxx_brand_rollup_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO sales_daily_brand_rollup AS r (date_sold, brand_id, orders, units, revenue, gross_profit, fees, discount, days_held_sum, days_held_count)
    SELECT o.date_sold, o.brand_id, -sum(o.orders), -sum(o.units), -sum(o.revenue), -sum(o.gross_profit), -sum(o.fees), -sum(o.discount),
           -sum(o.days_held_sum), -sum(o.days_held_count)
    FROM old_detailed o
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (date_sold, brand_id) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue,
          gross_profit = r.gross_profit + excluded.gross_profit, fees = r.fees + excluded.fees, discount = r.discount + excluded.discount,
          days_held_sum = r.days_held_sum + excluded.days_held_sum, days_held_count = r.days_held_count + excluded.days_held_count;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO sales_daily_brand_rollup AS r (date_sold, brand_id, orders, units, revenue, gross_profit, fees, discount, days_held_sum, days_held_count)
    SELECT n.date_sold, n.brand_id, sum(n.orders), sum(n.units), sum(n.revenue), sum(n.gross_profit), sum(n.fees), sum(n.discount),
           sum(n.days_held_sum), sum(n.days_held_count)
    FROM new_detailed n
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (date_sold, brand_id) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue,
          gross_profit = r.gross_profit + excluded.gross_profit, fees = r.fees + excluded.fees, discount = r.discount + excluded.discount,
          days_held_sum = r.days_held_sum + excluded.days_held_sum, days_held_count = r.days_held_count + excluded.days_held_count;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM sales_daily_brand_rollup WHERE orders = 0;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION luxx_brand_rollup_apply() IS 'Keeps sales_daily_brand_rollup equal to sales_daily_rollup summed per day and brand.';

CREATE TRIGGER sales_daily_rollup_brand_insert AFTER INSERT ON sales_daily_rollup
  REFERENCING NEW TABLE AS new_detailed FOR EACH STATEMENT EXECUTE FUNCTION luxx_brand_rollup_apply();
CREATE TRIGGER sales_daily_rollup_brand_update AFTER UPDATE ON sales_daily_rollup
  REFERENCING OLD TABLE AS old_detailed NEW TABLE AS new_detailed FOR EACH STATEMENT EXECUTE FUNCTION luxx_brand_rollup_apply();
CREATE TRIGGER sales_daily_rollup_brand_delete AFTER DELETE ON sales_daily_rollup
  REFERENCING OLD TABLE AS old_detailed FOR EACH STATEMENT EXECUTE FUNCTION luxx_brand_rollup_apply();

CREATE FUNCTION luxx_brand_rollup_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE sales_daily_brand_rollup;
  RETURN NULL;
END $$;
CREATE TRIGGER sales_daily_rollup_brand_truncate AFTER TRUNCATE ON sales_daily_rollup
  FOR EACH STATEMENT EXECUTE FUNCTION luxx_brand_rollup_clear();

-- Sums the given sessions' events again: after deletes and updates their first event may have gone. As for buyers,
-- a row a concurrent insert has just created is merged with, since the two hold different events.
CREATE FUNCTION luxx_storefront_sessions_resum(sessions text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM storefront_sessions WHERE session_id = ANY (sessions);
  INSERT INTO storefront_sessions AS t (session_id, first_event_at, product_viewed, added_to_cart, checkout_started, payment_completed)
  SELECT e.session_id, min(e.occurred_at), count(*) FILTER (WHERE e.event_type = 'product_viewed'),
         count(*) FILTER (WHERE e.event_type = 'added_to_cart'), count(*) FILTER (WHERE e.event_type = 'checkout_started'),
         count(*) FILTER (WHERE e.event_type = 'payment_completed')
  FROM storefront_events e
  WHERE e.session_id = ANY (sessions)
  GROUP BY e.session_id ORDER BY e.session_id
  ON CONFLICT (session_id) DO UPDATE
    SET first_event_at = least(t.first_event_at, excluded.first_event_at), product_viewed = t.product_viewed + excluded.product_viewed,
        added_to_cart = t.added_to_cart + excluded.added_to_cart, checkout_started = t.checkout_started + excluded.checkout_started,
        payment_completed = t.payment_completed + excluded.payment_completed;
END $$;
COMMENT ON FUNCTION luxx_storefront_sessions_resum(text[]) IS 'Rebuilds the storefront_sessions rows of the given sessions from storefront_events.';

CREATE FUNCTION luxx_storefront_sessions_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO storefront_sessions AS t (session_id, first_event_at, product_viewed, added_to_cart, checkout_started, payment_completed)
    SELECT n.session_id, min(n.occurred_at), count(*) FILTER (WHERE n.event_type = 'product_viewed'),
           count(*) FILTER (WHERE n.event_type = 'added_to_cart'), count(*) FILTER (WHERE n.event_type = 'checkout_started'),
           count(*) FILTER (WHERE n.event_type = 'payment_completed')
    FROM new_events n
    GROUP BY n.session_id ORDER BY n.session_id
    ON CONFLICT (session_id) DO UPDATE
      SET first_event_at = least(t.first_event_at, excluded.first_event_at), product_viewed = t.product_viewed + excluded.product_viewed,
          added_to_cart = t.added_to_cart + excluded.added_to_cart, checkout_started = t.checkout_started + excluded.checkout_started,
          payment_completed = t.payment_completed + excluded.payment_completed;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM luxx_storefront_sessions_resum(array(SELECT o.session_id FROM old_events o UNION SELECT n.session_id FROM new_events n));
  ELSE
    PERFORM luxx_storefront_sessions_resum(array(SELECT DISTINCT o.session_id FROM old_events o));
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION luxx_storefront_sessions_apply() IS 'Keeps storefront_sessions equal to the counts over storefront_events after every insert, update and delete.';

CREATE TRIGGER storefront_events_sessions_insert AFTER INSERT ON storefront_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION luxx_storefront_sessions_apply();
CREATE TRIGGER storefront_events_sessions_update AFTER UPDATE ON storefront_events
  REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION luxx_storefront_sessions_apply();
CREATE TRIGGER storefront_events_sessions_delete AFTER DELETE ON storefront_events
  REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT EXECUTE FUNCTION luxx_storefront_sessions_apply();

CREATE FUNCTION luxx_storefront_sessions_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE storefront_sessions;
  RETURN NULL;
END $$;
CREATE TRIGGER storefront_events_sessions_truncate AFTER TRUNCATE ON storefront_events
  FOR EACH STATEMENT EXECUTE FUNCTION luxx_storefront_sessions_clear();

-- Buyers leave a milestone day and reach another as their summary changes; a statement-level trigger sees the
-- exact rows replaced even when writers race. Unchanged milestones cancel out, and days left at 0 are removed.
CREATE FUNCTION luxx_buyer_milestones_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO buyer_milestone_counts AS c (milestone, date_sold, buyers)
    SELECT m.milestone, m.date_sold, count(*)
    FROM new_summaries n
    CROSS JOIN LATERAL (VALUES ('first', n.first_date), ('second', n.second_date), ('penultimate', n.penultimate_date), ('last', n.last_date))
      AS m(milestone, date_sold)
    WHERE m.date_sold IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (milestone, date_sold) DO UPDATE SET buyers = c.buyers + excluded.buyers;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO buyer_milestone_counts AS c (milestone, date_sold, buyers)
    SELECT m.milestone, m.date_sold, sum(m.change)
    FROM (
      SELECT o.first_date, o.second_date, o.penultimate_date, o.last_date, -1 AS change FROM old_summaries o
      UNION ALL
      SELECT n.first_date, n.second_date, n.penultimate_date, n.last_date, 1 FROM new_summaries n
    ) AS changed
    CROSS JOIN LATERAL (VALUES ('first', changed.first_date, changed.change), ('second', changed.second_date, changed.change),
                               ('penultimate', changed.penultimate_date, changed.change), ('last', changed.last_date, changed.change))
      AS m(milestone, date_sold, change)
    WHERE m.date_sold IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(m.change) <> 0
    ORDER BY 1, 2
    ON CONFLICT (milestone, date_sold) DO UPDATE SET buyers = c.buyers + excluded.buyers;
    DELETE FROM buyer_milestone_counts WHERE buyers = 0;
  ELSE
    INSERT INTO buyer_milestone_counts AS c (milestone, date_sold, buyers)
    SELECT m.milestone, m.date_sold, -count(*)
    FROM old_summaries o
    CROSS JOIN LATERAL (VALUES ('first', o.first_date), ('second', o.second_date), ('penultimate', o.penultimate_date), ('last', o.last_date))
      AS m(milestone, date_sold)
    WHERE m.date_sold IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (milestone, date_sold) DO UPDATE SET buyers = c.buyers + excluded.buyers;
    DELETE FROM buyer_milestone_counts WHERE buyers = 0;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION luxx_buyer_milestones_apply() IS 'Keeps buyer_milestone_counts equal to the counts over buyer_summaries.';

CREATE TRIGGER buyer_summaries_milestones_insert AFTER INSERT ON buyer_summaries
  REFERENCING NEW TABLE AS new_summaries FOR EACH STATEMENT EXECUTE FUNCTION luxx_buyer_milestones_apply();
CREATE TRIGGER buyer_summaries_milestones_update AFTER UPDATE ON buyer_summaries
  REFERENCING OLD TABLE AS old_summaries NEW TABLE AS new_summaries FOR EACH STATEMENT EXECUTE FUNCTION luxx_buyer_milestones_apply();
CREATE TRIGGER buyer_summaries_milestones_delete AFTER DELETE ON buyer_summaries
  REFERENCING OLD TABLE AS old_summaries FOR EACH STATEMENT EXECUTE FUNCTION luxx_buyer_milestones_apply();

CREATE FUNCTION luxx_buyer_milestones_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE buyer_milestone_counts;
  RETURN NULL;
END $$;
CREATE TRIGGER buyer_summaries_milestones_truncate AFTER TRUNCATE ON buyer_summaries
  FOR EACH STATEMENT EXECUTE FUNCTION luxx_buyer_milestones_clear();

-- The indexes the tools' plans need. Sale lines by revenue and by gross profit give the leading lines of a window
-- without sorting it (the lines read in that order are checked for the window as they come); the unsold stock and
-- the product views are each a small part of their table.
CREATE INDEX idx_sales_revenue ON sales (gross_amount_earned);
CREATE INDEX idx_sales_profit ON sales (net_profit_loss);
CREATE INDEX idx_inventory_in_stock ON inventory (product_id) INCLUDE (quantity, purchase_price, list_price, created_at) WHERE quantity > 0;
CREATE INDEX idx_storefront_events_product_views ON storefront_events (occurred_at) INCLUDE (product_id, session_id)
  WHERE event_type = 'product_viewed';

-- A database migrated with sales already in it starts with summaries that match them.
INSERT INTO buyer_summaries (buyer_id, orders, units, revenue, gross_profit, first_date, second_date, penultimate_date, last_date)
SELECT s.buyer_id, count(*), sum(s.quantity_sold), sum(s.gross_amount_earned), sum(s.net_profit_loss), min(s.date_sold),
       (array_agg(s.date_sold ORDER BY s.date_sold))[2], (array_agg(s.date_sold ORDER BY s.date_sold DESC))[2], max(s.date_sold)
FROM sales s
WHERE s.buyer_id IS NOT NULL
GROUP BY s.buyer_id;
INSERT INTO product_sale_counts (product_id, sale_lines)
SELECT s.product_id, count(*)
FROM sales s
GROUP BY 1;
INSERT INTO storefront_sessions (session_id, first_event_at, product_viewed, added_to_cart, checkout_started, payment_completed)
SELECT e.session_id, min(e.occurred_at), count(*) FILTER (WHERE e.event_type = 'product_viewed'),
       count(*) FILTER (WHERE e.event_type = 'added_to_cart'), count(*) FILTER (WHERE e.event_type = 'checkout_started'),
       count(*) FILTER (WHERE e.event_type = 'payment_completed')
FROM storefront_events e
GROUP BY e.session_id;
INSERT INTO sales_hourly_rollup (date_sold, sold_hour, channel, orders, units, revenue)
SELECT s.date_sold, date_trunc('hour', s.sold_at, 'UTC'), s.channel, count(*), sum(s.quantity_sold), sum(s.gross_amount_earned)
FROM sales s
GROUP BY 1, 2, 3;
INSERT INTO sales_show_rollup (show_id, orders, units, revenue)
SELECT s.show_id, count(*), sum(s.quantity_sold), sum(s.gross_amount_earned)
FROM sales s
WHERE s.show_id IS NOT NULL
GROUP BY 1;
INSERT INTO sales_daily_brand_rollup (date_sold, brand_id, orders, units, revenue, gross_profit, fees, discount, days_held_sum, days_held_count)
SELECT r.date_sold, r.brand_id, sum(r.orders), sum(r.units), sum(r.revenue), sum(r.gross_profit), sum(r.fees), sum(r.discount),
       sum(r.days_held_sum), sum(r.days_held_count)
FROM sales_daily_rollup r
GROUP BY 1, 2;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luxx_analytics') THEN
    GRANT SELECT ON buyer_summaries, buyer_milestone_counts, product_sale_counts, storefront_sessions, sales_hourly_rollup, sales_show_rollup,
      sales_daily_brand_rollup TO luxx_analytics;
  END IF;
END $$;
