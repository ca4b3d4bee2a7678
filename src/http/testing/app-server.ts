import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'

export interface TestServer {
  base: string
  close(): Promise<void>
}

/** Listens on an ephemeral loopback port, as the tests of the HTTP surface run the app in-process. */
export async function listen(app: Express): Promise<TestServer> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

export interface ServerEvent {
  name: string
  data: unknown
}

/** The events of a whole Server-Sent Events body, in order. */
export function parseServerEvents(body: string): ServerEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.split('\n').some((line) => line.startsWith('data:')))
    .map((block) => {
      const lines = block.split('\n')
      const name = lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message'
      const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n')
      return { name, data: JSON.parse(data) as unknown }
    })
}
