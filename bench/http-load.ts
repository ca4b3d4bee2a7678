import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApiKey } from '../src/auth/api-keys.ts'
import { createApp } from '../src/http/create-app.ts'
import type { Runtime } from '../src/runtime.ts'
import { askOverHttp, plannerQuestions as questions } from './chat-load.ts'
import { measureUnderLoad, type LoadTiming } from './measure.ts'

/** One answer, read to the end of its stream; anything but a complete answer fails the measurement. */
async function ask(base: string, question: string, token: string): Promise<void> {
  const outcome = await askOverHttp(base, question, { token })
  if (!outcome.ok) throw new Error(`POST /api/chat failed: ${outcome.error}`)
}

/**
 * The offline planner's answers end to end through POST /api/chat (createApp on an ephemeral port, the
 * runtime's connection pool): 1 client, then `concurrency` clients in closed loop.
 */
export async function measureHttpAnswers(
  runtime: Runtime,
  concurrencies: readonly number[],
  requestsPerClient: number,
): Promise<{ route: string; questions: string[]; note: string; results: LoadTiming[] }> {
  const server = await new Promise<Server>((resolve) => {
    const listening = createApp({ runtime }).listen(0, '127.0.0.1', () => resolve(listening))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // As a deployed server is asked: each user with their own API key (a database that holds keys, from the flood run
  // for one, refuses requests without), so the per-key cap on concurrent requests holds no user back.
  const users = await Promise.all(
    Array.from({ length: Math.max(...concurrencies) }, (_, index) => createApiKey(runtime.database.sql, `bench-http-${Date.now()}-${index}`, 'analyst')),
  )
  try {
    const results: LoadTiming[] = []
    for (const concurrency of concurrencies) {
      results.push(
        await measureUnderLoad((request) => ask(base, questions[request % questions.length]!, users[request % concurrency]!.token), {
          concurrency,
          requests: concurrency * requestsPerClient,
          warmup: 1,
        }),
      )
    }
    return {
      route: 'POST /api/chat (offline planner, streamed answer read to the end)',
      questions: [...questions],
      note:
        `Each client asks the next of ${questions.length} questions (${questions.map((question) => `"${question}"`).join(', ')}) as soon as its previous answer ` +
        `has ended: the planner picks the tool, the executor runs it, the answer is grounded and stored with its conversation. ` +
        `Each client asks with its own analyst API key. ` +
        `The server and the benchmark share the machine; the pool holds 10 PostgreSQL connections.`,
      results,
    }
  } finally {
    await runtime.database.sql`update api_keys set revoked_at = now() where id in ${runtime.database.sql(users.map((user) => user.key.id))}`
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
