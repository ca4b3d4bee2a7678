import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import { loadConfig } from '../config/config.ts'
import { runtimeFrom } from '../runtime.ts'
import { Client, InMemoryTransport } from '../testing/mcp-client.ts'
import { useDemoDatabase } from '../testing/test-database.ts'
import { createMcpServer } from './create-mcp-server.ts'

describe('the tool list a host sends to the model', () => {
  const database = useDemoDatabase('pglite')
  let client: Client
  let listed: Awaited<ReturnType<Client['listTools']>>

  beforeAll(async () => {
    const server = createMcpServer({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2026-10-31' }), database()), role: 'analyst' })
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    await server.connect(serverSide)
    client = new Client({ name: 'tool-list-test', version: '1.0.0' })
    await client.connect(clientSide)
    listed = await client.listTools()
  })
  afterAll(async () => {
    await client?.close()
  })

  it('holds every tool with every argument in at most 40 KB', () => {
    const bytes = Buffer.byteLength(JSON.stringify(listed))
    console.info(`tools/list: ${bytes} bytes`)
    expect(bytes).toBeLessThanOrEqual(40_000)
    expect(listed.tools.map((tool) => tool.name).sort()).toEqual(catalog.map((tool) => tool.name).sort())
    for (const tool of catalog) {
      const entry = listed.tools.find((candidate) => candidate.name === tool.name)!
      expect(Object.keys(entry.inputSchema.properties ?? {}).sort(), tool.name).toEqual(Object.keys(tool.input.shape ?? {}).sort())
      expect(entry.description!.length).toBeGreaterThan(40)
    }
  })

  it('says once, in the instructions, what the shared window arguments mean', () => {
    const instructions = client.getInstructions() ?? ''
    expect(instructions).toMatch(/- period: one of last_7_days, .*all_time\. Named period ending today/)
    expect(instructions).toMatch(/- from: First day of the window/)
    const trend = listed.tools.find((tool) => tool.name === 'sales_trend')!
    expect(trend.inputSchema.properties?.from).toEqual({ type: 'string', format: 'date' })
  })

  it('keeps what steers the choice of tool and leaves the definitions to the result', () => {
    const churn = listed.tools.find((tool) => tool.name === 'churn_risk')!.description!
    expect(churn).toMatch(/^Customers who bought before/)
    expect(churn).toMatch(/For the best customers regardless of risk use top_customers/)
    expect(churn).not.toMatch(/churn_score \(0 to 100\)/)
  })

  it('lists each tool\'s result columns in the tool catalog resource instead of an output schema', async () => {
    expect(listed.tools.every((tool) => tool.outputSchema === undefined)).toBe(true)
    const catalogText = ((await client.readResource({ uri: 'luxx://tools' })).contents[0] as { text: string }).text
    const result = await client.callTool({ name: 'sales_by_weekday', arguments: {} })
    const columns = Object.keys((result.structuredContent as { rows: Array<Record<string, unknown>> }).rows[0]!)
    expect(catalogText).toContain(`Columns: ${columns.join(', ')}`)
  })

  it('answers with the narration, the top rows with the total count, and the whole envelope as JSON text', async () => {
    const result = await client.callTool({ name: 'top_customers', arguments: { limit: 25 } })
    const [summary, json] = result.content as Array<{ type: string; text: string }>
    const envelope = result.structuredContent as { narration: string; rows: Array<Record<string, unknown>>; totalRows: number }
    expect(summary!.text).toContain(envelope.narration)
    // The header, the alignment line and ten rows.
    expect(summary!.text.split('\n').filter((line) => line.startsWith('| '))).toHaveLength(12)
    expect(summary!.text).toContain(`_Showing 10 of ${envelope.totalRows} rows`)
    expect(json!.type).toBe('text')
    // Over the in-memory transport the envelope is not serialized: compare it as a wire would carry it.
    expect(JSON.parse(json!.text)).toEqual(JSON.parse(JSON.stringify(envelope)))
  })
})
