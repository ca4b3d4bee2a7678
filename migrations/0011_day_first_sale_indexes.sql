-- Sale lines by revenue and by gross profit, keyed by day first. tools/leading-product-lines.ts takes a window's
-- leading lines a day at a time from them without sorting the window. Keyed by day, they grow at their end as sales
-- arrive, so writing them costs little; the global indexes of 0010 took about 0.9 s of every 20,000-sale load batch
-- at a million sales, spread over the whole tree.
DROP INDEX IF EXISTS idx_sales_revenue;
DROP INDEX IF EXISTS idx_sales_profit;
CREATE INDEX idx_sales_day_revenue ON sales (date_sold, gross_amount_earned);
CREATE INDEX idx_sales_day_profit ON sales (date_sold, net_profit_loss);
