-- Analytics at scale (a million sales and more): daily rollups of sales, kept exact by triggers, and the indexes
-- the tools' plans need. bench/README-performance.md has the figures before and after.

-- Sales summed per business day and dimension. The tools whose figures are sums over days (revenue, orders,
-- units, profit by day, week, weekday, month or channel) read these instead of a million sales lines; their
-- results are exactly those of the same SQL over sales (tools/rollup-equivalence.test.ts holds them together).
CREATE TABLE sales_daily_rollup (
  date_sold date NOT NULL,
  channel text NOT NULL,
  brand_id uuid NOT NULL,
  category text NOT NULL,
  condition text NOT NULL,
  orders integer NOT NULL,
  units integer NOT NULL,
  revenue numeric(18, 2) NOT NULL,
  gross_profit numeric(18, 2) NOT NULL,
  fees numeric(18, 2) NOT NULL,
  discount numeric(18, 2) NOT NULL,
  days_held_sum bigint NOT NULL,
  days_held_count integer NOT NULL,
  PRIMARY KEY (date_sold, channel, brand_id, category, condition)
);
COMMENT ON TABLE sales_daily_rollup IS 'Derived from sales: one row per business day, channel, brand, category and condition with sales. Maintained by triggers on sales and products; rebuilt by refreshRollups (src/db/rollups.ts) after bulk loads.';
COMMENT ON COLUMN sales_daily_rollup.date_sold IS 'sales.date_sold: the business day.';
COMMENT ON COLUMN sales_daily_rollup.brand_id IS 'products.brand_id of the item sold.';
COMMENT ON COLUMN sales_daily_rollup.category IS 'products.category of the item sold.';
COMMENT ON COLUMN sales_daily_rollup.condition IS 'products.condition of the item sold.';
COMMENT ON COLUMN sales_daily_rollup.orders IS 'count(sales.id): sale lines.';
COMMENT ON COLUMN sales_daily_rollup.units IS 'sum(sales.quantity_sold).';
COMMENT ON COLUMN sales_daily_rollup.revenue IS 'sum(sales.gross_amount_earned).';
COMMENT ON COLUMN sales_daily_rollup.gross_profit IS 'sum(sales.net_profit_loss).';
COMMENT ON COLUMN sales_daily_rollup.fees IS 'sum(sales.fees).';
COMMENT ON COLUMN sales_daily_rollup.discount IS 'sum(sales.discount).';
COMMENT ON COLUMN sales_daily_rollup.days_held_sum IS 'sum(sales.days_held): with days_held_count, the average days to sell.';
COMMENT ON COLUMN sales_daily_rollup.days_held_count IS 'count(sales.days_held): the sales whose days held are known.';

-- The same sums per day and channel only: about 4 rows a day, so a year of weekdays, trend points or KPIs
-- sums some 1,500 rows instead of the 120,000 of the detailed rollup.
CREATE TABLE sales_daily_channel_rollup (
  date_sold date NOT NULL,
  channel text NOT NULL,
  orders integer NOT NULL,
  units integer NOT NULL,
  revenue numeric(18, 2) NOT NULL,
  gross_profit numeric(18, 2) NOT NULL,
  fees numeric(18, 2) NOT NULL,
  discount numeric(18, 2) NOT NULL,
  PRIMARY KEY (date_sold, channel)
);
COMMENT ON TABLE sales_daily_channel_rollup IS 'Derived from sales: sales_daily_rollup summed over brand, category and condition (one row per business day and channel). Maintained with it.';

-- Rows whose sales were all deleted or moved away are removed; these partial indexes find them without a scan.
CREATE INDEX idx_sales_daily_rollup_emptied ON sales_daily_rollup (date_sold) WHERE orders = 0;
CREATE INDEX idx_sales_daily_channel_rollup_emptied ON sales_daily_channel_rollup (date_sold) WHERE orders = 0;

