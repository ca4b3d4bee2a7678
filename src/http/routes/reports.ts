import { Router } from 'express'
import { renderHtml } from '../../reports/render-html.ts'
import { loadReport, mayOpen } from '../../reports/report-store.ts'
import { authenticate } from '../authenticate.ts'
import { apiKeyRequirement } from '../access.ts'
import type { RouteDependencies } from './route-dependencies.ts'
import { HttpError } from '../http-error.ts'
import { roleOf } from '../request-role.ts'

// The page is self-contained: nothing may load from anywhere, styles are inline, charts are inline SVG.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * GET /reports/:id: a stored report as its HTML page (?format=json for the report data). Reports built as a
 * viewer (masked personal data) open from an e-mail link as they are; others are guarded like /api: an API key of
 * their role or above once keys exist (a loopback server without keys serves its local analyst).
 */
export function reportRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  const guard = authenticate(runtime, { required: apiKeyRequirement(runtime) })
  router.get('/reports/:id', async (request, response) => {
    const loaded = await loadReport(runtime.database.sql, request.params.id)
    if (!loaded.ok) throw new HttpError(loaded.status === 'not_found' ? 404 : 500, loaded.error)
    const { stored } = loaded
    if (stored.role !== 'viewer') {
      await guard(request, response, () => undefined)
      // A report holding more than the caller may see reads as missing, not as forbidden.
      if (!mayOpen(roleOf(response), stored.role)) throw new HttpError(404, `No report ${stored.id}.`)
    }
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
