import { Router } from 'express'
import { pingDatabase } from '../../db/database.ts'
import type { RouteDependencies } from './route-dependencies.ts'

/** /healthz: the process is up. /readyz: the database is prepared and answers; 503 with the reason when not. */
export function healthRoutes({ runtime, readiness }: RouteDependencies): Router {
  const router = Router()
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' })
  })
  router.get('/readyz', async (_request, response) => {
    const state = readiness.current()
    if (!state.ready) {
      response.status(503).json({ status: 'unavailable', reason: state.reason })
      return
    }
    try {
      await pingDatabase(runtime.database)
      response.json({ status: 'ready', database: runtime.database.engine })
    } catch (error) {
      response.status(503).json({ status: 'unavailable', reason: error instanceof Error ? error.message : String(error) })
    }
  })
  return router
}
