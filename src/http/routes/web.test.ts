import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { themeCss } from '../../present/theme.ts'
import { webRoutes } from './web.ts'

describe('the web chat theme', () => {
  let server: Server
  let base: string

  beforeAll(async () => {
    const app = express().use(webRoutes())
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('serves the house colours as /theme.css', async () => {
    const response = await fetch(`${base}/theme.css`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/css/)
    const css = await response.text()
    expect(css).toBe(`${themeCss()}\n`)
    expect(css).toContain('--navy: #1f3a5f;')
  })

  it('serves the chart theme with the same palette', async () => {
    const theme = (await (await fetch(`${base}/chart-theme.json`)).json()) as { range: { category: string[] } }
    expect(theme.range.category[0]).toBe('#1f3a5f')
  })
})
