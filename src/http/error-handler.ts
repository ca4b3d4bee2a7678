import type { ErrorRequestHandler } from 'express'
import type { Logger } from 'pino'
import type { ApiErrorBody } from './api-types.ts'
import { HttpError } from './http-error.ts'

interface BodyParserError {
  type?: string
  status?: number
  expose?: boolean
  message?: string
}

/** The one error handler: JSON with a clear message and the request id, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const requestId = String(response.getHeader('x-request-id') ?? '')
    const parserError = error as BodyParserError
    let status = 500
    let message = 'Internal error; the request id identifies it in the server log.'
    let details: Record<string, unknown> | undefined
    if (error instanceof HttpError) {
      status = error.status
      message = error.message
      details = error.details
    } else if (parserError.type === 'entity.parse.failed') {
      status = 400
      message = 'The request body is not valid JSON.'
    } else if (parserError.type === 'entity.too.large') {
      status = 413
      message = 'The request body is too large.'
    } else if (parserError.expose && parserError.status) {
      status = parserError.status
      message = parserError.message ?? message
    }
    if (status >= 500) logger.error({ err: error, requestId, path: request.path }, 'request failed')
    if (response.headersSent) {
      response.end()
      return
    }
    response.status(status).json({ error: { message, requestId, ...(details ? { details } : {}) } } satisfies ApiErrorBody)
  }
}
