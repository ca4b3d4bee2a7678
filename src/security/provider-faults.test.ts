import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Answer } from '../agent/answer.ts'
import { conversationStore } from '../agent/conversation-store.ts'
import type { AgentEvent } from '../agent/events.ts'
import { answerQuestion } from '../agent/pipeline.ts'
import { loadWeekdaySales, weekdayRuntime } from '../agent/testing/weekday-fixture.ts'
import type { Environment } from '../config/config.ts'
import { startAnthropicWireServer } from '../testing/anthropic-wire-server.ts'
import { startOpenAIWireServer } from '../testing/openai-wire-server.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import type { ConnectionFault, StreamCut, WireServer } from '../testing/wire-server.ts'

/**
 * A model provider failing in each way it does (429, 529, 500, no answer at all, a dropped connection, a stream
 * cut short) is retried by its SDK, then handed to the fallback provider, or, with none left, answered with a
 * clear failure. Whatever happens, what is stored as the answer is whole: a failed attempt's partial text never is.
 */
type Fault = { kind: 'error'; status: number; message?: string } | ConnectionFault

const faults: Array<{ label: string; fault: Fault; reason: RegExp }> = [
  { label: '429 rate limit', fault: { kind: 'error', status: 429, message: 'Slow down' }, reason: /429/ },
  { label: '529 overloaded', fault: { kind: 'error', status: 529, message: 'Overloaded' }, reason: /529/ },
  { label: '500 server error', fault: { kind: 'error', status: 500, message: 'Internal error' }, reason: /500/ },
  { label: 'no answer (timeout)', fault: { kind: 'hang' }, reason: /timed out/i },
  { label: 'connection reset', fault: { kind: 'reset' }, reason: /connection error/i },
]

const modelAnswer = 'Saturday is the strongest day.'
const partialText = 'Monday is the strongest day by far, with revenue of'

/** One provider under test: how to serve it a script, and the environment that selects it. */
interface ProviderUnderTest {
  name: 'anthropic' | 'openai'
  serve(faultsFirst: readonly Fault[], thenAnswer: boolean): Promise<WireServer>
  serveCutStream(cut: StreamCut): Promise<WireServer>
  environment(server: WireServer, fallback: string): Environment
}

