import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Answer } from '../agent/answer.ts'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { runtimeFrom } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { pseudonymOf } from '../testing/pseudonym.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { createApp } from './create-app.ts'
import { listen, parseServerEvents, type TestServer } from './testing/app-server.ts'

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const hostileName = '=HYPERLINK("https://evil.example/refund","Refund")'
/** What a spreadsheet runs as a formula when a cell starts with it. */
const formulaStart = /^[=+\-@\t\r]/

describe.each(testEngines())('downloads of tool results and answers on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.customer({ name: 'Bea Quiet', email: 'bea.quiet@example.com', phone: '555 010 0042' })
    await fixture.customer({ name: 'Ada Stone' })
    await fixture.customer({ name: hostileName, email: 'refund@example.com', phone: '+1 555 010 0077' })
    await fixture.item('A', { brand: 'Louis Vuitton', cost: 500, added: '2025-02-01' })
    await fixture.item('B', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
    await fixture.item('C', { brand: 'Gucci', cost: 300, added: '2024-05-01' })
    await fixture.item('D', { brand: 'Hermès', cost: 3000, added: '2024-05-01' })
    await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 800.25, date: '2025-03-03' })
    await fixture.sale({ item: 'B', buyer: 'Bea Quiet', price: 1500, date: '2025-03-08' })
    // Long before the latest sale, as Bea's first: both are at churn risk, whose list carries phone numbers.
    await fixture.sale({ item: 'C', buyer: hostileName, price: 600, date: '2024-07-01', channel: 'instagram' })
    await fixture.sale({ item: 'D', buyer: 'Bea Quiet', price: 5000, date: '2024-06-01' })
  })
  const tokens = { viewer: '', admin: '', analyst: '' }
  let server: TestServer
  beforeAll(async () => {
    const sql = database().sql
    tokens.viewer = (await createApiKey(sql, 'viewer', 'viewer')).token
    tokens.admin = (await createApiKey(sql, 'admin', 'admin')).token
    tokens.analyst = (await createApiKey(sql, 'analyst', 'analyst')).token
    server = await listen(createApp({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12' }), database()) }))
  })
  afterAll(() => server?.close())

  /** All revenue in the data, summed apart from any tool. */
  const revenueBySql = async () => {
    const [row] = await database().sql<{ revenue: number }[]>`select sum(gross_amount_earned)::float8 as revenue from sales`
    return row!.revenue
  }

  const runTool = (token: string, tool: string, body: unknown, headers: Record<string, string> = {}, query = '') =>
    fetch(`${server.base}/api/tools/${tool}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    })

  const get = (token: string, path: string) => fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${token}` } })

  async function csvOf(response: Response): Promise<Array<Record<string, string>>> {
    expect(response.status, await response.clone().text()).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    return parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Array<Record<string, string>>
  }

  async function sheetOf(response: Response): Promise<ExcelJS.Worksheet> {
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(xlsxType)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    return workbook.getWorksheet('Data')!
  }

  async function chat(token: string, message: string): Promise<Answer> {
    const response = await fetch(`${server.base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message }),
    })
    const final = parseServerEvents(await response.text()).find((event) => event.name === 'final')
    return (final!.data as { answer: Answer }).answer
  }

  it('downloads a tool result as CSV whose revenue adds up to the revenue SQL finds', async () => {
    const response = await runTool(tokens.admin, 'sales_by_weekday', { period: 'all_time' }, { accept: 'text/csv' })
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sales_by_weekday-2025-03-12.csv"')
    expect([response.headers.get('x-row-count'), response.headers.get('x-total-rows')]).toEqual(['7', '7'])
    const rows = await csvOf(response)
    expect(Object.keys(rows[0]!)).toEqual(['Weekday number', 'Weekday', 'Units', 'Orders', 'Revenue', 'Average price per unit', 'Revenue share %'])
    const total = rows.reduce((sum, row) => sum + Number(row.Revenue), 0)
    expect(total).toBeCloseTo(await revenueBySql(), 6)
    expect(total).toBeCloseTo(7900.25, 6)
  })

  it('answers CSV, XLSX or JSON as Accept or ?format= asks, and names the allowed formats otherwise', async () => {
    const body = { period: 'all_time' }
    const sheet = await sheetOf(await runTool(tokens.admin, 'sales_by_weekday', body, { accept: xlsxType }))
    expect(sheet.rowCount).toBe(8)
    expect(sheet.getCell(1, 5).value).toBe('Revenue')
    expect(typeof sheet.getCell(2, 5).value).toBe('number')
    for (const accept of [undefined, '*/*', 'application/json', 'text/html, application/json;q=0.5']) {
      const response = await runTool(tokens.admin, 'sales_by_weekday', body, accept ? { accept } : {})
      expect(response.headers.get('content-type'), String(accept)).toMatch(/^application\/json/)
      expect(((await response.json()) as { rows: unknown[] }).rows).toHaveLength(7)
    }
    expect(await csvOf(await runTool(tokens.admin, 'sales_by_weekday', body, { accept: 'application/json' }, '?format=csv'))).toHaveLength(7)
    const xlsxByQuery = await runTool(tokens.admin, 'sales_by_weekday', body, {}, '?format=xlsx')
    expect(xlsxByQuery.headers.get('content-disposition')).toBe('attachment; filename="sales_by_weekday-2025-03-12.xlsx"')
    expect((await sheetOf(xlsxByQuery)).rowCount).toBe(8)

    const refused = await runTool(tokens.admin, 'sales_by_weekday', body, { accept: 'application/pdf' })
    expect(refused.status).toBe(406)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      `Cannot answer with application/pdf: ask for application/json, text/csv, ${xlsxType} in Accept, or add ?format=json|csv|xlsx.`,
    )
    const badFormat = await runTool(tokens.admin, 'sales_by_weekday', body, {}, '?format=pdf')
    expect(badFormat.status).toBe(400)
    expect(((await badFormat.json()) as { error: { message: string } }).error.message).toBe('Invalid format: format: must be json, csv, xlsx.')
    // A tool's own refusal stays a JSON error, whatever format was asked for.
    const badArguments = await runTool(tokens.admin, 'sales_by_weekday', { period: 'someday' }, { accept: 'text/csv' })
    expect(badArguments.status).toBe(400)
    expect(badArguments.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('masks customers for a viewer and not for an admin, and leaves no cell a spreadsheet would run', async () => {
    const body = { period: 'all_time' }
    const viewer = await csvOf(await runTool(tokens.viewer, 'top_customers', body, { accept: 'text/csv' }))
    const admin = await csvOf(await runTool(tokens.admin, 'top_customers', body, { accept: 'text/csv' }))
    const contacts = (rows: Array<Record<string, string>>) => rows.map((row) => [row['Customer name'], row.Email])
    expect(contacts(admin)).toContainEqual(['Bea Quiet', 'bea.quiet@example.com'])
    expect(contacts(admin)).toContainEqual([`'${hostileName}`, 'refund@example.com'])
    // A viewer sees no name or contact: Bea's pseudonym, and no e-mail at all.
    const [bea] = await database().sql<{ id: string }[]>`select id::text from users where full_name = 'Bea Quiet'`
    expect(contacts(viewer)).toContainEqual([pseudonymOf(bea!.id), ''])
    expect(JSON.stringify(viewer)).not.toMatch(/Bea|B\. Q\.|b\*\*\*|example\.com|Ada Stone|HYPERLINK/)
    // The spend column adds up to all revenue: every sale here has a buyer.
    expect(viewer.reduce((sum, row) => sum + Number(row['Total spend']), 0)).toBeCloseTo(await revenueBySql(), 6)
    for (const rows of [viewer, admin]) {
      for (const row of rows) for (const [column, cell] of Object.entries(row)) expect(cell, column).not.toMatch(formulaStart)
    }

    const churnSheet = await sheetOf(await runTool(tokens.admin, 'churn_risk', body, { accept: xlsxType }))
    const headings = (churnSheet.getRow(1).values as unknown[]).slice(1)
    const cells = churnSheet.getSheetValues().slice(2).flatMap((row) => (Array.isArray(row) ? [row.slice(1)] : []))
    const hostileRow = cells.find((row) => String(row[headings.indexOf('Customer name')]).includes('HYPERLINK'))
    expect(hostileRow?.[headings.indexOf('Customer name')]).toBe(`'${hostileName}`)
    expect(hostileRow?.[headings.indexOf('Phone')]).toBe("'+1 555 010 0077")
    const viewerChurn = await sheetOf(await runTool(tokens.viewer, 'churn_risk', body, { accept: xlsxType }))
    expect(JSON.stringify(viewerChurn.getSheetValues())).not.toMatch(/HYPERLINK|refund@|0077"/)
  })

  it('downloads the whole table behind a stored answer, for its owner only', async () => {
    const answer = await chat(tokens.admin, 'What are the best days of the week to sell, all time?')
    expect(answer.tables.map((table) => table.tool)).toEqual(['sales_by_weekday'])
    const path = `/api/conversations/${answer.conversationId}/answers/${answer.id}/export`
    const response = await get(tokens.admin, `${path}?format=csv`)
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sales_by_weekday-2025-03-12.csv"')
    const rows = await csvOf(response)
    expect(rows.reduce((sum, row) => sum + Number(row.Revenue), 0)).toBeCloseTo(await revenueBySql(), 6)
    expect((await sheetOf(await get(tokens.admin, `${path}?format=xlsx&table=0`))).rowCount).toBe(8)

    const errorOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message
    const noFormat = await get(tokens.admin, path)
    expect(noFormat.status).toBe(400)
    expect(await errorOf(noFormat)).toBe('Invalid export: format: must be csv or xlsx.')
    const noTable = await get(tokens.admin, `${path}?format=csv&table=1`)
    expect(noTable.status).toBe(404)
    expect(await errorOf(noTable)).toBe(`Answer ${answer.id} has tables 0 to 0; there is no table 1.`)
    // Someone else's conversation (to anyone but an admin), or an answer asked for under another conversation,
    // reads as missing.
    for (const [token, other] of [
      [tokens.viewer, path],
      [tokens.analyst, path],
      [tokens.admin, `/api/conversations/00000000-0000-4000-8000-000000000000/answers/${answer.id}/export`],
    ] as const) {
      const refused = await get(token, `${other}?format=csv`)
      expect(refused.status).toBe(404)
      expect(await errorOf(refused)).toMatch(/^No stored answer with id /)
    }
  })

  it('masks an answer\'s table for the role its conversation was held with, even to an admin', async () => {
    const question = 'Who are our top customers of all time?'
    const exported = async (owner: string, reader: string) => {
      const answer = await chat(owner, question)
      expect(answer.tables.map((table) => table.tool)).toEqual(['top_customers'])
      const rows = await csvOf(await get(reader, `/api/conversations/${answer.conversationId}/answers/${answer.id}/export?format=csv`))
      return rows.map((row) => [row['Customer name'], row.Email])
    }
    const viewer = await exported(tokens.viewer, tokens.viewer)
    const [bea] = await database().sql<{ id: string }[]>`select id::text from users where full_name = 'Bea Quiet'`
    expect(viewer).toContainEqual([pseudonymOf(bea!.id), ''])
    expect(JSON.stringify(viewer)).not.toMatch(/Bea|B\. Q\.|b\*\*\*|example\.com|HYPERLINK/)
    expect(await exported(tokens.analyst, tokens.admin)).toContainEqual(['Bea Quiet', 'b***@example.com'])
  })
})
