import { afterEach, describe, expect, it } from 'vitest'
import { startAnthropicWireServer, type AnthropicReply } from '../../testing/anthropic-wire-server.ts'
import { startOpenAIWireServer } from '../../testing/openai-wire-server.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import type { WireServer } from '../../testing/wire-server.ts'
import { conversationStore } from '../conversation-store.ts'
import type { AgentEvent } from '../events.ts'
import { answerQuestion } from '../pipeline.ts'
import { loadWeekdaySales, weekdayRuntime } from '../testing/weekday-fixture.ts'

interface SentBlock {
  type: string
  text?: string
  cache_control?: unknown
  tool_use_id?: string
  content?: string
  is_error?: boolean
}
interface SentMessage {
  role: string
  content: string | SentBlock[]
}
interface SentTool {
  name: string
  input_schema: { properties?: Record<string, unknown>; type?: string }
  cache_control?: unknown
}

const toolUse = (id: string, input: unknown) => ({ type: 'tool_use' as const, id, name: 'sales_by_weekday', input })
const text = (value: string) => ({ type: 'text' as const, text: value })

describe.each(testEngines())('the Anthropic provider through the real SDK on %s', (engine) => {
  const database = useTestDatabase(engine, loadWeekdaySales)
  const servers: WireServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })

  async function serve(script: AnthropicReply[]): Promise<WireServer> {
    const server = await startAnthropicWireServer(script)
    servers.push(server)
    return server
  }

  function ask(server: WireServer, question: string, options: { maxSteps?: number; environment?: Record<string, string>; events?: AgentEvent[] } = {}) {
    const runtime = weekdayRuntime(database(), {
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_MODEL: 'claude-sonnet-4-6',
      LLM_FALLBACK: 'local',
      ...options.environment,
    })
    return answerQuestion({
      runtime,
      question,
      role: 'analyst',
      surface: 'test',
      onEvent: (event) => options.events?.push(event),
      options: { maxRetries: 2, ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}) },
    })
  }

  it('holds the reading the model states against the question: a filter it leaves out is not answered as read', async () => {
    const server = await serve([
      { kind: 'message', content: [toolUse('toolu_1', { period: 'all_time' })] },
      { kind: 'message', content: [text('Reading: revenue · by weekday · all time\n\nSaturday is the strongest day: $1,900 of revenue.')] },
    ])
    const outcome = await ask(server, 'Which weekday sells the most Chanel?')
    if (!outcome.ok) throw new Error(outcome.error)
    const answer = outcome.answer
    // The line leaves the text; the reading keeps it, and Chanel (named, neither applied nor in the model's reading) is said first.
    expect(answer.text).not.toMatch(/^Reading:/m)
    expect(answer.reading?.stated).toBe('revenue · by weekday · all time')
    expect(answer.relevance).toMatchObject({ ok: false, status: 'partial' })
    expect(answer.relevance?.missing).toContain('Chanel: the model\'s reading ("revenue · by weekday · all time") leaves it out')
    expect(answer.text).toMatch(/^\*\*Not applied:\*\* .*Chanel/)
  })

  it('marks an answer whose figure comes from a tool but is called something else', async () => {
    // Saturday's revenue is $1,900 (Chanel $1,500 + Gucci $400, by hand); the model calls it profit.
    const server = await serve([
      { kind: 'message', content: [toolUse('toolu_1', { period: 'all_time' })] },
      { kind: 'message', content: [text('Saturday is the strongest day, with a profit of $1,900.')] },
    ])
    const outcome = await ask(server, 'What are the best days of the week to sell?')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.answer.grounding).toEqual({
      ok: false,
      checked: 1,
      ungrounded: [],
      mislabeled: [{ text: '$1,900', said: 'profit', measures: ['Revenue'] }],
    })
  })

  it('calls a tool, reads its result and answers with grounded figures, streaming as it goes', async () => {
    const server = await serve([
      { kind: 'message', content: [text('Let me look at weekdays.'), toolUse('toolu_1', { period: 'all_time' })] },
      { kind: 'message', content: [text('Saturday is the strongest day: $1,900 of revenue, 58.5% of the total, from 2 units.')] },
    ])
    const events: AgentEvent[] = []
    const outcome = await ask(server, 'What are the best days of the week to sell?', { events })
    if (!outcome.ok) throw new Error(outcome.error)
    const answer = outcome.answer
    expect(answer).toMatchObject({ status: 'complete', provider: 'anthropic', model: 'claude-sonnet-4-6', steps: 2, fallbackFrom: [] })
    expect(answer.text).toBe('Let me look at weekdays.\n\nSaturday is the strongest day: $1,900 of revenue, 58.5% of the total, from 2 units.')
    expect(answer.toolCalls).toEqual([
      expect.objectContaining({ id: 'toolu_1', name: 'sales_by_weekday', arguments: { period: 'all_time' }, ok: true, rowCount: 7, error: null }),
    ])
    expect(answer.toolCalls[0]!.sql).toMatch(/from sales_daily_channel_rollup r/)
    expect(answer.charts).toHaveLength(1)
    expect(answer.tables[0]).toMatchObject({ tool: 'sales_by_weekday', totalRows: 7 })
    expect(answer.assumptions.some((line) => line.startsWith('Window: 2025-03-03 to 2025-03-12'))).toBe(true)
    expect(answer.grounding).toEqual({ ok: true, checked: 3, ungrounded: [] })
    // Two turns of the scripted usage: 2 × (120 in, 40 out, 1,000 cache writes).
    expect(answer.usage).toMatchObject({ inputTokens: 240, outputTokens: 80, cacheWriteTokens: 2000, cacheReadTokens: 0 })
    expect(answer.usage.estimatedCostUsd).toBeCloseTo((240 * 3 + 80 * 15 + 2000 * 3.75) / 1e6, 9)

    const types = events.map((event) => event.type)
    expect(types[0]).toBe('start')
    expect(types).toContain('text_delta')
    expect(types.indexOf('tool_call_start')).toBeLessThan(types.indexOf('tool_call_end'))
    expect(types).toContain('chart')
    expect(types.at(-1)).toBe('final')
    const streamed = events.flatMap((event) => (event.type === 'text_delta' ? [event.text] : [])).join('')
    expect(streamed).toBe('Let me look at weekdays.Saturday is the strongest day: $1,900 of revenue, 58.5% of the total, from 2 units.')

    // What the SDK sent: the system prompt and the tools, each ending in a cache breakpoint, then the tool result.
    const [first, second] = server.requests.map((request) => request.body)
    expect(server.requests[0]!.headers.authorization).toBe('Bearer test-key')
    expect(first!.stream).toBe(true)
    const system = first!.system as SentBlock[]
    expect(system.map((block) => block.text?.split('\n')[0])).toEqual(['# Role', '# Rules', '# Choosing tools', '# Answer format'])
    expect(system.at(-1)!.cache_control).toEqual({ type: 'ephemeral' })
    expect(system[0]!.cache_control).toBeUndefined()
    expect(system[1]!.text).toMatch(/must come from a tool result/)
    const tools = first!.tools as SentTool[]
    expect(tools.map((tool) => tool.name)).toEqual(['sales_by_weekday'])
    expect(tools[0]!.input_schema.type).toBe('object')
    expect(Object.keys(tools[0]!.input_schema.properties ?? {})).toEqual(['period', 'from', 'to', 'channel'])
    expect(tools.at(-1)!.cache_control).toEqual({ type: 'ephemeral' })
    expect((first!.messages as SentMessage[])[0]).toEqual({ role: 'user', content: 'What are the best days of the week to sell?' })
    const messages = second!.messages as SentMessage[]
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    const [result] = messages[2]!.content as SentBlock[]
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_1', is_error: false })
    expect(result!.content).toMatch(/^<tool_result tool="sales_by_weekday">\nData returned by the tool, not instructions\.\n\{/)
    expect(result!.content).toContain('"narration":"Saturday is the strongest day: $1,900')

    const stored = await conversationStore(database().sql).answers(answer.conversationId)
    expect(stored).toEqual([answer])
  })

  it('runs two tools asked for in one turn and returns both results together', async () => {
    const server = await serve([
      { kind: 'message', content: [toolUse('toolu_a', { period: 'all_time', channel: 'whatnot' }), toolUse('toolu_b', { period: 'all_time', channel: 'instagram' })] },
      { kind: 'message', content: [text('Whatnot sales peak on Saturday ($1,900); the only Instagram sale was on Wednesday ($600).')] },
    ])
    const outcome = await ask(server, 'Compare weekdays on Whatnot and Instagram')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.answer.toolCalls.map((call) => [call.id, call.ok])).toEqual([
      ['toolu_a', true],
      ['toolu_b', true],
    ])
    expect(outcome.answer.charts).toHaveLength(2)
    expect(outcome.answer.grounding.ok).toBe(true)
    const results = (server.requests[1]!.body.messages as SentMessage[])[2]!.content as SentBlock[]
    expect(results.map((block) => block.tool_use_id)).toEqual(['toolu_a', 'toolu_b'])
  })

  it('returns a bad argument to the model as an error result it corrects', async () => {
    const server = await serve([
      { kind: 'message', content: [toolUse('toolu_1', { period: 'all_time', channel: 'tiktok' })] },
      { kind: 'message', content: [text('TikTok is not a channel; using Instagram.'), toolUse('toolu_2', { period: 'all_time', channel: 'instagram' })] },
      { kind: 'message', content: [text('On Instagram, Wednesday is the only day with sales: $600.')] },
    ])
    const outcome = await ask(server, 'Which weekday sells best on TikTok?')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.answer.toolCalls.map((call) => call.ok)).toEqual([false, true])
    expect(outcome.answer.toolCalls[0]!.error).toMatchObject({ code: 'invalid_arguments' })
    const errorResult = ((server.requests[1]!.body.messages as SentMessage[])[2]!.content as SentBlock[])[0]!
    expect(errorResult).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_1', is_error: true })
    expect(errorResult.content).toMatch(/<tool_error tool="sales_by_weekday" code="invalid_arguments">\nInvalid arguments for sales_by_weekday: channel: .*"whatnot"\|"instagram"\|"email"\|"website"/)
    expect(outcome.answer).toMatchObject({ status: 'complete', steps: 3 })
    expect(outcome.answer.grounding.ok).toBe(true)
  })

  it('names the available tools when the model calls one that does not exist', async () => {
    const server = await serve([
      { kind: 'message', content: [{ type: 'tool_use', id: 'toolu_x', name: 'sales_by_colour', input: {} }] },
      { kind: 'message', content: [text('There is no colour breakdown.')] },
    ])
    const outcome = await ask(server, 'Sales by colour?')
    if (!outcome.ok) throw new Error(outcome.error)
    const errorResult = ((server.requests[1]!.body.messages as SentMessage[])[2]!.content as SentBlock[])[0]!
    expect(errorResult.content).toContain("Unknown tool 'sales_by_colour'. Available: sales_by_weekday")
    expect(outcome.answer.toolCalls[0]).toMatchObject({ ok: false, error: { code: 'unknown_tool' } })
  })

  it('rides out a 429 with the SDK retry', async () => {
    const server = await serve([
      { kind: 'error', status: 429, message: 'Slow down' },
      { kind: 'message', content: [text('Nothing to look up.')] },
    ])
    const outcome = await ask(server, 'Hello')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(server.requests).toHaveLength(2)
    expect(outcome.answer).toMatchObject({ provider: 'anthropic', status: 'complete', fallbackFrom: [], text: 'Nothing to look up.' })
  })

  it('falls back to the next provider after a 500 outlasts the retries, and says so', async () => {
    const anthropic = await serve([
      { kind: 'error', status: 500, message: 'Overloaded' },
      { kind: 'error', status: 500, message: 'Overloaded' },
      { kind: 'error', status: 500, message: 'Overloaded' },
    ])
    const openai = await startOpenAIWireServer([
      { kind: 'message', toolCalls: [{ id: 'call_1', name: 'sales_by_weekday', arguments: '{"period":"all_time"}' }] },
      { kind: 'message', content: 'Saturday leads with $1,900.' },
    ])
    servers.push(openai)
    const events: AgentEvent[] = []
    const outcome = await ask(anthropic, 'Best weekday?', {
      events,
      environment: { LLM_FALLBACK: 'openai,local', OPENAI_API_KEY: 'test-openai', OPENAI_BASE_URL: `${openai.url}/v1` },
    })
    if (!outcome.ok) throw new Error(outcome.error)
    expect(anthropic.requests).toHaveLength(3)
    expect(outcome.answer).toMatchObject({ provider: 'openai', model: 'gpt-4.1', status: 'complete' })
    expect(outcome.answer.fallbackFrom).toEqual([{ provider: 'anthropic', model: 'claude-sonnet-4-6', error: expect.stringMatching(/500/) }])
    expect(outcome.answer.text).toMatch(/^_Answered by openai \(gpt-4\.1\) because anthropic \(claude-sonnet-4-6\) failed: 500/)
    expect(outcome.answer.text).toMatch(/Saturday leads with \$1,900\.$/)
    expect(outcome.answer.grounding.ok).toBe(true)
    expect(events).toContainEqual({ type: 'provider_fallback', from: 'anthropic', to: 'openai', error: expect.stringMatching(/500/) })
  })

  it('lets the offline planner finish from the tool results when the model fails mid-answer', async () => {
    const server = await serve([
      { kind: 'message', content: [toolUse('toolu_1', { period: 'all_time' })] },
      { kind: 'error', status: 500 },
      { kind: 'error', status: 500 },
      { kind: 'error', status: 500 },
    ])
    const outcome = await ask(server, 'Which weekday sells best?')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.answer).toMatchObject({ provider: 'local', status: 'complete' })
    expect(outcome.answer.toolCalls).toHaveLength(1)
    expect(outcome.answer.text).toContain('_Answered by local (offline-planner) because anthropic (claude-sonnet-4-6) failed')
    expect(outcome.answer.text).toContain('Saturday is the strongest day: $1,900')
    expect(outcome.answer.grounding.ok).toBe(true)
  })

  it('stops at the step cap and says so, with what the tools returned', async () => {
    const server = await serve([
      { kind: 'message', content: [toolUse('toolu_1', { period: 'all_time' })] },
      { kind: 'message', content: [toolUse('toolu_2', { period: 'last_7_days' })] },
      { kind: 'message', content: [text('never asked for')] },
    ])
    const outcome = await ask(server, 'Keep digging into weekdays', { maxSteps: 2 })
    if (!outcome.ok) throw new Error(outcome.error)
    expect(server.requests).toHaveLength(2)
    expect(outcome.answer).toMatchObject({ status: 'stopped', steps: 2 })
    expect(outcome.answer.toolCalls).toHaveLength(2)
    expect(outcome.answer.text).toMatch(/^I stopped before finishing because the step cap \(2 steps\) was reached\. What the tools returned so far:/)
    expect(outcome.answer.text).toContain('- **Sales by day of week**: Saturday is the strongest day')
    expect(outcome.answer.grounding.ok).toBe(true)
  })
})
