import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from '../src/http/create-app.ts'
import type { Runtime } from '../src/runtime.ts'
import { measureUnderLoad, type LoadTiming } from './measure.ts'

/**
 * Questions the offline planner maps to tools that read the daily rollups: what a dashboard asks all day.
 * Questions on per-customer or per-item tools take as long as those tools (the tools table) plus the pipeline.
 */
const questions = [
  'What are our best days of the week?',
  'sales trend this quarter',
  'Is our business seasonal?',
  'Forecast revenue for next month',
  'Any anomalies in weekly orders this year?',
]

/** One answer over Server-Sent Events, read to its end; an answer without its `final` event is an error. */
async function ask(base: string, question: string): Promise<void> {
  const response = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: question }),
  })
  const body = await response.text()
  if (response.status !== 200 || !body.includes('event: final')) {
    throw new Error(`POST /api/chat answered ${response.status} without a final answer: ${body.slice(0, 300)}`)
  }
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
      questions,
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
