import type { Database } from '../db/database.ts'

/**
 * Builds small, hand-checkable datasets for tool tests, independent of the demo generator.
 * Every helper takes only what the test cares about and fills the rest with plain defaults.
 * Money is in dollars; dates are YYYY-MM-DD; times are HH:MM in UTC unless a full timestamp is given.
 */
export interface CustomerFixture {
  name: string
  email?: string
  phone?: string
  city?: string
  region?: string
  country?: string
  contactPreference?: 'instagram' | 'snapchat' | 'email' | 'phone'
  joined?: string
}

export interface ItemFixture {
  brand: string
  name?: string
  category?: 'bag' | 'wallet' | 'backpack' | 'small_leather_goods'
  condition?: 'S' | 'A' | 'B'
  cost: number
  listPrice?: number
  added: string
  notes?: string
}

export interface SaleFixture {
  item: string
  buyer?: string
  price: number
  discount?: number
  fees?: number
  quantity?: number
  date: string
  time?: string
  channel?: 'whatnot' | 'instagram' | 'email' | 'website'
  show?: string
  consignor?: string
}

export interface ShowFixture {
  platform?: 'whatnot' | 'instagram'
  title?: string
  startedAt: string
  durationMinutes: number
  peakViewers?: number
}

export interface CampaignFixture {
  name: string
  channel: 'whatnot' | 'instagram' | 'email'
  start: string
  end: string
  spend: number
  impressions?: number
  clicks: number
  conversions: number
  revenue: number
}

export class Fixture {
  private readonly brands = new Map<string, string>()
  private readonly users = new Map<string, string>()
  private readonly items = new Map<string, { productId: string; cost: number; added: string }>()
  private readonly shows = new Map<string, string>()
  private readonly campaigns = new Map<string, string>()
  private counter = 0

  constructor(private readonly database: Database) {}

  private get sql() {
    return this.database.sql
  }

  private next(prefix: string): string {
    this.counter += 1
    return `${prefix}-${String(this.counter).padStart(4, '0')}`
  }

  async brand(name: string): Promise<string> {
    const existing = this.brands.get(name)
    if (existing) return existing
    const [row] = await this.sql<{ id: string }[]>`insert into brands (name) values (${name}) returning id`
    this.brands.set(name, row!.id)
    return row!.id
  }

  /** A customer (users.user_type = 'buyer'), known to later helpers by name. */
  async customer(customer: CustomerFixture): Promise<string> {
    const username = customer.name.toLowerCase().replace(/\W+/g, '.')
    const [row] = await this.sql<{ id: string }[]>`
      insert into users (username, email, full_name, user_type, phone, city, region, country, contact_preference, created_at)
      values (${username}, ${customer.email ?? `${username}@example.com`}, ${customer.name}, 'buyer',
              ${customer.phone ?? null}, ${customer.city ?? null}, ${customer.region ?? null}, ${customer.country ?? 'US'},
              ${customer.contactPreference ?? null}, ${`${customer.joined ?? '2024-01-01'}T12:00:00Z`})
      returning id`
    this.users.set(customer.name, row!.id)
    return row!.id
  }

  /** A consignor (users.user_type = 'seller'). */
  async consignor(name: string): Promise<string> {
    const username = `consignor.${name.toLowerCase().replace(/\W+/g, '.')}`
    const [row] = await this.sql<{ id: string }[]>`
      insert into users (username, full_name, user_type) values (${username}, ${name}, 'seller') returning id`
    this.users.set(name, row!.id)
    return row!.id
  }

  userId(name: string): string {
    const id = this.users.get(name)
    if (!id) throw new Error(`No fixture user named ${name}`)
    return id
  }

  /** One product with its inventory row, known by `key`. Stock is 1 until a sale of it is recorded. */
  async item(key: string, item: ItemFixture): Promise<string> {
    const brandId = await this.brand(item.brand)
    const [product] = await this.sql<{ id: string }[]>`
      insert into products (item_inventory_number, name, brand_id, category, condition, created_at)
      values (${this.next('SKU')}, ${item.name ?? key}, ${brandId}, ${item.category ?? 'bag'}, ${item.condition ?? 'A'},
              ${`${item.added}T12:00:00Z`})
      returning id`
    await this.sql`
      insert into inventory (product_id, quantity, purchase_price, list_price, notes, created_at)
      values (${product!.id}, 1, ${item.cost}, ${item.listPrice ?? item.cost * 1.5}, ${item.notes ?? null}, ${`${item.added}T12:00:00Z`})`
    this.items.set(key, { productId: product!.id, cost: item.cost, added: item.added })
    return product!.id
  }

  productId(key: string): string {
    const item = this.items.get(key)
    if (!item) throw new Error(`No fixture item named ${key}`)
    return item.productId
  }

