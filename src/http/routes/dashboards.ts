import { Router } from 'express'
import { dashboardListings } from '../../dashboards/tile-filters.ts'
import { businessToday } from '../../semantic/clock.ts'
import { dimensions, valueLabel, type DimensionDeclaration, type DimensionName } from '../../semantic/dimensions.ts'
import { namedPeriods, resolvePeriod } from '../../semantic/periods.ts'
import { valueIndexFor } from '../../tools/value-index.ts'
import type { DashboardsResponse, ValuesResponse } from '../api-types.ts'
import { HttpError } from '../http-error.ts'
import type { RouteDependencies } from './route-dependencies.ts'

/** The dimensions a tool input can filter on: the value lookup offers their values. */
const filterDimensions = (Object.keys(dimensions) as DimensionName[]).filter((name) => (dimensions[name] as DimensionDeclaration).filter)

/**
 * GET /api/dashboards: every dashboard with its tiles (tool, arguments, title, kind) and how each tile's tool takes the
 * filter bar's filters. GET /api/values/:dimension: the values a filter offers, from the value lookup (the fixed lists
 * of the semantic layer, or the data's own values), and the named periods as `period`.
 */
export function dashboardRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  // Dashboards are code: their listing changes only with a restart.
  const listings = dashboardListings(runtime.registry)
  router.get('/api/dashboards', (_request, response) => {
    response.json({ dashboards: listings } satisfies DashboardsResponse)
  })
  router.get('/api/values/:dimension', async (request, response) => {
    const name = request.params.dimension
    if (name === 'period') {
      // The labels read the same on any day: "Last 12 months", "This quarter".
      const today = businessToday(runtime.config.LUXX_TIME_ZONE, runtime.config.LUXX_AS_OF)
      const values = namedPeriods.map((period) => {
        const label = resolvePeriod(period, today, today).label.replace(/^the /, '')
        return { value: period, label: `${label.charAt(0).toUpperCase()}${label.slice(1)}` }
      })
      response.json({ dimension: 'period', label: 'Period', values } satisfies ValuesResponse)
      return
    }
    const dimension = filterDimensions.find((candidate) => candidate === name)
    if (!dimension) throw new HttpError(404, `No filter dimension '${name}'. Available: period, ${filterDimensions.join(', ')}.`)
    const declared: DimensionDeclaration['values'] = dimensions[dimension].values
    const raw = declared === 'data' ? (await valueIndexFor(runtime.database)).values(dimension) : Object.keys(declared)
    response.json({
      dimension,
      label: dimensions[dimension].label,
      values: raw.map((value) => ({ value, label: valueLabel(dimension, value) })),
    } satisfies ValuesResponse)
  })
  return router
}
