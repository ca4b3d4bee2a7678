import { Router, type RequestHandler } from 'express'
import { authenticate } from '../http/authenticate.ts'
import { HttpError } from '../http/http-error.ts'
import { actorOf, keyIdOf, roleOf } from '../http/request-role.ts'
import type { Runtime } from '../runtime.ts'
import { createMcpServer } from './create-mcp-server.ts'
import { hostHeaderValidation, StreamableHTTPServerTransport } from './sdk-http.ts'

export interface McpRouteOptions {
  runtime: Runtime
  /** Hostnames this server answers to (DNS-rebinding protection). */
  allowedHostnames: string[]
  /** Require a bearer API key (the default; off only for local development). */
  requireKey: boolean
  /** The per-key request budget; it runs after authentication, so that it counts per key. */
  rateLimit: RequestHandler
}

/** Browsers send an Origin: only pages served from an allowed host may call /mcp. */
function originCheck(allowedHostnames: string[]): RequestHandler {
  return (request, _response, next) => {
    const origin = request.header('origin')
    if (!origin) return next()
    let hostname: string
    try {
      hostname = new URL(origin).hostname
    } catch {
      throw new HttpError(403, `Invalid Origin header: ${origin}`)
    }
    if (!allowedHostnames.includes(hostname)) throw new HttpError(403, `Origin ${origin} is not allowed to call /mcp.`)
    next()
  }
}

/**
 * MCP over Streamable HTTP at /mcp, stateless: a fresh server and transport per request, so two
 * clients never see each other's responses and any replica can answer.
 */
export function mcpRoutes({ runtime, allowedHostnames, requireKey, rateLimit }: McpRouteOptions): Router {
  const router = Router()
  const guards = [hostHeaderValidation(allowedHostnames), originCheck(allowedHostnames), authenticate(runtime, { required: requireKey }), rateLimit]
  router.post('/mcp', ...guards, async (request, response) => {
    const server = createMcpServer({ runtime, role: roleOf(response), keyId: keyIdOf(response) ?? null, actor: actorOf(response) })
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true })
    response.on('close', () => {
      void transport.close()
      void server.close()
    })
    await server.connect(transport)
    await transport.handleRequest(request, response, request.body)
  })
  router.all('/mcp', ...guards, () => {
    throw new HttpError(405, 'This MCP endpoint is stateless: send JSON-RPC requests with POST.')
  })
  return router
}
