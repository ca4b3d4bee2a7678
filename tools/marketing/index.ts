import type { AnyTool } from '../../src/tools/define-tool.ts'
import campaignPerformance from './campaign-performance.ts'
import campaignRoi from './campaign-roi.ts'
import channelComparison from './channel-comparison.ts'
import marketingAttribution from './marketing-attribution.ts'

export const marketingTools: AnyTool[] = [campaignPerformance, channelComparison, marketingAttribution, campaignRoi]
