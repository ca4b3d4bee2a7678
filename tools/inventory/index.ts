import type { AnyTool } from '../../src/tools/define-tool.ts'
import discountEffectiveness from './discount-effectiveness.ts'
import fastSlowMovers from './fast-slow-movers.ts'
import inventoryAging from './inventory-aging.ts'
import sellerSubmissions from './seller-submissions.ts'
import sellThroughByCondition from './sell-through-by-condition.ts'
import stockLevels from './stock-levels.ts'

export const inventoryTools: AnyTool[] = [sellThroughByCondition, inventoryAging, fastSlowMovers, sellerSubmissions, stockLevels, discountEffectiveness]
