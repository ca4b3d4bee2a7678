import { afterEach, describe, expect, it } from 'vitest'
import { startOpenAIWireServer, type OpenAIReply } from '../../testing/openai-wire-server.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import type { WireServer } from '../../testing/wire-server.ts'
import { answerQuestion } from '../pipeline.ts'
import { loadWeekdaySales, weekdayRuntime } from '../testing/weekday-fixture.ts'

interface SentMessage {
  role: string
  content: string | null
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[]
  tool_call_id?: string
}
interface SentTool {
  type: string
  function: { name: string; description: string; parameters: { properties?: Record<string, unknown> } }
}

const weekdayCall = (id: string, args: string) => ({ id, name: 'sales_by_weekday', arguments: args })

describe.each(testEngines())('the OpenAI provider through the real SDK on %s', (engine) => {
  const database = useTestDatabase(engine, loadWeekdaySales)
  const servers: WireServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })

  async function serve(script: OpenAIReply[]): Promise<WireServer> {
    const server = await startOpenAIWireServer(script)
    servers.push(server)
    return server
  }

  function ask(server: WireServer, question: string, options: { maxSteps?: number; conversationId?: string } = {}) {
    const runtime = weekdayRuntime(database(), {
      OPENAI_API_KEY: 'test-openai',
      OPENAI_BASE_URL: `${server.url}/v1`,
      LLM_FALLBACK: 'local',
    })
    return answerQuestion({
      runtime,
      question,
      conversationId: options.conversationId,
      role: 'analyst',
      surface: 'test',
      options: { maxRetries: 2, ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}) },
    })
  }

  it('calls a tool through function calling, streams the answer and counts cached tokens', async () => {
    const server = await serve([
      { kind: 'message', toolCalls: [weekdayCall('call_1', '{"period":"all_time"}')], usage: { prompt_tokens: 1000, completion_tokens: 20, cached_tokens: 800 } },
      { kind: 'message', content: 'Saturday brings $1,900, 58.5% of revenue; Wednesday $600.', usage: { prompt_tokens: 1500, completion_tokens: 30, cached_tokens: 800 } },
    ])
    const outcome = await ask(server, 'Which weekday brings the most revenue?')
    if (!outcome.ok) throw new Error(outcome.error)
    const answer = outcome.answer
    expect(answer).toMatchObject({ status: 'complete', provider: 'openai', model: 'gpt-4.1', steps: 2, text: 'Saturday brings $1,900, 58.5% of revenue; Wednesday $600.' })
    expect(answer.toolCalls).toEqual([expect.objectContaining({ id: 'call_1', name: 'sales_by_weekday', arguments: { period: 'all_time' }, ok: true, rowCount: 7 })])
    expect(answer.grounding).toEqual({ ok: true, checked: 3, ungrounded: [] })
    // Uncached input: (1000 − 800) + (1500 − 800) = 900; cached 1,600; output 50.
    expect(answer.usage).toMatchObject({ inputTokens: 900, cacheReadTokens: 1600, outputTokens: 50, cacheWriteTokens: 0 })
    expect(answer.usage.estimatedCostUsd).toBeCloseTo((900 * 2 + 1600 * 0.5 + 50 * 8) / 1e6, 9)

    const [first, second] = server.requests.map((request) => request.body)
    expect(server.requests[0]!.headers.authorization).toBe('Bearer test-openai')
    expect(first).toMatchObject({ model: 'gpt-4.1', stream: true, stream_options: { include_usage: true } })
    const sent = first!.messages as SentMessage[]
    expect(sent[0]!.role).toBe('system')
    expect(sent[0]!.content).toMatch(/^# Role[\s\S]*# Rules[\s\S]*<tool_result>[\s\S]*# Choosing tools[\s\S]*# Answer format/)
    expect(sent[1]).toEqual({ role: 'user', content: 'Which weekday brings the most revenue?' })
    const [tool] = first!.tools as SentTool[]
    expect(tool!.type).toBe('function')
    expect(tool!.function.name).toBe('sales_by_weekday')
    expect(tool!.function.description).toContain('Example questions: What are the best days of the week to sell?')
    expect(Object.keys(tool!.function.parameters.properties ?? {})).toEqual(['period', 'from', 'to', 'channel'])
    const followUp = second!.messages as SentMessage[]
    expect(followUp.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool'])
    expect(followUp[2]!.tool_calls).toEqual([{ id: 'call_1', type: 'function', function: { name: 'sales_by_weekday', arguments: '{"period":"all_time"}' } }])
    expect(followUp[3]!.tool_call_id).toBe('call_1')
    expect(followUp[3]!.content).toMatch(/^<tool_result tool="sales_by_weekday">/)
  })

  it('runs two tool calls of one turn', async () => {
    const server = await serve([
      { kind: 'message', toolCalls: [weekdayCall('call_a', '{"channel":"whatnot","period":"all_time"}'), weekdayCall('call_b', '{"channel":"instagram","period":"all_time"}')] },
      { kind: 'message', content: 'Whatnot: Saturday, $1,900. Instagram: Wednesday, $600.' },
    ])
    const outcome = await ask(server, 'Whatnot vs Instagram by weekday')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.answer.toolCalls.map((call) => call.ok)).toEqual([true, true])
    const toolMessages = (server.requests[1]!.body.messages as SentMessage[]).filter((message) => message.role === 'tool')
    expect(toolMessages.map((message) => message.tool_call_id)).toEqual(['call_a', 'call_b'])
    expect(outcome.answer.grounding.ok).toBe(true)
  })

  it('answers arguments that are not JSON with an error result, and the model corrects them', async () => {
    const server = await serve([
      { kind: 'message', toolCalls: [weekdayCall('call_1', '{"period": "all_time", channel: instagram}')] },
      { kind: 'message', toolCalls: [weekdayCall('call_2', '{"period":"all_time","channel":"instagram"}')] },
      { kind: 'message', content: 'On Instagram only Wednesday sold: $600.' },
    ])
    const outcome = await ask(server, 'Best Instagram weekday?')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.answer.toolCalls[0]).toMatchObject({ ok: false, error: { code: 'invalid_arguments', message: expect.stringMatching(/^The arguments for sales_by_weekday were not valid JSON/) } })
    expect(outcome.answer.toolCalls[1]).toMatchObject({ ok: true, arguments: { period: 'all_time', channel: 'instagram' } })
    const errorMessage = (server.requests[1]!.body.messages as SentMessage[]).find((message) => message.role === 'tool')
    expect(errorMessage!.content).toMatch(/^<tool_error tool="sales_by_weekday" code="invalid_arguments">/)
    expect(outcome.answer.grounding.ok).toBe(true)
  })

  it('retries a 429 inside the SDK', async () => {
    const server = await serve([
      { kind: 'error', status: 429 },
      { kind: 'message', content: 'Ready when you are.' },
    ])
    const outcome = await ask(server, 'Hi')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(server.requests).toHaveLength(2)
    expect(outcome.answer).toMatchObject({ provider: 'openai', fallbackFrom: [] })
  })

  it('falls back to the offline planner when the server keeps failing, and says so', async () => {
    const server = await serve([
      { kind: 'error', status: 500 },
      { kind: 'error', status: 500 },
      { kind: 'error', status: 500 },
    ])
    const outcome = await ask(server, 'What are the best days of the week to sell, all time?')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(server.requests).toHaveLength(3)
    expect(outcome.answer).toMatchObject({ provider: 'local', model: 'offline-planner', status: 'complete' })
    expect(outcome.answer.fallbackFrom).toEqual([{ provider: 'openai', model: 'gpt-4.1', error: expect.stringMatching(/^500/) }])
    expect(outcome.answer.text).toMatch(/^_Answered by local \(offline-planner\) because openai \(gpt-4\.1\) failed: 500/)
    expect(outcome.answer.text).toContain('Saturday is the strongest day: $1,900')
    expect(outcome.answer.toolCalls[0]).toMatchObject({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })
    expect(outcome.answer.grounding.ok).toBe(true)
  })

  it('stops at the step cap', async () => {
    const server = await serve([
      { kind: 'message', toolCalls: [weekdayCall('call_1', '{}')] },
      { kind: 'message', toolCalls: [weekdayCall('call_2', '{}')] },
    ])
    const outcome = await ask(server, 'Dig into weekdays', { maxSteps: 2 })
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.answer).toMatchObject({ status: 'stopped', steps: 2 })
    expect(outcome.answer.text).toMatch(/the step cap \(2 steps\) was reached/)
  })

  it('sends the earlier turns of a conversation, with the tools they used', async () => {
    const server = await serve([
      { kind: 'message', toolCalls: [weekdayCall('call_1', '{"period":"all_time"}')] },
      { kind: 'message', content: 'Saturday leads with $1,900.' },
      { kind: 'message', toolCalls: [weekdayCall('call_2', '{"period":"all_time","channel":"instagram"}')] },
      { kind: 'message', content: 'On Instagram, Wednesday: $600.' },
    ])
    const first = await ask(server, 'Best weekday?')
    if (!first.ok) throw new Error(first.error)
    const second = await ask(server, 'And on Instagram?', { conversationId: first.answer.conversationId })
    if (!second.ok) throw new Error(second.error)
    const sent = server.requests[2]!.body.messages as SentMessage[]
    expect(sent.slice(1)).toEqual([
      { role: 'user', content: 'Best weekday?' },
      { role: 'assistant', content: 'Saturday leads with $1,900.\n\n<tools_used>\nsales_by_weekday {"period":"all_time"}\n</tools_used>' },
      { role: 'user', content: 'And on Instagram?' },
    ])
  })
})
