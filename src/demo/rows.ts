import type { Category, Condition } from './catalog-data.ts'
import type { ContactPreference } from './people-data.ts'

/**
 * The rows the generator produces, one interface per business table. Money is in whole cents so the
 * schema's rules (revenue = price − discount, profit = revenue − fees − cost) hold exactly. Timestamps and
 * dates are plain integers, converted by the insert statements: millions of rows then cost no extra strings.
 */
/** Seconds since 1970-01-01T00:00:00Z. */
export type Instant = number
/** Days since 1970-01-01: a calendar date. */
export type Day = number

export type SalesChannel = 'whatnot' | 'instagram' | 'email' | 'website'
export type MarketingChannel = 'whatnot' | 'instagram' | 'email'
export type ShowPlatform = 'whatnot' | 'instagram'

export interface UserRow {
  id: string
  username: string
  email: string
  fullName: string
  userType: 'buyer' | 'seller' | 'admin'
  phone: string | null
  city: string
  region: string
  country: string
  contactPreference: ContactPreference
  createdAt: Instant
}

export interface BrandRow {
  id: string
  name: string
  description: string
  createdAt: Instant
}

export interface ProductRow {
  id: string
  /** Intake sequence number; the insert turns it into the SKU (LX-0000001), which so grows in insertion order. */
  sequence: number
  name: string
  description: string
  brandId: string
  category: Category
  condition: Condition
  createdAt: Instant
  updatedAt: Instant
}

export interface InventoryRow {
  id: string
  productId: string
  quantity: number
  purchasePriceCents: number
  listPriceCents: number
  isListed: boolean
  notes: string | null
  createdAt: Instant
  updatedAt: Instant
}

export interface LiveShowRow {
  id: string
  platform: ShowPlatform
  title: string
  startedAt: Instant
  durationMinutes: number
  peakViewers: number
  createdAt: Instant
}

/** One unit per sale line: every product is a single physical piece. */
export interface SaleRow {
  id: string
  productId: string
  sellerId: string | null
  buyerId: string
  sellPriceCents: number
  discountCents: number
  feesCents: number
  /** inventory.purchase_price of the piece, so the insert can compute profit with the schema's rule. */
  costCents: number
  dateSold: Day
  daysHeld: number
  soldAt: Instant
  channel: SalesChannel
  showId: string | null
  notes: string | null
}

export interface CampaignRow {
  id: string
  name: string
  channel: MarketingChannel
  startDate: Day
  endDate: Day
  spendCents: number
  impressions: number
  clicks: number
  conversions: number
  attributedRevenueCents: number
  createdAt: Instant
}

export interface TouchRow {
  id: string
  userId: string
  campaignId: string
  touchedAt: Instant
  touchType: 'impression' | 'click' | 'open'
}

export type FunnelStep = 'product_viewed' | 'added_to_cart' | 'checkout_started' | 'payment_completed'

export interface StorefrontEventRow {
  id: string
  sessionId: string
  userId: string | null
  productId: string
  eventType: FunnelStep
  occurredAt: Instant
}

export interface SubmissionRow {
  id: string
  sellerId: string
  brandId: string
  category: Category
  askingPriceCents: number
  status: 'submitted' | 'accepted' | 'rejected' | 'listed'
  submittedAt: Instant
  decidedAt: Instant | null
  listedAt: Instant | null
  productId: string | null
}

export interface TableRows {
  users: UserRow
  brands: BrandRow
  live_shows: LiveShowRow
  marketing_campaigns: CampaignRow
  products: ProductRow
  inventory: InventoryRow
  sales: SaleRow
  seller_submissions: SubmissionRow
  marketing_touches: TouchRow
  storefront_events: StorefrontEventRow
}

export type TableName = keyof TableRows

/** Rows of one table, ready for one insert statement. */
export type Batch = { [Table in TableName]: { table: Table; rows: TableRows[Table][] } }[TableName]
