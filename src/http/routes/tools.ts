import { Router } from 'express'
import { executeTool } from '../../tools/executor.ts'
import { inputJsonSchema } from '../../tools/registry.ts'
import { outputJsonSchema } from '../../tools/envelope.ts'
import { HttpError } from '../http-error.ts'
import type { RouteDependencies } from './route-dependencies.ts'
import type { ToolsResponse } from '../api-types.ts'
import { actorOf, roleOf } from '../request-role.ts'

const statusByCode = { unknown_tool: 404, invalid_arguments: 400, forbidden: 403, timeout: 504, query_failed: 500 } as const

/** GET /api/tools lists the vetted tools; POST /api/tools/:name runs one with JSON arguments. */
export function toolRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  router.get('/api/tools', (_request, response) => {
    response.json({
      tools: runtime.registry.list().map((tool) => ({
        name: tool.name,
        title: tool.title,
        area: tool.area,
        description: tool.description,
        examples: tool.examples,
        inputSchema: inputJsonSchema(tool),
        outputSchema: outputJsonSchema(tool),
      })),
    } satisfies ToolsResponse)
  })
  router.post('/api/tools/:name', async (request, response) => {
    const outcome = await executeTool(
      runtime.registry,
      request.params.name,
      request.body ?? {},
      runtime.executionContext(roleOf(response), 'http', actorOf(response)),
    )
    if (!outcome.ok) {
      const status = statusByCode[outcome.error.code]
      throw new HttpError(status, outcome.error.message, outcome.error.code === 'unknown_tool' ? { available: runtime.registry.names() } : undefined)
    }
    response.json(outcome.envelope)
  })
  return router
}
