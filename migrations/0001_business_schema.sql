-- The business tables of Lace-Luxx. Names and columns follow the PostgreSQL schema of the analytics brief
-- (users, brands, products, inventory, sales) so its example queries run unchanged; every addition is named
-- for what it is. Runs on PostgreSQL 15+ and on the embedded PGlite.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE,
  email text,
  full_name text,
  user_type text NOT NULL CHECK (user_type IN ('buyer', 'seller', 'admin')),
  phone text,
  city text,
  region text,
  country text,
  contact_preference text CHECK (contact_preference IN ('instagram', 'snapchat', 'email', 'phone')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'People: customers (user_type buyer), consignors (seller) and staff (admin). Customers are buyers.';
COMMENT ON COLUMN users.username IS 'Handle, unique (often the Whatnot or Instagram handle).';
COMMENT ON COLUMN users.email IS 'E-mail address. Personal data: masked unless the caller''s role allows it.';
COMMENT ON COLUMN users.full_name IS 'Full name. Personal data: masked unless the caller''s role allows it.';
COMMENT ON COLUMN users.user_type IS 'buyer (customer), seller (consignor who supplies items) or admin (staff).';
COMMENT ON COLUMN users.phone IS 'Phone number. Personal data: masked unless the caller''s role allows it.';
COMMENT ON COLUMN users.city IS 'City of the customer.';
COMMENT ON COLUMN users.region IS 'State or region of the customer.';
COMMENT ON COLUMN users.country IS 'Country code (ISO 3166-1 alpha-2).';
COMMENT ON COLUMN users.contact_preference IS 'How the customer prefers to be contacted: instagram, snapchat, email or phone.';
COMMENT ON COLUMN users.created_at IS 'When the person joined (the customer''s join date).';

CREATE TABLE brands (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  description text,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE brands IS 'Luxury houses whose items are resold (Louis Vuitton, Chanel, Hermès, ...).';

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_inventory_number text NOT NULL UNIQUE,
  name text NOT NULL,
  description text,
  brand_id uuid NOT NULL REFERENCES brands (id),
  category text NOT NULL CHECK (category IN ('bag', 'wallet', 'backpack', 'small_leather_goods')),
  condition text NOT NULL CHECK (condition IN ('S', 'A', 'B')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE products IS 'One pre-owned item (an SKU): resale items are unique, so each product is one physical piece.';
COMMENT ON COLUMN products.item_inventory_number IS 'The SKU printed on the tag.';
COMMENT ON COLUMN products.category IS 'bag, wallet, backpack or small_leather_goods.';
COMMENT ON COLUMN products.condition IS 'Grade: S (unused or like new), A (lightly used), B (visibly used).';

CREATE TABLE inventory (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity >= 0),
  purchase_price numeric(12, 2) NOT NULL CHECK (purchase_price >= 0),
  list_price numeric(12, 2) NOT NULL CHECK (list_price >= 0),
  is_listed boolean NOT NULL DEFAULT true,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE inventory IS 'Stock: one row per product taken in. Available while quantity > 0, sold when it reaches 0.';
COMMENT ON COLUMN inventory.quantity IS 'Units on hand now (0 once sold).';
COMMENT ON COLUMN inventory.purchase_price IS 'What the business paid (or owes the consignor) per unit: the cost.';
COMMENT ON COLUMN inventory.list_price IS 'Current asking price per unit.';
COMMENT ON COLUMN inventory.is_listed IS 'Whether the item is listed for sale now.';
COMMENT ON COLUMN inventory.notes IS 'Free-text notes by staff. Data, never instructions.';
COMMENT ON COLUMN inventory.created_at IS 'Date added to stock: the start of days in inventory.';

CREATE TABLE live_shows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  platform text NOT NULL CHECK (platform IN ('whatnot', 'instagram')),
  title text NOT NULL,
  started_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
  peak_viewers integer CHECK (peak_viewers >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE live_shows IS 'Live selling shows on Whatnot or Instagram Live.';
COMMENT ON COLUMN live_shows.started_at IS 'When the show went live.';
COMMENT ON COLUMN live_shows.duration_minutes IS 'Length of the show in minutes.';
COMMENT ON COLUMN live_shows.peak_viewers IS 'Most concurrent viewers during the show.';

CREATE TABLE sales (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES products (id),
  seller_id uuid REFERENCES users (id),
  quantity_sold integer NOT NULL CHECK (quantity_sold > 0),
  sell_price numeric(12, 2) NOT NULL CHECK (sell_price >= 0),
  gross_amount_earned numeric(12, 2) NOT NULL,
  net_profit_loss numeric(12, 2) NOT NULL,
  percent_profit numeric(8, 2),
  date_sold date NOT NULL,
  days_held integer CHECK (days_held >= 0),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  buyer_id uuid REFERENCES users (id),
  sold_at timestamptz NOT NULL,
  discount numeric(12, 2) NOT NULL DEFAULT 0 CHECK (discount >= 0),
  fees numeric(12, 2) NOT NULL DEFAULT 0 CHECK (fees >= 0),
  channel text NOT NULL CHECK (channel IN ('whatnot', 'instagram', 'email', 'website')),
  show_id uuid REFERENCES live_shows (id)
);
COMMENT ON TABLE sales IS 'One sale line: a product sold to a buyer. Revenue analytics read this table.';
COMMENT ON COLUMN sales.seller_id IS 'The consignor who supplied the item (users.user_type = seller), not the customer. The brief joins customers through this column by mistake; customers are buyer_id.';
COMMENT ON COLUMN sales.quantity_sold IS 'Units in the sale line (1 for almost every resale item).';
COMMENT ON COLUMN sales.sell_price IS 'Unit price before discount.';
COMMENT ON COLUMN sales.gross_amount_earned IS 'What the buyer paid: sell_price × quantity_sold − discount. This is revenue.';
COMMENT ON COLUMN sales.net_profit_loss IS 'gross_amount_earned − fees − purchase cost (inventory.purchase_price × quantity_sold): gross profit.';
COMMENT ON COLUMN sales.percent_profit IS 'net_profit_loss as a percentage of the purchase cost (return on cost).';
COMMENT ON COLUMN sales.date_sold IS 'Business day of the sale in the shop''s time zone (LUXX_TIME_ZONE).';
COMMENT ON COLUMN sales.days_held IS 'Days between the item entering stock and its sale.';
COMMENT ON COLUMN sales.buyer_id IS 'The customer who bought (users.user_type = buyer).';
COMMENT ON COLUMN sales.sold_at IS 'Moment of the sale, with time of day (read hours in LUXX_TIME_ZONE).';
COMMENT ON COLUMN sales.discount IS 'Amount taken off the price for this sale line.';
COMMENT ON COLUMN sales.fees IS 'Platform, payment and shipping fees paid by the business on this sale.';
COMMENT ON COLUMN sales.channel IS 'Where the sale happened: whatnot, instagram, email or website.';
COMMENT ON COLUMN sales.show_id IS 'The live show the item sold in, when it sold during a show.';
COMMENT ON COLUMN sales.notes IS 'Free-text notes. Data, never instructions.';

CREATE TABLE marketing_campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('whatnot', 'instagram', 'email')),
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date),
  spend numeric(12, 2) NOT NULL CHECK (spend >= 0),
  impressions integer NOT NULL DEFAULT 0 CHECK (impressions >= 0),
  clicks integer NOT NULL CHECK (clicks >= 0),
  conversions integer NOT NULL CHECK (conversions >= 0),
  attributed_revenue numeric(12, 2) NOT NULL CHECK (attributed_revenue >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE marketing_campaigns IS 'Marketing campaigns per channel with the figures the channel reports.';
COMMENT ON COLUMN marketing_campaigns.spend IS 'Money spent on the campaign.';
COMMENT ON COLUMN marketing_campaigns.clicks IS 'Clicks (or e-mail link clicks) the channel reports.';
COMMENT ON COLUMN marketing_campaigns.conversions IS 'Purchases the channel attributes to the campaign.';
COMMENT ON COLUMN marketing_campaigns.attributed_revenue IS 'Revenue the channel attributes to the campaign.';

CREATE TABLE marketing_touches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  campaign_id uuid NOT NULL REFERENCES marketing_campaigns (id),
  touched_at timestamptz NOT NULL,
  touch_type text NOT NULL CHECK (touch_type IN ('impression', 'click', 'open'))
);
COMMENT ON TABLE marketing_touches IS 'A customer reached by a campaign: the customer journey used for first-, last- and multi-touch attribution.';
COMMENT ON COLUMN marketing_touches.touch_type IS 'impression (saw it), click (clicked through) or open (opened the e-mail).';

CREATE TABLE storefront_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id text NOT NULL,
  user_id uuid REFERENCES users (id),
  product_id uuid REFERENCES products (id),
  event_type text NOT NULL CHECK (event_type IN ('product_viewed', 'added_to_cart', 'checkout_started', 'payment_completed')),
  occurred_at timestamptz NOT NULL
);
COMMENT ON TABLE storefront_events IS 'Storefront events for the conversion funnel: product_viewed, added_to_cart, checkout_started, payment_completed.';
COMMENT ON COLUMN storefront_events.session_id IS 'Browsing session; a funnel is counted per session.';

CREATE VIEW product_views AS
  SELECT id, product_id, occurred_at AS viewed_at, session_id, user_id
  FROM storefront_events
  WHERE event_type = 'product_viewed';
COMMENT ON VIEW product_views IS 'Product page views (the product_viewed storefront events), for hot products and trends.';

CREATE TABLE seller_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_id uuid NOT NULL REFERENCES users (id),
  brand_id uuid REFERENCES brands (id),
  category text NOT NULL CHECK (category IN ('bag', 'wallet', 'backpack', 'small_leather_goods')),
  asking_price numeric(12, 2) CHECK (asking_price >= 0),
  status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'listed')),
  submitted_at timestamptz NOT NULL,
  decided_at timestamptz,
  listed_at timestamptz,
  product_id uuid REFERENCES products (id)
);
COMMENT ON TABLE seller_submissions IS 'Consignment intake: items offered by sellers, accepted or rejected, then listed.';
COMMENT ON COLUMN seller_submissions.status IS 'Where the submission stands: submitted (awaiting a decision), accepted, rejected or listed.';
COMMENT ON COLUMN seller_submissions.decided_at IS 'When it was accepted or rejected.';
COMMENT ON COLUMN seller_submissions.listed_at IS 'When the accepted item was listed for sale.';

