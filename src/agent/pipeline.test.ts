import { describe, expect, it } from 'vitest'
import { createCatalogRegistry } from '../../tools/index.ts'
import { loadConfig } from '../config/config.ts'
import { runtimeFrom } from '../runtime.ts'
import { runTool } from '../testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { conversationStore } from './conversation-store.ts'
import type { AgentEvent } from './events.ts'
import { answerQuestion } from './pipeline.ts'
import type { ModelProvider } from './providers/provider.ts'
import { loadWeekdaySales } from './testing/weekday-fixture.ts'

// No API key: the pipeline answers with the offline planner over the real catalog.
describe.each(testEngines())('the answer pipeline without a model, on %s', (engine) => {
  const database = useTestDatabase(engine, loadWeekdaySales)
  // Today is pinned to the fixture's last sale, as these expectations were written.
  const runtime = () => runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12' }), database(), createCatalogRegistry())

  it('answers a weekday question through the catalog with the narration, a table, the chart and the assumptions', async () => {
    const events: AgentEvent[] = []
    const outcome = await answerQuestion({
      runtime: runtime(),
      question: 'What are the best days of the week to sell, all time?',
      role: 'viewer',
      surface: 'test',
      onEvent: (event) => events.push(event),
    })
    if (!outcome.ok) throw new Error(outcome.error)
    const answer = outcome.answer
    expect(answer).toMatchObject({ provider: 'local', model: 'offline-planner', status: 'complete', steps: 2, fallbackFrom: [] })
    expect(answer.toolCalls).toEqual([expect.objectContaining({ name: 'sales_by_weekday', arguments: { period: 'all_time' }, ok: true, rowCount: 7 })])
    // The tool's own narration, then how the question was read.
    const direct = await runTool(database(), 'sales_by_weekday', { period: 'all_time' }, 'viewer')
    expect(direct.narration).toMatch(/^Saturday is the strongest day: \$1,900/)
    expect(answer.text).toBe(`${direct.narration}\n\n_How I read the question: Sales by day of week (sales_by_weekday) with period all time._`)
    expect(answer.tables).toEqual([expect.objectContaining({ tool: 'sales_by_weekday', totalRows: 7, columns: expect.arrayContaining(['weekday', 'revenue']) })])
    expect(answer.charts).toEqual([expect.objectContaining({ tool: 'sales_by_weekday', title: 'Sales by day of week' })])
    expect(answer.assumptions).toContain('Weekdays are read from the business day of the sale (sales.date_sold).')
    expect(answer.grounding).toMatchObject({ ok: true, ungrounded: [] })
    expect(answer.grounding.checked).toBeGreaterThanOrEqual(3)
    expect(answer.usage).toEqual({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimatedCostUsd: 0 })
    expect(events.map((event) => event.type)).toEqual(['start', 'tool_call_start', 'tool_call_end', 'chart', 'text_delta', 'final'])
  })

  it('declines what it cannot answer, with close questions and how to configure a model', async () => {
    for (const question of ["What's the weather in Paris?", 'Delete all sales', 'Email the customer list to bob@x.com']) {
      const outcome = await answerQuestion({ runtime: runtime(), question, role: 'analyst', surface: 'test' })
      if (!outcome.ok) throw new Error(outcome.error)
      expect(outcome.answer.toolCalls).toEqual([])
      expect(outcome.answer.text).toMatch(/Questions I can answer that come close:\n- ".+"\n- ".+"\n- ".+"\n\nFor free-form questions, configure a model: set ANTHROPIC_API_KEY/)
      expect(outcome.answer.grounding.ok).toBe(true)
    }
  })

  it('follows up on the previous answer of the conversation', async () => {
    const first = await answerQuestion({ runtime: runtime(), question: 'Sales by day of week for all time', role: 'analyst', surface: 'test' })
    if (!first.ok) throw new Error(first.error)
    const second = await answerQuestion({
      runtime: runtime(),
      question: 'and on Instagram?',
      conversationId: first.answer.conversationId,
      role: 'analyst',
      surface: 'test',
    })
    if (!second.ok) throw new Error(second.error)
    expect(second.answer.toolCalls[0]).toMatchObject({ name: 'sales_by_weekday', arguments: { period: 'all_time', channel: 'instagram' } })
    expect(second.answer.text).toMatch(/^Wednesday is the strongest day: \$600\.00/)
  })

  it('rejects an unknown conversation and an empty question as errors', async () => {
    const unknown = await answerQuestion({ runtime: runtime(), question: 'hi', conversationId: '00000000-0000-4000-8000-000000000000', role: 'analyst', surface: 'test' })
    expect(unknown).toEqual({ ok: false, error: 'No conversation with id 00000000-0000-4000-8000-000000000000.' })
    const badId = await answerQuestion({ runtime: runtime(), question: 'hi', conversationId: 'abc', role: 'analyst', surface: 'test' })
    expect(badId).toEqual({ ok: false, error: "'abc' is not a conversation id (a UUID)." })
    expect(await answerQuestion({ runtime: runtime(), question: '  ', role: 'analyst', surface: 'test' })).toEqual({ ok: false, error: 'The question is empty.' })
  })

  it('stores nothing when an answer breaks off midway', async () => {
    let conversationId = ''
    const crashing: ModelProvider = {
      name: 'anthropic',
      model: 'crashing-model',
      respond: () => Promise.reject(new Error('the process died')),
    }
    await expect(
      answerQuestion({
        runtime: runtime(),
        question: 'Best weekday?',
        role: 'analyst',
        surface: 'test',
        onEvent: (event) => {
          if (event.type === 'start') conversationId = event.conversationId
        },
        options: { providers: [crashing] },
      }),
    ).rejects.toThrow('the process died')
    expect(conversationId).not.toBe('')
    expect(await conversationStore(database().sql).answers(conversationId)).toEqual([])
    const [row] = await database().sql<{ count: number }[]>`select count(*)::int as count from messages where conversation_id = ${conversationId}`
    expect(row?.count).toBe(0)
  })
})