  async show(key: string, show: ShowFixture): Promise<string> {
    const [row] = await this.sql<{ id: string }[]>`
      insert into live_shows (platform, title, started_at, duration_minutes, peak_viewers)
      values (${show.platform ?? 'whatnot'}, ${show.title ?? key}, ${show.startedAt}, ${show.durationMinutes}, ${show.peakViewers ?? null})
      returning id`
    this.shows.set(key, row!.id)
    return row!.id
  }

  /**
   * A sale of an item: revenue = price × quantity − discount, profit = revenue − fees − cost × quantity,
   * the same rules as the schema comments. The item's stock drops to 0.
   */
  async sale(sale: SaleFixture): Promise<void> {
    const item = this.items.get(sale.item)
    if (!item) throw new Error(`No fixture item named ${sale.item}`)
    const quantity = sale.quantity ?? 1
    const discount = sale.discount ?? 0
    const fees = sale.fees ?? 0
    const revenue = sale.price * quantity - discount
    const cost = item.cost * quantity
    const profit = revenue - fees - cost
    const percentProfit = cost > 0 ? Math.round((10_000 * profit) / cost) / 100 : null
    const soldAt = `${sale.date}T${sale.time ?? '12:00'}:00Z`
    const daysHeld = Math.round((Date.parse(`${sale.date}T00:00:00Z`) - Date.parse(`${item.added}T00:00:00Z`)) / 86_400_000)
    await this.sql`
      insert into sales (product_id, seller_id, buyer_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss,
                         percent_profit, date_sold, days_held, sold_at, discount, fees, channel, show_id)
      values (${item.productId}, ${sale.consignor ? this.userId(sale.consignor) : null},
              ${sale.buyer ? this.userId(sale.buyer) : null}, ${quantity}, ${sale.price}, ${revenue}, ${profit},
              ${percentProfit}, ${sale.date}, ${daysHeld}, ${soldAt}, ${discount}, ${fees}, ${sale.channel ?? 'whatnot'},
              ${sale.show ? this.showId(sale.show) : null})`
    await this.sql`update inventory set quantity = 0 where product_id = ${item.productId}`
  }

  showId(key: string): string {
    const id = this.shows.get(key)
    if (!id) throw new Error(`No fixture show named ${key}`)
    return id
  }

  async campaign(campaign: CampaignFixture): Promise<string> {
    const [row] = await this.sql<{ id: string }[]>`
      insert into marketing_campaigns (name, channel, start_date, end_date, spend, impressions, clicks, conversions, attributed_revenue)
      values (${campaign.name}, ${campaign.channel}, ${campaign.start}, ${campaign.end}, ${campaign.spend},
              ${campaign.impressions ?? campaign.clicks * 20}, ${campaign.clicks}, ${campaign.conversions}, ${campaign.revenue})
      returning id`
    this.campaigns.set(campaign.name, row!.id)
    return row!.id
  }

  campaignId(name: string): string {
    const id = this.campaigns.get(name)
    if (!id) throw new Error(`No fixture campaign named ${name}`)
    return id
  }

  async touch(customer: string, campaign: string, at: string, type: 'impression' | 'click' | 'open' = 'click'): Promise<void> {
    await this.sql`
      insert into marketing_touches (user_id, campaign_id, touched_at, touch_type)
      values (${this.userId(customer)}, ${this.campaignId(campaign)}, ${at}, ${type})`
  }

  async event(
    sessionId: string,
    type: 'product_viewed' | 'added_to_cart' | 'checkout_started' | 'payment_completed',
    at: string,
    options: { item?: string; customer?: string } = {},
  ): Promise<void> {
    await this.sql`
      insert into storefront_events (session_id, user_id, product_id, event_type, occurred_at)
      values (${sessionId}, ${options.customer ? this.userId(options.customer) : null},
              ${options.item ? this.productId(options.item) : null}, ${type}, ${at})`
  }

  async submission(submission: {
    consignor: string
    brand: string
    category?: 'bag' | 'wallet' | 'backpack' | 'small_leather_goods'
    status: 'submitted' | 'accepted' | 'rejected' | 'listed'
    submitted: string
    decided?: string
    listed?: string
    askingPrice?: number
  }): Promise<void> {
    await this.sql`
      insert into seller_submissions (seller_id, brand_id, category, asking_price, status, submitted_at, decided_at, listed_at)
      values (${this.userId(submission.consignor)}, ${await this.brand(submission.brand)}, ${submission.category ?? 'bag'},
              ${submission.askingPrice ?? null}, ${submission.status}, ${`${submission.submitted}T12:00:00Z`},
              ${submission.decided ? `${submission.decided}T12:00:00Z` : null},
              ${submission.listed ? `${submission.listed}T12:00:00Z` : null})`
  }
}