-- Adds the sales of a transition table (sign 1) or takes them away (sign -1). Statement-level, so a batch insert
-- of 20,000 sales costs one grouped upsert, not 20,000. Keys are upserted in order, so concurrent writers
-- lock rollup rows in the same order and cannot deadlock on them.
CREATE FUNCTION luxx_rollups_apply_sales() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO sales_daily_rollup AS r (date_sold, channel, brand_id, category, condition, orders, units, revenue, gross_profit, fees, discount,
                                         days_held_sum, days_held_count)
    SELECT o.date_sold, o.channel, p.brand_id, p.category, p.condition,
           -count(*), -sum(o.quantity_sold), -sum(o.gross_amount_earned), -sum(o.net_profit_loss), -sum(o.fees), -sum(o.discount),
           -coalesce(sum(o.days_held), 0), -count(o.days_held)
    FROM old_sales o JOIN products p ON p.id = o.product_id
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (date_sold, channel, brand_id, category, condition) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue,
          gross_profit = r.gross_profit + excluded.gross_profit, fees = r.fees + excluded.fees, discount = r.discount + excluded.discount,
          days_held_sum = r.days_held_sum + excluded.days_held_sum, days_held_count = r.days_held_count + excluded.days_held_count;
    INSERT INTO sales_daily_channel_rollup AS r (date_sold, channel, orders, units, revenue, gross_profit, fees, discount)
    SELECT o.date_sold, o.channel,
           -count(*), -sum(o.quantity_sold), -sum(o.gross_amount_earned), -sum(o.net_profit_loss), -sum(o.fees), -sum(o.discount)
    FROM old_sales o
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (date_sold, channel) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue,
          gross_profit = r.gross_profit + excluded.gross_profit, fees = r.fees + excluded.fees, discount = r.discount + excluded.discount;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO sales_daily_rollup AS r (date_sold, channel, brand_id, category, condition, orders, units, revenue, gross_profit, fees, discount,
                                         days_held_sum, days_held_count)
    SELECT n.date_sold, n.channel, p.brand_id, p.category, p.condition,
           count(*), sum(n.quantity_sold), sum(n.gross_amount_earned), sum(n.net_profit_loss), sum(n.fees), sum(n.discount),
           coalesce(sum(n.days_held), 0), count(n.days_held)
    FROM new_sales n JOIN products p ON p.id = n.product_id
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (date_sold, channel, brand_id, category, condition) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue,
          gross_profit = r.gross_profit + excluded.gross_profit, fees = r.fees + excluded.fees, discount = r.discount + excluded.discount,
          days_held_sum = r.days_held_sum + excluded.days_held_sum, days_held_count = r.days_held_count + excluded.days_held_count;
    INSERT INTO sales_daily_channel_rollup AS r (date_sold, channel, orders, units, revenue, gross_profit, fees, discount)
    SELECT n.date_sold, n.channel,
           count(*), sum(n.quantity_sold), sum(n.gross_amount_earned), sum(n.net_profit_loss), sum(n.fees), sum(n.discount)
    FROM new_sales n
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (date_sold, channel) DO UPDATE
      SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue,
          gross_profit = r.gross_profit + excluded.gross_profit, fees = r.fees + excluded.fees, discount = r.discount + excluded.discount;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM sales_daily_rollup WHERE orders = 0;
    DELETE FROM sales_daily_channel_rollup WHERE orders = 0;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION luxx_rollups_apply_sales() IS 'Keeps the sales rollups equal to the sums over sales after every insert, update and delete.';

-- A transition table needs a trigger per event.
CREATE TRIGGER sales_rollups_insert AFTER INSERT ON sales
  REFERENCING NEW TABLE AS new_sales FOR EACH STATEMENT EXECUTE FUNCTION luxx_rollups_apply_sales();
CREATE TRIGGER sales_rollups_update AFTER UPDATE ON sales
  REFERENCING OLD TABLE AS old_sales NEW TABLE AS new_sales FOR EACH STATEMENT EXECUTE FUNCTION luxx_rollups_apply_sales();
