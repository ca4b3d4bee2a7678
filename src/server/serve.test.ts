import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer, connect as connectTcp, type AddressInfo, type Server as TcpServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig, type Config, type Environment } from '../config/config.ts'
import { connect } from '../db/database.ts'
import { capturedLogger } from '../http/testing/captured-logger.ts'
import { testEngines } from '../testing/test-database.ts'
import { gracefulCloser, serve } from './serve.ts'

/** A port nothing listens on (yet): taken from the system, then released. */
async function freePort(): Promise<number> {
  const probe = createTcpServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition.')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('graceful close', () => {
  async function slowServer(delayMs: number | 'never'): Promise<{ server: Server; base: string }> {
    const server = createServer((_request, response) => {
      if (delayMs === 'never') {
        response.writeHead(200, { 'content-type': 'text/event-stream' })
        response.write(': open\n\n')
        return
      }
      setTimeout(() => response.end('finished'), delayMs)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
  }

  it('stops accepting but lets a running request finish, then closes', async () => {
    const { server, base } = await slowServer(400)
    const closer = gracefulCloser(server)
    const running = fetch(base).then((response) => response.text())
    await until(async () => closer.inFlight() === 1)
    const started = performance.now()
    const closed = closer.close(10_000)
    await expect(fetch(base)).rejects.toThrow()
    await expect(running).resolves.toBe('finished')
    await expect(closed).resolves.toEqual({ cut: 0 })
    // Closed as soon as the running request ended, not after a keep-alive timeout.
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('cuts what still runs at the timeout', async () => {
    const { server, base } = await slowServer('never')
    const closer = gracefulCloser(server)
    const response = await fetch(base)
    const body = response.text()
    await expect(closer.close(200)).resolves.toEqual({ cut: 1 })
    await expect(body).rejects.toThrow()
  })
})

describe('serve with the database down at start', () => {
  it('listens, answers /readyz and /api with 503 without naming the database, and keeps retrying', async () => {
    const port = await freePort()
    const { logger, lines } = capturedLogger()
    const running = await serve({
      config: loadConfig({ DATABASE_URL: `postgres://luxx@127.0.0.1:${port}/luxx` }),
      port: 0,
      host: '127.0.0.1',
      logger,
      retryDelayMs: 50,
      seedIfEmpty: false,
    })
    try {
      expect(running.access).toBe('unchecked')
      expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({ status: 'ok' })
      const ready = await fetch(`${running.url}/readyz`)
      expect(ready.status).toBe(503)
      expect(await ready.json()).toEqual({ status: 'not ready' })
      const tools = await fetch(`${running.url}/api/tools`)
      expect(tools.status).toBe(503)
      expect(tools.headers.get('retry-after')).toBe('5')
      const body = (await tools.json()) as { error: { message: string } }
      expect(body.error.message).toBe('The database is not ready yet; the server keeps retrying. GET /readyz shows when it is.')
      expect((await fetch(`${running.url}/`)).status).toBe(200)
      await until(async () => lines().filter((line) => line.msg === 'the database is not ready; retrying').length >= 3)
      const retries = lines().filter((line) => line.msg === 'the database is not ready; retrying')
      expect(retries.slice(0, 3).map((line) => line.retryInMs)).toEqual([50, 100, 200])
    } finally {
      await running.stop()
    }
  })

  it('asked for 0.0.0.0, listens on 127.0.0.1 only: no key could be confirmed', async () => {
    const port = await freePort()
    const running = await serve({
      config: loadConfig({ DATABASE_URL: `postgres://luxx@127.0.0.1:${port}/luxx` }),
      port: 0,
      host: '0.0.0.0',
      logger: capturedLogger().logger,
      retryDelayMs: 50,
      seedIfEmpty: false,
    })
    try {
      expect(running.access).toBe('unchecked')
      expect((running.server.address() as { address: string }).address).toBe('127.0.0.1')
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    } finally {
      await running.stop()
    }
  })

  describe.runIf(process.env.TEST_DATABASE_URL)('and PostgreSQL coming up later', () => {
    const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://unset')
    const name = `luxx_serve_${randomBytes(6).toString('hex')}`
    const admin = () => connect(serverUrl.toString(), 1)
    beforeAll(async () => {
      const sql = admin()
      await sql`create database ${sql(name)}`
      await sql.end()
    })
    afterAll(async () => {
      const sql = admin()
      await sql`drop database if exists ${sql(name)} with (force)`
      await sql.end()
    })

    it('becomes ready once the database answers, without a restart', async () => {
      const port = await freePort()
      const url = new URL(serverUrl)
      url.host = `127.0.0.1:${port}`
      url.pathname = `/${name}`
      const { logger, lines } = capturedLogger()
      const running = await serve({ config: loadConfig({ DATABASE_URL: url.toString() }), port: 0, host: '127.0.0.1', logger, retryDelayMs: 50, seedIfEmpty: false })
      // The database "comes up": a TCP relay to the real server starts on the port the analyst keeps trying.
      let relay: TcpServer | undefined
      try {
        expect((await fetch(`${running.url}/readyz`)).status).toBe(503)
        relay = createTcpServer((socket) => {
          const upstream = connectTcp(Number(serverUrl.port || 5432), serverUrl.hostname)
          socket.pipe(upstream).pipe(socket)
          upstream.on('error', () => socket.destroy())
          socket.on('error', () => upstream.destroy())
        })
        await new Promise<void>((resolve) => relay!.listen(port, '127.0.0.1', resolve))
        await until(async () => (await fetch(`${running.url}/readyz`)).status === 200)
        expect(await (await fetch(`${running.url}/readyz`)).json()).toEqual({ status: 'ready' })
        expect((await fetch(`${running.url}/api/tools`)).status).toBe(200)
        expect(lines().some((line) => line.msg === 'the database is ready')).toBe(true)
      } finally {
        await running.stop()
        await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()))
      }
    })
  })
})

describe.each(testEngines())('serve on %s', (engine) => {
  let environment: Environment
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    if (engine === 'pglite') {
      const directory = mkdtempSync(join(tmpdir(), 'luxx-serve-'))
      environment = { LUXX_DATA_DIR: directory }
      cleanup = async () => rmSync(directory, { recursive: true, force: true })
    } else {
      const serverUrl = process.env.TEST_DATABASE_URL!
      const name = `luxx_serve_${randomBytes(6).toString('hex')}`
      const sql = connect(serverUrl, 1)
      await sql`create database ${sql(name)}`
      const url = new URL(serverUrl)
      url.pathname = `/${name}`
      environment = { DATABASE_URL: url.toString() }
      cleanup = async () => {
        await sql`drop database if exists ${sql(name)} with (force)`
        await sql.end()
      }
    }
  })
  afterAll(() => cleanup?.())

  const config = (): Config => loadConfig({ ...environment, LOG_LEVEL: 'silent' })
  const options = { port: 0, seedIfEmpty: false, logger: pino({ level: 'silent' }) }

  it('refuses to listen beyond loopback while no API key exists, and says how to fix it', async () => {
    await expect(serve({ ...options, config: config(), host: '0.0.0.0' })).rejects.toThrow(
      /^No API key exists, so the analyst will not listen on 0\.0\.0\.0: .*\nCreate a key first: {2}luxx-analyst keys create --name NAME --role analyst\nor keep HOST at 127\.0\.0\.1/,
    )
  })

  it('serves loopback without keys as an analyst, then asks for keys once one exists, and stops cleanly', async () => {
    const running = await serve({ ...options, config: config(), host: '127.0.0.1' })
    try {
      expect(running.access).toBe('loopback-without-keys')
      expect((await fetch(`${running.url}/api/tools`)).status).toBe(200)
      await createApiKey(running.runtime.database.sql, 'first', 'analyst')
      expect((await fetch(`${running.url}/api/tools`)).status).toBe(401)
    } finally {
      await running.stop()
    }
    await expect(running.runtime.database.sql`select 1`).rejects.toThrow()
  })

  it('listens beyond loopback once a key exists', async () => {
    const running = await serve({ ...options, config: config(), host: '0.0.0.0' })
    try {
      expect(running.access).toBe('keys')
      expect((await fetch(`http://127.0.0.1:${(running.server.address() as AddressInfo).port}/api/tools`)).status).toBe(401)
    } finally {
      await running.stop()
    }
  })
})
