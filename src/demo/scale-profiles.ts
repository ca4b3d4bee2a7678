export const scales = ['small', 'medium', 'large'] as const
export type Scale = (typeof scales)[number]

export interface ScaleProfile {
  /** Sales lines the revenue plan aims at; the generator lands within a few percent. */
  targetSales: number
  customers: number
  consignors: number
  admins: number
  /** Share of website purchases whose browsing sessions are recorded (about 26 storefront events each). */
  trackedPurchaseShare: number
  /** Share of sales preceded by campaign touches (about 2.5 touches each). */
  touchedSaleShare: number
  /** Share of consigned pieces that came in through an online submission (the rest were dropped off). */
  submittedShare: number
  /** Rows per insert statement. */
  batchSize: number
}

export const scaleProfiles: Record<Scale, ScaleProfile> = {
  small: { targetSales: 5_000, customers: 500, consignors: 40, admins: 4, trackedPurchaseShare: 0.5, touchedSaleShare: 0.35, submittedShare: 0.45, batchSize: 5_000 },
  medium: { targetSales: 100_000, customers: 10_000, consignors: 400, admins: 4, trackedPurchaseShare: 0.5, touchedSaleShare: 0.35, submittedShare: 0.45, batchSize: 10_000 },
  // Discounts make the average sale a little cheaper than the average asking price, so the plan lands about
  // 1 % above its target; with this target that clears one million sales for every seed. The side tables are
  // sampled thinly so the load stays within a few minutes (foreign-key checks dominate the database's work).
  large: { targetSales: 1_010_000, customers: 100_000, consignors: 2_000, admins: 4, trackedPurchaseShare: 0.05, touchedSaleShare: 0.06, submittedShare: 0.1, batchSize: 20_000 },
}
