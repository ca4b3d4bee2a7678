import type { AnyTool } from '../../src/tools/define-tool.ts'
import brandPerformance from './brand-performance.ts'
import categoryPerformance from './category-performance.ts'
import hotProducts from './hot-products.ts'
import skuProfitability from './sku-profitability.ts'
import topProducts from './top-products.ts'

export const productsTools: AnyTool[] = [topProducts, skuProfitability, brandPerformance, hotProducts, categoryPerformance]
