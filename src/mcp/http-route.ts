import { randomUUID } from 'node:crypto'
import { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express'
import type { Logger } from 'pino'
import { authenticate } from '../http/authenticate.ts'
import { HttpError } from '../http/http-error.ts'
import { actorOf, keyIdOf, roleOf } from '../http/request-role.ts'
import type { Runtime } from '../runtime.ts'
import { createMcpServer } from './create-mcp-server.ts'
import { hostHeaderValidation, isInitializeRequest, StreamableHTTPServerTransport } from './sdk-http.ts'

export interface McpRouteOptions {
  runtime: Runtime
  /** Hostnames this server answers to (DNS-rebinding protection). */
  allowedHostnames: string[]
  /** Require a bearer API key (the default; off only for local development). */
  requireKey: boolean
  /** The per-key budget of a request that does work (the rate limit, then a running slot); after authentication. */
  budget: RequestHandler
  /**
   * The rate limit alone, for a session's standing GET event stream and its DELETE. The stream lasts as long as the
   * session and only waits for notifications: holding one of the key's few running slots, a client's third open
   * session would leave its key no slot for any call, and every request of that key would wait forever.
   */
  rateLimit: RequestHandler
}

const metadataPath = '/.well-known/oauth-protected-resource'

/** This server's origin as the client reached it: the public URL when one is set (a proxy may end TLS), else the request's. */
function originOf(request: Request, publicUrl: string | undefined): string {
  return publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.header('host') ?? 'localhost'}`
}

/**
 * Browsers send an Origin: only this server's own pages (same scheme, host and port), the public URL's origin and
 * the origins of LUXX_CORS_ORIGINS may call /mcp. `http://localhost:9999` is not `http://localhost:3000`.
 */
function originCheck(publicUrl: string | undefined, allowedOrigins: readonly string[]): RequestHandler {
  return (request, _response, next) => {
    const origin = request.header('origin')
    if (!origin) return next()
    let parsed: URL
    try {
      parsed = new URL(origin)
    } catch {
      throw new HttpError(403, `Invalid Origin header: ${origin}`)
    }
    const own = `${request.protocol}://${request.header('host') ?? ''}`
    if (parsed.origin === own || parsed.origin === originOf(request, publicUrl) || allowedOrigins.includes(parsed.origin)) return next()
    throw new HttpError(403, `Origin ${origin} is not allowed to call /mcp (scheme, host and port must match this server or LUXX_CORS_ORIGINS).`)
  }
}

/**
 * JSON-RPC error codes for what the HTTP layer refuses: a body that is not JSON is a parse error, a server fault an
 * internal error, anything else the caller must fix (authentication, origin, rate, method) a server-defined error
 * carrying the HTTP status.
 */
function jsonRpcCode(status: number, parseFailed: boolean): number {
  if (parseFailed) return -32700
  if (status >= 500) return -32603
  return -32000
}

/**
 * Every error under /mcp as a JSON-RPC error body, whatever raised it (authentication, the rate limit, the body
 * parser, an unknown session); a 401 names the protected-resource metadata, as MCP's authorization spec asks.
 */
export function mcpErrorHandler(publicUrl: string | undefined, logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) return next(error)
    const parserError = error as { type?: string; status?: number; expose?: boolean; message?: string }
    const parseFailed = parserError.type === 'entity.parse.failed'
    const status = error instanceof HttpError ? error.status : parseFailed ? 400 : parserError.expose && parserError.status ? parserError.status : 500
    const message = error instanceof HttpError || parserError.expose ? (parserError.message ?? 'Bad request.') : 'Internal error; the request id identifies it in the server log.'
    if (status === 401) {
      const metadata = `${originOf(request, publicUrl)}${metadataPath}/mcp`
      const invalid = request.header('authorization') ? ', error="invalid_token"' : ''
      response.setHeader('www-authenticate', `Bearer resource_metadata="${metadata}"${invalid}`)
    }
    const requestId = String(response.getHeader('x-request-id') ?? '')
    if (status >= 500) logger.error({ err: error, requestId, path: request.path }, 'MCP request failed')
    response.status(status).json({ jsonrpc: '2.0', error: { code: jsonRpcCode(status, parseFailed), message, data: { status, requestId } }, id: null })
  }
}

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for /mcp: the resource takes bearer tokens in the Authorization
 * header. The tokens are this server's API keys (`luxx-analyst keys create`); no authorization server issues them
 * yet, so none is listed and a client is configured with its key.
 */
function protectedResourceMetadata(publicUrl: string | undefined): RequestHandler {
  return (request, response) => {
    const origin = originOf(request, publicUrl)
    response.json({
      resource: `${origin}/mcp`,
      resource_name: 'luxx-analyst',
      authorization_servers: [],
      bearer_methods_supported: ['header'],
    })
  }
}

interface Session {
  transport: StreamableHTTPServerTransport
  /** Who opened it: another key may not use its id. */
  owner: string
}

/**
 * MCP over Streamable HTTP at /mcp. By default with sessions: `initialize` opens one (`Mcp-Session-Id`), later
 * requests carry its id, GET opens the server-to-client stream (SSE: log notifications, progress) and DELETE ends
 * it; sessions live in this process, so replicas behind a load balancer need sticky sessions. With
 * LUXX_MCP_STATELESS, a fresh server and transport per request, no session and no stream: any replica answers.
 */
export function mcpRoutes({ runtime, allowedHostnames, requireKey, budget, rateLimit }: McpRouteOptions): Router {
  const router = Router()
  const publicUrl = runtime.config.LUXX_PUBLIC_URL
  const hostCheck = hostHeaderValidation(allowedHostnames)
  const checks = [hostCheck, originCheck(publicUrl, runtime.config.LUXX_CORS_ORIGINS), authenticate(runtime, { required: requireKey })]
  const guards = [...checks, budget]
  router.get([metadataPath, `${metadataPath}/mcp`], hostCheck, protectedResourceMetadata(publicUrl))

  if (runtime.config.LUXX_MCP_STATELESS) {
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
      throw new HttpError(405, 'This MCP endpoint is stateless (LUXX_MCP_STATELESS): send JSON-RPC requests with POST.')
    })
    return router
  }

  const sessions = new Map<string, Session>()
  const spend: RequestHandler = (request, response, next) => (request.method === 'POST' ? budget : rateLimit)(request, response, next)
  router.all('/mcp', ...checks, spend, async (request, response) => {
    const id = request.header('mcp-session-id')
    const owner = actorOf(response)
    if (id) {
      const session = sessions.get(id)
      // The same answer for a session that ended and one opened by another key: neither exists for this caller.
      if (!session || session.owner !== owner) throw new HttpError(404, `No MCP session '${id}': initialize a new one.`)
      await session.transport.handleRequest(request, response, request.body)
      return
    }
    if (request.method !== 'POST' || !isInitializeRequest(request.body)) {
      throw new HttpError(400, 'No Mcp-Session-Id header: start with an initialize request (POST), then send its session id.')
    }
    const server = createMcpServer({ runtime, role: roleOf(response), keyId: keyIdOf(response) ?? null, actor: actorOf(response) })
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => {
        sessions.set(sessionId, { transport, owner })
      },
      onsessionclosed: (sessionId) => {
        sessions.delete(sessionId)
      },
    })
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId)
      void server.close()
    }
    await server.connect(transport)
    await transport.handleRequest(request, response, request.body)
  })
  return router
}
