import type { RecommendationRule } from '../rule.ts'
import { agedStockMarkdown } from './aged-stock-markdown.ts'
import { brandPriceTest } from './brand-price-test.ts'
import { brandsToDoubleDown } from './brands-to-double-down.ts'
import { channelBudgetShift } from './channel-budget-shift.ts'
import { churnRetargeting } from './churn-retargeting.ts'
import { conditionPricing } from './condition-pricing.ts'
import { liveShowMix } from './live-show-mix.ts'
import { liveShowSlots } from './live-show-slots.ts'
import { segmentCampaigns } from './segment-campaigns.ts'
import { stockCoverGaps } from './stock-cover-gaps.ts'

/** Every recommendation rule, in one list: adding a rule is one file and one line here. */
export const rules: readonly RecommendationRule[] = [
  liveShowSlots,
  liveShowMix,
  brandsToDoubleDown,
  agedStockMarkdown,
  stockCoverGaps,
  churnRetargeting,
  segmentCampaigns,
  channelBudgetShift,
  conditionPricing,
  brandPriceTest,
]