CREATE TRIGGER sales_rollups_delete AFTER DELETE ON sales
  REFERENCING OLD TABLE AS old_sales FOR EACH STATEMENT EXECUTE FUNCTION luxx_rollups_apply_sales();

-- Truncating sales (a reseed) empties the rollups; row triggers never see a truncate.
CREATE FUNCTION luxx_rollups_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE sales_daily_rollup, sales_daily_channel_rollup;
  RETURN NULL;
END $$;
CREATE TRIGGER sales_rollups_truncate AFTER TRUNCATE ON sales FOR EACH STATEMENT EXECUTE FUNCTION luxx_rollups_clear();

-- A product moved to another brand, category or condition takes its sales with it in the detailed rollup.
CREATE FUNCTION luxx_rollups_apply_products() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sales_daily_rollup AS r (date_sold, channel, brand_id, category, condition, orders, units, revenue, gross_profit, fees, discount,
                                       days_held_sum, days_held_count)
  SELECT s.date_sold, s.channel, moved.brand_id, moved.category, moved.condition,
         moved.sign * count(*), moved.sign * sum(s.quantity_sold), moved.sign * sum(s.gross_amount_earned),
         moved.sign * sum(s.net_profit_loss), moved.sign * sum(s.fees), moved.sign * sum(s.discount),
         moved.sign * coalesce(sum(s.days_held), 0), moved.sign * count(s.days_held)
  FROM (
    SELECT o.id, o.brand_id, o.category, o.condition, -1 AS sign
    FROM old_products o JOIN new_products n ON n.id = o.id
    WHERE (o.brand_id, o.category, o.condition) IS DISTINCT FROM (n.brand_id, n.category, n.condition)
    UNION ALL
    SELECT n.id, n.brand_id, n.category, n.condition, 1
    FROM old_products o JOIN new_products n ON n.id = o.id
    WHERE (o.brand_id, o.category, o.condition) IS DISTINCT FROM (n.brand_id, n.category, n.condition)
  ) AS moved
  JOIN sales s ON s.product_id = moved.id
  GROUP BY 1, 2, 3, 4, 5, moved.sign ORDER BY 1, 2, 3, 4, 5, moved.sign
  ON CONFLICT (date_sold, channel, brand_id, category, condition) DO UPDATE
    SET orders = r.orders + excluded.orders, units = r.units + excluded.units, revenue = r.revenue + excluded.revenue,
        gross_profit = r.gross_profit + excluded.gross_profit, fees = r.fees + excluded.fees, discount = r.discount + excluded.discount,
        days_held_sum = r.days_held_sum + excluded.days_held_sum, days_held_count = r.days_held_count + excluded.days_held_count;
  DELETE FROM sales_daily_rollup WHERE orders = 0;
  RETURN NULL;
END $$;
CREATE TRIGGER products_rollups_update AFTER UPDATE ON products
  REFERENCING OLD TABLE AS old_products NEW TABLE AS new_products FOR EACH STATEMENT EXECUTE FUNCTION luxx_rollups_apply_products();

-- A database migrated with sales already in it starts with rollups that match them.
INSERT INTO sales_daily_rollup (date_sold, channel, brand_id, category, condition, orders, units, revenue, gross_profit, fees, discount,
                                days_held_sum, days_held_count)
SELECT s.date_sold, s.channel, p.brand_id, p.category, p.condition,
       count(*), sum(s.quantity_sold), sum(s.gross_amount_earned), sum(s.net_profit_loss), sum(s.fees), sum(s.discount),
       coalesce(sum(s.days_held), 0), count(s.days_held)
FROM sales s JOIN products p ON p.id = s.product_id
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO sales_daily_channel_rollup (date_sold, channel, orders, units, revenue, gross_profit, fees, discount)
SELECT date_sold, channel, sum(orders), sum(units), sum(revenue), sum(gross_profit), sum(fees), sum(discount)
FROM sales_daily_rollup
GROUP BY 1, 2;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luxx_analytics') THEN
    GRANT SELECT ON sales_daily_rollup, sales_daily_channel_rollup TO luxx_analytics;
  END IF;
END $$;
