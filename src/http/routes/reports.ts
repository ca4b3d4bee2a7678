import { Router } from 'express'
import { renderHtml } from '../../reports/render-html.ts'
import { loadReport, mayOpen } from '../../reports/report-store.ts'
import { authenticate } from '../authenticate.ts'
import { apiKeyRequirement } from '../access.ts'
import type { RouteDependencies } from './route-dependencies.ts'
import { HttpError } from '../http-error.ts'
import { callerOf } from '../request-role.ts'

// The page is self-contained: nothing may load from anywhere, styles are inline, charts are inline SVG.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * GET /reports/:id: a stored report as its HTML page (?format=json for the report data). Guarded like /api: once
 * keys exist every report needs one (a viewer's report too: its figures are the business's), and a caller opens
 * only their own reports, those of the weekly digest, and (admins) everyone's; a loopback server without keys
 * serves its local user.
 */
export function reportRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  const guard = authenticate(runtime, { required: apiKeyRequirement(runtime) })
  router.get('/reports/:id', guard, async (request, response) => {
    const loaded = await loadReport(runtime.database.sql, String(request.params.id))
    if (!loaded.ok) throw new HttpError(loaded.status === 'not_found' ? 404 : 500, loaded.error)
    const { stored } = loaded
    // A report the caller may not open reads as missing, not as forbidden.
    if (!mayOpen(callerOf(response), stored)) throw new HttpError(404, `No report ${stored.id}.`)
    response.setHeader('cache-control', 'private, max-age=300')
    if (request.query.format === 'json') {
      response.json(stored)
      return
    }
    response.setHeader('content-security-policy', contentSecurityPolicy)
    response.type('html').send(await renderHtml(stored.report, { reportId: stored.id }))
  })
  return router
}