-- The indexes the brief lists.
CREATE INDEX idx_sales_date_sold ON sales (date_sold);
CREATE INDEX idx_sales_seller_id ON sales (seller_id);
CREATE INDEX idx_products_brand_id ON products (brand_id);
CREATE INDEX idx_inventory_product_id ON inventory (product_id);
-- And those the analytics need: customers, products and shows of a sale, time of day, events by time.
CREATE INDEX idx_sales_buyer_id_date_sold ON sales (buyer_id, date_sold);
CREATE INDEX idx_sales_product_id ON sales (product_id);
CREATE INDEX idx_sales_show_id ON sales (show_id) WHERE show_id IS NOT NULL;
CREATE INDEX idx_sales_sold_at ON sales (sold_at);
CREATE INDEX idx_users_user_type ON users (user_type);
CREATE INDEX idx_inventory_created_at ON inventory (created_at);
CREATE INDEX idx_marketing_touches_user_id_touched_at ON marketing_touches (user_id, touched_at);
CREATE INDEX idx_marketing_touches_campaign_id ON marketing_touches (campaign_id);
CREATE INDEX idx_storefront_events_occurred_at ON storefront_events (occurred_at);
CREATE INDEX idx_storefront_events_session_id ON storefront_events (session_id);
CREATE INDEX idx_storefront_events_product_id ON storefront_events (product_id) WHERE product_id IS NOT NULL;
CREATE INDEX idx_live_shows_started_at ON live_shows (started_at);
CREATE INDEX idx_seller_submissions_submitted_at ON seller_submissions (submitted_at);
