-- Summaries that stay exact when two transactions write the same buyer or session at once. In 0010 a recount (after
-- an update or delete of sales) deleted the buyer's row, summed their sales again and merged the sum into any row it
-- then met, taking it for one a concurrent insert had just created with other lines. A concurrent recount of the
-- same buyer creates one too: the second recount's delete waited for the first, skipped the row the first deleted and
-- could not see the one it inserted; its sum, read once the first had committed, held the first's lines already, and
-- the merge counted every line twice (and the milestone counts followed). An insert committed between a recount's
-- delete and its sum was counted twice the same way. Storefront sessions had the same flaw.
-- Now every writer of a buyer's (or session's) row first takes a lock on the buyer (session), held until it commits:
-- a recount starts once the other writers of its buyers have committed, sees their rows and their lines, and
-- replaces the row. src/db/summary-concurrency.test.ts stages the races on a PostgreSQL server.

-- Takes, in order so that two statements locking overlapping keys cannot deadlock on them, the transaction locks of the given keys of a summary
-- (its table's name keeps buyers and sessions apart). Keys share 1,024 locks per summary: one lock per key would
-- let a statement over many buyers (a 20,000-line load, an update of every sale) outgrow the server's lock table
-- (max_locks_per_transaction × connections: about 6,400 locks by default), and two writers of different keys that
-- share a lock only take turns.
CREATE FUNCTION luxx_summaries_lock(summary text, keys text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  bucket integer;
BEGIN
  FOR bucket IN
    SELECT DISTINCT (hashtextextended(k.key, 0) & 1023)::integer FROM unnest(keys) AS k(key) WHERE k.key IS NOT NULL ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(hashtext(summary), bucket);
  END LOOP;
END $$;
COMMENT ON FUNCTION luxx_summaries_lock(text, text[]) IS 'Locks the given keys of a summary (buyer_summaries, storefront_sessions) until the transaction ends.';

-- Sums the given buyers' sales again (after deletes and updates, which can take away a first or last line). Every
-- other writer of these buyers has committed once the lock is held, so the delete removes their row and the sum
-- holds their lines: the sum replaces any row met. (One is met only under REPEATABLE READ, whose snapshot predates
-- the lock; there PostgreSQL refuses the update with a serialization failure rather than lose a line.)
CREATE OR REPLACE FUNCTION luxx_buyer_summaries_resum(buyers uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM luxx_summaries_lock('buyer_summaries', buyers::text[]);
  DELETE FROM buyer_summaries WHERE buyer_id = ANY (buyers);
  INSERT INTO buyer_summaries (buyer_id, orders, units, revenue, gross_profit, first_date, second_date, penultimate_date, last_date)
  SELECT s.buyer_id, count(*), sum(s.quantity_sold), sum(s.gross_amount_earned), sum(s.net_profit_loss), min(s.date_sold),
         (array_agg(s.date_sold ORDER BY s.date_sold))[2], (array_agg(s.date_sold ORDER BY s.date_sold DESC))[2], max(s.date_sold)
  FROM sales s
  WHERE s.buyer_id = ANY (buyers)
  GROUP BY s.buyer_id ORDER BY s.buyer_id
  ON CONFLICT (buyer_id) DO UPDATE
    SET orders = excluded.orders, units = excluded.units, revenue = excluded.revenue, gross_profit = excluded.gross_profit,
        first_date = excluded.first_date, second_date = excluded.second_date, penultimate_date = excluded.penultimate_date,
        last_date = excluded.last_date;
END $$;

-- Unchanged but for the lock before new lines are added to the buyers' rows (0010 has the rest of the design).
CREATE OR REPLACE FUNCTION luxx_summaries_apply_sales() RETURNS trigger
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
    -- The lock makes a recount of the same buyer wait for this insert's commit, and this insert for the recount's.
    PERFORM luxx_summaries_lock('buyer_summaries', array(SELECT n.buyer_id::text FROM new_sales n WHERE n.buyer_id IS NOT NULL));
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

-- Sums the given sessions' events again: after deletes and updates their first event may have gone. Locked like
-- the buyers' recount, it replaces the session's row.
CREATE OR REPLACE FUNCTION luxx_storefront_sessions_resum(sessions text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM luxx_summaries_lock('storefront_sessions', sessions);
  DELETE FROM storefront_sessions WHERE session_id = ANY (sessions);
  INSERT INTO storefront_sessions (session_id, first_event_at, product_viewed, added_to_cart, checkout_started, payment_completed)
  SELECT e.session_id, min(e.occurred_at), count(*) FILTER (WHERE e.event_type = 'product_viewed'),
         count(*) FILTER (WHERE e.event_type = 'added_to_cart'), count(*) FILTER (WHERE e.event_type = 'checkout_started'),
         count(*) FILTER (WHERE e.event_type = 'payment_completed')
  FROM storefront_events e
  WHERE e.session_id = ANY (sessions)
  GROUP BY e.session_id ORDER BY e.session_id
  ON CONFLICT (session_id) DO UPDATE
    SET first_event_at = excluded.first_event_at, product_viewed = excluded.product_viewed, added_to_cart = excluded.added_to_cart,
        checkout_started = excluded.checkout_started, payment_completed = excluded.payment_completed;
END $$;

-- Unchanged but for the lock before new events are added to the sessions' rows.
CREATE OR REPLACE FUNCTION luxx_storefront_sessions_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM luxx_summaries_lock('storefront_sessions', array(SELECT n.session_id FROM new_events n));
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
