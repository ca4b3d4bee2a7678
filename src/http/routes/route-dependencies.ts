import type { Logger } from 'pino'
import type { Runtime } from '../../runtime.ts'
import type { Readiness } from '../readiness.ts'

/**
 * What the route factories receive: the app's dependencies with their defaults filled in. Its own file so that
 * routes take their dependencies as arguments without importing create-app.ts (which imports them).
 */
export interface RouteDependencies {
  runtime: Runtime
  logger: Logger
  readiness: Readiness
}
