import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSharedTestDatabase, type SharedTestDatabase } from '../security/shared-database.ts'
import { runCli } from '../server/testing/cli-process.ts'
import { Fixture } from '../testing/fixtures.ts'
import { pseudonymOf } from '../testing/pseudonym.ts'

/** `tools run NAME --format csv|xlsx|json --out FILE`: the export of issue #21, from the command line. */
describe('tools run --format --out', () => {
  let shared: SharedTestDatabase
  const folder = mkdtempSync(join(tmpdir(), 'luxx-export-'))
  beforeAll(async () => {
    shared = await openSharedTestDatabase('pglite')
    const fixture = new Fixture(shared.database)
    await fixture.customer({ name: 'Bea Quiet', email: 'bea.quiet@example.com' })
    await fixture.customer({ name: '@Ada Stone', email: 'ada.stone@example.com' })
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
    await fixture.item('B', { brand: 'Hermès', cost: 3000, added: '2024-05-01' })
    await fixture.item('C', { brand: 'Gucci', cost: 300, added: '2025-02-01' })
    await fixture.sale({ item: 'A', buyer: 'Bea Quiet', price: 1500.5, date: '2025-03-08' })
    await fixture.sale({ item: 'B', buyer: 'Bea Quiet', price: 5000, date: '2024-06-01' })
    await fixture.sale({ item: 'C', buyer: '@Ada Stone', price: 600, date: '2025-03-10' })
  })
  afterAll(async () => {
    await shared?.database.close()
    rmSync(folder, { recursive: true, force: true })
  })

  const topCustomers = (...options: string[]) =>
    runCli(['tools', 'run', 'top_customers', '--period', 'all_time', ...options], { ...shared.environment, LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12' }, { cwd: folder })

  it('writes a CSV file whose spend adds up to the revenue SQL finds, names as the local owner sees them', async () => {
    const run = await topCustomers('--format', 'csv', '--out', 'customers.csv')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('Wrote Top customers (2 rows) as CSV to customers.csv\n')
    const rows = parse(readFileSync(join(folder, 'customers.csv')), { bom: true, columns: true }) as Array<Record<string, string>>
    const [sold] = await shared.database.sql<{ revenue: number }[]>`select sum(gross_amount_earned)::float8 as revenue from sales`
    expect(rows.reduce((sum, row) => sum + Number(row['Total spend']), 0)).toBeCloseTo(sold!.revenue, 6)
    expect(rows.map((row) => [row['Customer name'], row.Email])).toEqual([
      ['Bea Quiet', 'bea.quiet@example.com'],
      ["'@Ada Stone", 'ada.stone@example.com'],
    ])
  })

  it('writes an XLSX workbook masked for --role viewer, and wants --out for it', async () => {
    const run = await topCustomers('--format', 'xlsx', '--out', 'customers.xlsx', '--role', 'viewer')
    expect(run.code, run.stderr).toBe(0)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(readFileSync(join(folder, 'customers.xlsx')) as unknown as ArrayBuffer)
    const data = workbook.getWorksheet('Data')!
    // A viewer's export holds Bea's pseudonym and no e-mail.
    const [bea] = await shared.database.sql<{ id: string }[]>`select id::text from users where full_name = 'Bea Quiet'`
    expect([data.getCell(1, 3).value, data.getCell(2, 3).value, data.getCell(2, 4).value]).toEqual(['Customer name', pseudonymOf(bea!.id), null])
    expect(data.getCell(2, 7).value).toBe(6500.5)

    const toTerminal = await topCustomers('--format', 'xlsx')
    expect(toTerminal.code).toBe(2)
    expect(toTerminal.stderr).toContain('--format xlsx writes an Excel workbook: add --out FILE.xlsx.')
  })
})
