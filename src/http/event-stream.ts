import type { Response } from 'express'

export interface EventStream {
  /** Sends one Server-Sent Event; a no-op once the client has gone. */
  send(event: string, data: unknown): void
  end(): void
}

// Proxies and browsers drop a silent connection after a minute or two; a long answer keeps it alive with comments.
const heartbeatMs = 15_000

/** Opens a Server-Sent Events response: `event: <name>` and one JSON `data:` line per event. */
export function openEventStream(response: Response): EventStream {
  response.status(200)
  response.setHeader('content-type', 'text/event-stream; charset=utf-8')
  response.setHeader('cache-control', 'no-cache, no-transform')
  // nginx buffers responses unless told not to, which would hold the whole answer back until it ends.
  response.setHeader('x-accel-buffering', 'no')
  response.flushHeaders()
  const open = () => !response.writableEnded && !response.destroyed
  const heartbeat = setInterval(() => {
    if (open()) response.write(': keep-alive\n\n')
  }, heartbeatMs)
  heartbeat.unref()
  response.once('close', () => clearInterval(heartbeat))
  return {
    send(event, data) {
      // JSON.stringify escapes newlines, so one data line always holds the whole payload.
      if (open()) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    },
    end() {
      clearInterval(heartbeat)
      if (open()) response.end()
    },
  }
}
