import { createRegistry } from '../src/tools/registry.ts'
import type { AnyTool } from '../src/tools/define-tool.ts'
import { customersTools } from './customers/index.ts'
import { inventoryTools } from './inventory/index.ts'
import { kpisTools } from './kpis/index.ts'
import { marketingTools } from './marketing/index.ts'
import { productsTools } from './products/index.ts'
import { salesTools } from './sales/index.ts'
import { showsTools } from './shows/index.ts'

/** The vetted catalog. Adding a tool is one file in its area and one line in that area's list. */
export const catalog: readonly AnyTool[] = [
  ...customersTools,
  ...salesTools,
  ...productsTools,
  ...inventoryTools,
  ...marketingTools,
  ...showsTools,
  ...kpisTools,
]

export function createCatalogRegistry() {
  return createRegistry(catalog)
}
