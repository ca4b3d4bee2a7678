import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import type { AnyTool } from '../tools/define-tool.ts'
import { createRegistry } from '../tools/registry.ts'
import { createToolSession, type ToolRunner } from './rule-context.ts'

const executed = vi.hoisted(() => [] as { tool: string; args: unknown }[])

vi.mock('../tools/executor.ts', () => ({
  executeTool: async (_registry: unknown, tool: string, args: Record<string, unknown>) => {
    executed.push({ tool, args })
    return { ok: true, envelope: { parameters: args, rows: [] } }
  },
}))

const input = z.strictObject({
  period: z.enum(['last_12_months', 'all_time']).default('last_12_months'),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.number().int().default(10),
})
const runtime: ToolRunner = {
  registry: createRegistry([{ name: 'brand_performance', input } as unknown as AnyTool]),
  executionContext: () => ({}) as ReturnType<ToolRunner['executionContext']>,
}

describe('a tool session', () => {
  it('runs a question once however its arguments are written: defaults, key order, fields left undefined', async () => {
    executed.length = 0
    const session = createToolSession(runtime, 'analyst', 'report')
    await Promise.all([
      session.run('brand_performance', {}),
      session.run('brand_performance', { period: 'last_12_months', limit: 10 }),
      session.run('brand_performance', { limit: 10, period: 'last_12_months', to: undefined }),
      session.run('brand_performance', { from: '2026-01-01', to: '2026-01-31' }),
      session.run('brand_performance', { to: '2026-01-31', from: '2026-01-01' }),
      session.run('brand_performance', { from: '2026-01-01', to: '2026-01-31', limit: 100 }),
    ])
    expect(executed).toEqual([
      { tool: 'brand_performance', args: {} },
      { tool: 'brand_performance', args: { from: '2026-01-01', to: '2026-01-31' } },
      { tool: 'brand_performance', args: { from: '2026-01-01', to: '2026-01-31', limit: 100 } },
    ])
  })

  it('keeps arguments the tool refuses, and unknown tools, apart', async () => {
    executed.length = 0
    const session = createToolSession(runtime, 'analyst', 'report')
    await session.run('brand_performance', { limit: 'ten' })
    await session.run('brand_performance', { limit: 'ten' })
    await session.run('brand_performance', { limit: 'eleven' })
    await session.run('no_such_tool', { limit: 1 })
    expect(executed.map((call) => call.args)).toEqual([{ limit: 'ten' }, { limit: 'eleven' }, { limit: 1 }])
  })
})
