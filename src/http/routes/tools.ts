import { Router } from 'express'
import { executeTool } from '../../tools/executor.ts'
import { inputJsonSchema } from '../../tools/registry.ts'
import { outputJsonSchema } from '../../tools/envelope.ts'
import { HttpError } from '../http-error.ts'
import type { RouteDependencies } from './route-dependencies.ts'
import type { ToolsResponse } from '../api-types.ts'
import { actorOf, roleOf } from '../request-role.ts'
import { exportResult } from '../../tools/result-export.ts'
import { requestedRepresentation, sendDownload } from '../download.ts'

export const statusByCode = { unknown_tool: 404, invalid_arguments: 400, forbidden: 403, timeout: 504, query_failed: 500 } as const

/**
 * GET /api/tools lists the vetted tools; POST /api/tools/:name runs one with JSON arguments and answers its envelope
 * as JSON, or its rows as a CSV or XLSX download (Accept: text/csv or the XLSX media type, or ?format=csv|xlsx).
 */
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
    // Asked first: a request for a format no route writes is refused before the tool runs.
    const representation = requestedRepresentation(request)
    const role = roleOf(response)
    const outcome = await executeTool(runtime.registry, request.params.name, request.body ?? {}, runtime.executionContext(role, 'http', actorOf(response)))
    if (!outcome.ok) {
      const status = statusByCode[outcome.error.code]
      throw new HttpError(status, outcome.error.message, outcome.error.code === 'unknown_tool' ? { available: runtime.registry.names() } : undefined)
    }
    if (representation === 'json') {
      response.json(outcome.envelope)
      return
    }
    sendDownload(response, representation, await exportResult(runtime.registry, outcome.envelope, role, representation), outcome.envelope)
  })
  return router
}
