/**
 * Measures computed in TypeScript from figures already aggregated by SQL, with the definitions of
 * src/semantic/measures.ts (ROAS, CPA, rates, change).
 */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

export const ratios = {
  roas: (revenue: number, spend: number): number | null => (spend > 0 ? round(revenue / spend, 2) : null),
  /** Return on investment in percent: what came back beyond the spend, per dollar spent × 100. */
  roi: (returned: number, spend: number): number | null => (spend > 0 ? round((100 * (returned - spend)) / spend, 2) : null),
  cpa: (spend: number, conversions: number): number | null => (conversions > 0 ? round(spend / conversions, 2) : null),
  percent: (part: number, whole: number): number | null => (whole > 0 ? round((100 * part) / whole, 2) : null),
  /** Customer acquisition cost: spend ÷ customers acquired. */
  acquisitionCost: (spend: number, customers: number): number | null => (customers > 0 ? round(spend / customers, 2) : null),
  /** Change on a base period; the base's magnitude keeps the sign meaningful when the base is negative (a loss). */
  changePercent: (value: number, base: number): number | null =>
    base !== 0 ? round((100 * (value - base)) / Math.abs(base), 2) : null,
}
