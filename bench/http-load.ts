import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from '../src/http/create-app.ts'
import type { Runtime } from '../src/runtime.ts'
import { askOverHttp, plannerQuestions as questions } from './chat-load.ts'
import { measureUnderLoad, type LoadTiming } from './measure.ts'

/** One answer, read to the end of its stream; anything but a complete answer fails the measurement. */
async function ask(base: string, question: string): Promise<void> {
  const outcome = await askOverHttp(base, question)
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
  try {
    const results: LoadTiming[] = []
    for (const concurrency of concurrencies) {
      results.push(
        await measureUnderLoad((request) => ask(base, questions[request % questions.length]!), {
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
        `The server and the benchmark share the machine; the pool holds 10 PostgreSQL connections.`,
      results,
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
