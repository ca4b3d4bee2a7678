import type { AnyTool } from '../../src/tools/define-tool.ts'
import anomalies from './anomalies.ts'
import changeDrivers from './change-drivers.ts'
import demandForecast from './demand-forecast.ts'
import revenueForecast from './revenue-forecast.ts'
import kpiSummary from './kpi-summary.ts'
import conversionFunnel from './conversion-funnel.ts'

export const kpisTools: AnyTool[] = [kpiSummary, conversionFunnel, revenueForecast, anomalies, changeDrivers, demandForecast]
