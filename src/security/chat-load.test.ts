import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plannerQuestions, runChatLoad } from '../../bench/chat-load.ts'
import { loadConfig } from '../config/config.ts'
import { createApp } from '../http/create-app.ts'
import { listen, type TestServer } from '../http/testing/app-server.ts'
import { runtimeFrom } from '../runtime.ts'
import { testEngines, useDemoDatabase } from '../testing/test-database.ts'

/**
 * The load test of `npm run load`, shortened: 50 chats at once against the server on the demo data for about
 * ten seconds, the offline planner answering. Every answer must stream to its end, complete.
 */
const users = 50
const seconds = 10

describe.each(testEngines())('50 concurrent chats on %s', (engine) => {
  const database = useDemoDatabase(engine)
  let server: TestServer
  beforeAll(async () => {
    const config = loadConfig({ LLM_PROVIDER: 'local', LUXX_RATE_LIMIT_PER_MINUTE: '100000' })
    server = await listen(createApp({ runtime: runtimeFrom(config, database()) }))
  })
  afterAll(() => server?.close())

  it('answer every question in full, without one error, for ten seconds', async () => {
    const result = await runChatLoad({ baseUrl: server.base, users, seconds, questions: plannerQuestions })
    console.info(`Chat load on ${engine}:`, result)
    expect(result.errorSamples).toEqual([])
    expect(result.errors).toBe(0)
    // Every chat got at least one answer in; each answer ended its stream complete (an error otherwise).
    expect(result.requests).toBeGreaterThanOrEqual(users)
    const [stored] = await database().sql<{ answers: number; complete: number }[]>`
      select count(*)::int as answers, count(*) filter (where status = 'complete')::int as complete from answers`
    expect(stored).toEqual({ answers: result.requests, complete: result.requests })
  }, 120_000)
})
