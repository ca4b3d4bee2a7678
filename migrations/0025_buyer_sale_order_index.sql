-- Issue #18. Sale lines by buyer in the order they were sold, with their day and revenue: repeat_purchases reads a
-- window's lines buyer by buyer in that order from the index alone (the days between a buyer's consecutive orders
-- need no sort of half a million lines, and the table is not read), and new_vs_returning_customers sums a new
-- customer's first period from it. The index on buyer and day (0001) stays: it gives each buyer's lines in day order.
CREATE INDEX idx_sales_buyer_sold_at ON sales (buyer_id, sold_at, id) INCLUDE (date_sold, gross_amount_earned);