const underTest: ProviderUnderTest[] = [
  {
    name: 'anthropic',
    serve: (faultsFirst, thenAnswer) =>
      startAnthropicWireServer([...faultsFirst, ...(thenAnswer ? [{ kind: 'message' as const, content: [{ type: 'text' as const, text: modelAnswer }] }] : [])]),
    serveCutStream: (cut) => startAnthropicWireServer([{ kind: 'message', content: [{ type: 'text', text: partialText + ' $9,999.' }], cut }]),
    environment: (server, fallback) => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server.url, LLM_PROVIDER: 'anthropic', LLM_FALLBACK: fallback }),
  },
  {
    name: 'openai',
    serve: (faultsFirst, thenAnswer) => startOpenAIWireServer([...faultsFirst, ...(thenAnswer ? [{ kind: 'message' as const, content: modelAnswer }] : [])]),
    serveCutStream: (cut) => startOpenAIWireServer([{ kind: 'message', content: partialText + ' $9,999.', cut }]),
    environment: (server, fallback) => ({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${server.url}/v1`, LLM_PROVIDER: 'openai', LLM_FALLBACK: fallback }),
  },
]

// One retry per provider keeps the matrix quick (the default is 2). A request waits 10 s for an answer, 1 s when
// the script hangs on purpose (the default is 30 s): short enough to be quick, long enough for a loaded machine.
const retries = 1
const requestTimeoutMs = (fault?: Fault) => (fault?.kind === 'hang' ? 1_000 : 10_000)

describe.each(testEngines())('model provider faults on %s', (engine) => {
  const database = useTestDatabase(engine, loadWeekdaySales)
  const servers: WireServer[] = []
  const handled: Record<string, number> = {}
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })
  afterAll(() => {
    console.info(`Provider faults handled on ${engine}: ${Object.keys(handled).length}`, Object.keys(handled))
  })

  async function ask(environment: Environment, options: { fault?: Fault; events?: AgentEvent[] } = {}): Promise<Answer> {
    const outcome = await answerQuestion({
      runtime: weekdayRuntime(database(), environment),
      question: 'Which weekday sells best?',
      role: 'analyst',
      surface: 'test',
      onEvent: (event) => options.events?.push(event),
      options: { maxRetries: retries, requestTimeoutMs: requestTimeoutMs(options.fault) },
    })
    if (!outcome.ok) throw new Error(outcome.error)
    return outcome.answer
  }

  /** The stored answer is exactly the one returned; a failed one is kept out of the history a follow-up reads. */
  async function expectStoredAsReturned(answer: Answer): Promise<void> {
    const store = conversationStore(database().sql)
    expect(await store.answers(answer.conversationId)).toEqual([answer])
    const history = await store.history(answer.conversationId)
    expect(history).toEqual({ ok: true, turns: answer.status === 'failed' ? [] : [expect.objectContaining({ answer: answer.text })] })
  }

  async function serve(provider: ProviderUnderTest, faultsFirst: readonly Fault[], thenAnswer: boolean): Promise<WireServer> {
    const server = await provider.serve(faultsFirst, thenAnswer)
    servers.push(server)
    return server
  }

  describe.each(underTest)('$name', (provider) => {
    it.each(faults)('$label once: the SDK retries and the same provider answers', async ({ label, fault }) => {
      const server = await serve(provider, [fault], true)
      const answer = await ask(provider.environment(server, 'local'), { fault })
      expect(server.requests).toHaveLength(2)
      expect(answer).toMatchObject({ status: 'complete', provider: provider.name, fallbackFrom: [], text: modelAnswer })
      await expectStoredAsReturned(answer)
      handled[`${provider.name} ${label}: retried`] = 1
    })

    it.each(faults)('$label on every attempt: the offline planner answers, and says why', async ({ label, fault, reason }) => {
      const server = await serve(provider, Array.from({ length: retries + 1 }, () => fault), false)
      const answer = await ask(provider.environment(server, 'local'), { fault })
      expect(server.requests).toHaveLength(retries + 1)
      expect(answer).toMatchObject({ status: 'complete', provider: 'local' })
      expect(answer.fallbackFrom).toEqual([{ provider: provider.name, model: expect.any(String), error: expect.stringMatching(reason) }])
      expect(answer.text).toMatch(new RegExp(`^_Answered by local \\(offline-planner\\) because ${provider.name} \\(.+\\) failed: `))
      expect(answer.text).toContain('Saturday is the strongest day: $1,900')
      expect(answer.grounding.ok).toBe(true)
      await expectStoredAsReturned(answer)
      handled[`${provider.name} ${label}: fell back`] = 1
    })

    it.each(faults)('$label with no fallback left: a clear failure, stored as failed, left out of the history', async ({ label, fault, reason }) => {
      const server = await serve(provider, Array.from({ length: retries + 1 }, () => fault), false)
      const answer = await ask(provider.environment(server, provider.name), { fault })
      expect(answer).toMatchObject({ status: 'failed', provider: provider.name, toolCalls: [], tables: [], charts: [] })
      expect(answer.text).toMatch(new RegExp(`^I could not answer: no provider could answer \\(${provider.name}: .+\\)\\.$`))
      expect(answer.text).toMatch(reason)
      await expectStoredAsReturned(answer)
      handled[`${provider.name} ${label}: failed clearly`] = 1
    })

    it.each([
      { how: 'reset' as const, label: 'dropped' },
      { how: 'end' as const, label: 'closed cleanly' },
    ])('a stream $label halfway: the half reply is discarded and the next provider answers', async ({ how, label }) => {
      const server = await provider.serveCutStream({ afterEvents: 3, how })
      servers.push(server)
      const events: AgentEvent[] = []
      const answer = await ask(provider.environment(server, 'local'), { events })
      // The partial text did stream (the events say the next provider supersedes it), but it is not the answer.
      const streamed = events.flatMap((event) => (event.type === 'text_delta' ? [event.text] : [])).join('')
      expect(streamed).toContain(partialText.slice(0, 10))
      expect(events.map((event) => event.type)).toContain('provider_fallback')
      expect(answer).toMatchObject({ status: 'complete', provider: 'local' })
      expect(answer.text).not.toContain(partialText.slice(0, 10))
      expect(answer.text).not.toContain('9,999')
      await expectStoredAsReturned(answer)
      handled[`${provider.name} stream ${label}: discarded`] = 1
    })
  })

  it('both models down in different ways: the chain goes on to the offline planner and names both failures', async () => {
    const hang: Fault = { kind: 'hang' }
    const anthropic = await serve(underTest[0]!, [hang, hang], false)
    const openai = await serve(underTest[1]!, [{ kind: 'reset' }, { kind: 'reset' }], false)
    const answer = await ask(
      { ...underTest[0]!.environment(anthropic, 'openai,local'), OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${openai.url}/v1` },
      { fault: hang },
    )
    expect(answer).toMatchObject({ status: 'complete', provider: 'local' })
    expect(answer.fallbackFrom.map((failure) => failure.provider)).toEqual(['anthropic', 'openai'])
    expect(answer.text).toMatch(/^_Answered by local \(offline-planner\) because anthropic \(.+\) failed: .*timed out.*; openai \(.+\) failed: Connection error/i)
    await expectStoredAsReturned(answer)
    handled['anthropic then openai down: planner answered'] = 1
  })
})
