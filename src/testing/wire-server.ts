import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A scripted HTTP server for model-provider tests: the real SDKs talk to it over HTTP, each request takes
 * the next scripted reply, and every request is recorded so a test can check what the SDK sent.
 */
export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: Record<string, unknown>
}

export interface WireServer {
  /** Base address, e.g. http://127.0.0.1:41234 */
  url: string
  requests: RecordedRequest[]
  /** Scripted replies not used yet: a test that ends with some left asked for fewer calls than scripted. */
  remaining(): number
  close(): Promise<void>
}

export type Responder<Reply> = (reply: Reply, request: RecordedRequest, response: ServerResponse) => void

/** Faults below HTTP, for any server: the connection drops before a reply, or the server never answers. */
export type ConnectionFault = { kind: 'reset' } | { kind: 'hang' }

/** A scripted reply, or one computed from the request (a model that reacts to what it was sent). */
export type Scripted<Reply> = Reply | ((request: RecordedRequest) => Reply)

/** Ends a stream early: after `afterEvents` events the connection is destroyed (reset) or closed cleanly (end). */
export interface StreamCut {
  afterEvents: number
  how: 'reset' | 'end'
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

function headersOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]))
}

/** Writes Server-Sent Events; `event` lines are optional (OpenAI sends data lines only). */
export function sendEvents(response: ServerResponse, events: { event?: string; data: string }[], cut?: StreamCut): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
  for (const item of cut ? events.slice(0, cut.afterEvents) : events) {
    response.write(`${item.event ? `event: ${item.event}\n` : ''}data: ${item.data}\n\n`)
  }
  // A reset drops the socket once what was written has gone out, as a proxy or a crashing server would.
  if (cut?.how === 'reset') response.socket?.end(() => response.socket?.destroy())
  else response.end()
}

/** An HTTP error the SDKs retry quickly: retry-after-ms keeps retried tests fast. */
export function sendError(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'retry-after-ms': '5' })
  response.end(JSON.stringify(body))
}

export async function startWireServer<Reply extends { kind: string }>(
  path: string,
  script: readonly Scripted<Reply | ConnectionFault>[],
  respond: Responder<Reply>,
): Promise<WireServer> {
  const queue = [...script]
  const requests: RecordedRequest[] = []
  const server = createServer((request, response) => {
    void (async () => {
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '',
        headers: headersOf(request),
        body: await readBody(request),
      }
      requests.push(recorded)
      if (recorded.method !== 'POST' || !recorded.path.startsWith(path)) {
        sendError(response, 404, { error: { message: `No route ${recorded.method} ${recorded.path}` } })
        return
      }
      const next = queue.shift()
      if (next === undefined) {
        response.writeHead(500, { 'content-type': 'application/json', 'x-should-retry': 'false' })
        response.end(JSON.stringify({ error: { message: 'The test script has no reply left for this request.' } }))
        return
      }
      const reply = typeof next === 'function' ? next(recorded) : next
      if (isConnectionFault(reply)) {
        // A hung request stays open until the client gives up or the server closes.
        if (reply.kind === 'reset') request.socket.destroy()
        return
      }
      respond(reply, recorded, response)
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    remaining: () => queue.length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

function isConnectionFault(reply: { kind: string }): reply is ConnectionFault {
  return reply.kind === 'reset' || reply.kind === 'hang'
}

/** Splits a string into a few pieces, as a model streams it. */
export function pieces(text: string, count = 3): string[] {
  if (text.length <= count) return [text]
  const size = Math.ceil(text.length / count)
  const parts: string[] = []
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size))
  return parts
}
