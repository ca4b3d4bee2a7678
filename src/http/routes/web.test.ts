import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as format from '../../present/format.ts'
import * as kpiFigures from '../../present/kpi-figures.ts'
import * as tableCell from '../../present/table-cell.ts'
import { themeCss } from '../../present/theme.ts'
import { webRoutes } from './web.ts'

describe('the web chat theme and formats', () => {
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

  /** A served presentation module, loaded as the browser would: JavaScript with no types, from its text alone. */
  async function served(file: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${base}/present/${file}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
    return (await import(`data:text/javascript,${encodeURIComponent(await response.text())}`)) as Record<string, unknown>
  }

  // The page formats with src/present's own modules: what it imports from /present/ must be those modules.
  it('serves the house formats as the browser modules the page imports', async () => {
    const browserFormat = (await served('format.js')) as typeof format
    const browserCell = (await served('table-cell.js')) as typeof tableCell
    expect(Object.keys(browserFormat).sort()).toEqual(Object.keys(format).sort())
    expect(browserFormat.plural(1234, 'row')).toBe(format.plural(1234, 'row'))
    expect(browserFormat.formatSeconds(2_345)).toBe(format.formatSeconds(2_345))
    expect(browserFormat.formatCostUsd(0.01234)).toBe(format.formatCostUsd(0.01234))
    for (const value of [1234.5678, null, 'Chanel', 7]) expect(browserCell.formatCell(value)).toBe(tableCell.formatCell(value))
  })

  it('serves the KPI figures module with its import of format.js at the address the page loads it from', async () => {
    const text = await (await fetch(`${base}/present/kpi-figures.js`)).text()
    const importOfFormat = /(?<=from )(["'])\.\/format\.js\1/
    expect(text).toMatch(importOfFormat)
    // Inlined, its one import taken from the served format module: the same figures as on the server.
    const formatUrl = `data:text/javascript,${encodeURIComponent(await (await fetch(`${base}/present/format.js`)).text())}`
    const module = (await import(`data:text/javascript,${encodeURIComponent(text.replace(importOfFormat, JSON.stringify(formatUrl)))}`)) as typeof kpiFigures
    expect(module.formatChange('currency', 120, 12.5)).toBe(kpiFigures.formatChange('currency', 120, 12.5))
    expect(module.formatKpiValue('percent', 32.6)).toBe(kpiFigures.formatKpiValue('percent', 32.6))
  })

  it('serves no other file from the source tree under /present/', async () => {
    for (const file of ['theme.js', 'format.ts', '..%2F..%2Fpackage.json']) {
      expect((await fetch(`${base}/present/${file}`)).status).toBe(404)
    }
  })
})
