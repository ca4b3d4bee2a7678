import { describe, expect, it } from 'vitest'
import { runTool } from '../testing/run-tool.ts'
import { useDemoDatabase } from '../testing/test-database.ts'
import { toolResultContent } from './tool-content.ts'

interface TextBlock {
  type: 'text'
  text: string
}

const downloadLine = /^Download as CSV or XLSX: `POST (\S+)\?format=csv` \(or `\?format=xlsx`\) with the body `(.+)`\.$/m

describe('where an MCP tool result downloads', () => {
  const database = useDemoDatabase('pglite')

  it('names the export route at the public address, with a body that runs the same call', async () => {
    const call = { period: 'last_90_days', channel: 'Insta' }
    const envelope = await runTool(database(), 'sales_by_weekday', call, 'analyst', 'UTC', '2026-10-31')
    const content = await toolResultContent(envelope, { publicUrl: 'https://analyst.example.com/', arguments: call })
    const [, route, body] = downloadLine.exec((content.content[0] as TextBlock).text) ?? []
    expect(route).toBe('https://analyst.example.com/api/tools/sales_by_weekday')
    const again = await runTool(database(), 'sales_by_weekday', JSON.parse(body!), 'analyst', 'UTC', '2026-10-31')
    // Drawing the chart tags the rows it shares with the envelope; the data compared is what JSON carries.
    expect(JSON.parse(JSON.stringify(again.rows))).toEqual(JSON.parse(JSON.stringify(envelope.rows)))
  })

  it('keeps the body one code span when an argument holds a backtick', async () => {
    const envelope = await runTool(database(), 'sales_by_weekday', {}, 'analyst', 'UTC', '2026-10-31')
    const content = await toolResultContent(envelope, { arguments: { brand: 'Chanel`s `x`' } })
    const [, route, body] = downloadLine.exec((content.content[0] as TextBlock).text) ?? []
    expect(route).toBe('/api/tools/sales_by_weekday')
    expect(body).toBe('{"brand":"Chanel\\u0060s \\u0060x\\u0060"}')
    expect(JSON.parse(body!)).toEqual({ brand: 'Chanel`s `x`' })
  })
})
