import type { Random } from './random.ts'
import type { SalesChannel } from './rows.ts'

/**
 * Where sales happen and what each channel costs. Whatnot takes a commission plus processing (8–12 %);
 * Instagram DMs, e-mail invoices and the website only pay card processing. Live shows are auctions:
 * the hammer price lands around the asking price and is never discounted.
 */
interface ChannelTerms {
  /** Share of sales outside live shows. */
  offShowWeight: number
  feeRate: readonly [number, number]
  fixedFeeCents: number
  discountChance: number
}

export const channelTerms: Record<SalesChannel, ChannelTerms> = {
  website: { offShowWeight: 35, feeRate: [0.034, 0.045], fixedFeeCents: 30, discountChance: 0.2 },
  instagram: { offShowWeight: 30, feeRate: [0.029, 0.035], fixedFeeCents: 30, discountChance: 0.3 },
  email: { offShowWeight: 20, feeRate: [0.029, 0.032], fixedFeeCents: 30, discountChance: 0.35 },
  whatnot: { offShowWeight: 15, feeRate: [0.08, 0.12], fixedFeeCents: 0, discountChance: 0.1 },
}

export const salesChannels = Object.keys(channelTerms) as SalesChannel[]

export interface Pricing {
  sellPriceCents: number
  discountCents: number
  feesCents: number
}

const roundToFiveDollars = (cents: number) => Math.max(500, Math.round(cents / 500) * 500)

export function priceSale(random: Random, channel: SalesChannel, listPriceCents: number, inLiveShow: boolean): Pricing {
  const terms = channelTerms[channel]
  const sellPriceCents = inLiveShow ? roundToFiveDollars(listPriceCents * random.between(0.85, 1.15)) : listPriceCents
  const discountCents = !inLiveShow && random.chance(terms.discountChance) ? roundToFiveDollars(sellPriceCents * random.between(0.05, 0.15)) : 0
  const revenueCents = sellPriceCents - discountCents
  const feesCents = Math.round(revenueCents * random.between(...terms.feeRate)) + terms.fixedFeeCents
  return { sellPriceCents, discountCents, feesCents }
}
