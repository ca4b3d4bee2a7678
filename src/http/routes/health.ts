import { Router } from 'express'
import { pingDatabase } from '../../db/database.ts'
import type { RouteDependencies } from './route-dependencies.ts'

/**
 * /healthz: the process is up. /readyz: the database is prepared and answers; 503 when not. Anyone may ask, so the
 * answer says ready or not ready and nothing about the database (its host, port or error): the log has the reason.
 */
export function healthRoutes({ runtime, readiness, logger }: RouteDependencies): Router {
  const router = Router()
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' })
  })
  router.get('/readyz', async (_request, response) => {
    if (!readiness.current().ready) {
      response.status(503).json({ status: 'not ready' })
      return
    }
    try {
      await pingDatabase(runtime.database)
      response.json({ status: 'ready' })
    } catch (error) {
      logger.warn({ err: error }, '/readyz: the database does not answer')
      response.status(503).json({ status: 'not ready' })
    }
  })
  return router
}
