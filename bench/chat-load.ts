import type { Answer } from '../src/agent/answer.ts'
import { parseServerEvents } from '../src/http/testing/app-server.ts'
import { summarize } from './measure.ts'

/**
 * Questions the offline planner maps to tools that read the daily rollups: what a dashboard asks all day.
 * Questions on per-customer or per-item tools take as long as those tools (the tools table) plus the pipeline.
 */
export const plannerQuestions: readonly string[] = [
  'What are our best days of the week?',
  'sales trend this quarter',
  'Is our business seasonal?',
  'Forecast revenue for next month',
  'Any anomalies in weekly orders this year?',
]

/** A chat continues one conversation for this many questions, then starts a new one (history stays short). */
const turnsPerConversation = 5

export type ChatOutcome = { ok: true; answer: Answer } | { ok: false; error: string }

/**
 * One answer over Server-Sent Events, read to the end of its stream. Anything but a stream that ends with a
 * `final` event holding a complete answer is an error, with what came instead.
 */
export async function askOverHttp(baseUrl: string, question: string, options: { conversationId?: string; token?: string } = {}): Promise<ChatOutcome> {
  const response = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: JSON.stringify({ message: question, ...(options.conversationId ? { conversationId: options.conversationId } : {}) }),
  })
  const body = await response.text()
  if (response.status !== 200) return { ok: false, error: `HTTP ${response.status}: ${body.slice(0, 200)}` }
  const events = parseServerEvents(body)
  const last = events.at(-1)
  if (last?.name !== 'final') {
    const failure = events.find((event) => event.name === 'error')
    return { ok: false, error: failure ? `error event: ${JSON.stringify(failure.data)}` : `the stream ended after ${events.map((event) => event.name).join(', ') || 'no event'}` }
  }
  const answer = (last.data as { answer: Answer }).answer
  if (answer.status !== 'complete') return { ok: false, error: `a ${answer.status} answer: ${answer.text.slice(0, 200)}` }
  return { ok: true, answer }
}

export interface ChatLoadOptions {
  /** The server, e.g. http://127.0.0.1:3000. */
  baseUrl: string
  /** Chats going at once, each asking its next question as soon as its previous answer has ended. */
  users: number
  seconds: number
  questions: readonly string[]
  /** An API key, when the server requires one. */
  token?: string
}

export interface ChatLoadResult {
  users: number
  /** How long the run took: the last answers started before the deadline finish after it. */
  seconds: number
  /** Answers asked for, errors included. */
  requests: number
  errors: number
  /** The first few errors, as they came. */
  errorSamples: string[]
  /** Latency of every request, until its stream ended. */
  p50Ms: number
  p95Ms: number
  maxMs: number
  meanMs: number
  answersPerSecond: number
}

const errorSamplesKept = 5

/**
 * Keeps `users` chats going against a running server for `seconds`: each asks the questions in turn (starting
 * at its own offset), continuing its conversation for a few questions before starting a new one, and reads
 * every answer's stream to its end. Counts errors and records each answer's latency.
 */
export async function runChatLoad(options: ChatLoadOptions): Promise<ChatLoadResult> {
  if (options.questions.length === 0) throw new Error('runChatLoad needs at least one question.')
  const latencies: number[] = []
  const errorSamples: string[] = []
  let errors = 0
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  await Promise.all(
    Array.from({ length: options.users }, async (_, user) => {
      let conversationId: string | undefined
      for (let turn = 0; performance.now() < deadline; turn++) {
        const question = options.questions[(user + turn) % options.questions.length]!
        const asked = performance.now()
        const outcome = await askOverHttp(options.baseUrl, question, {
          ...(conversationId && turn % turnsPerConversation !== 0 ? { conversationId } : {}),
          ...(options.token ? { token: options.token } : {}),
        }).catch((error: unknown): ChatOutcome => ({ ok: false, error: `request failed: ${error instanceof Error ? error.message : String(error)}` }))
        latencies.push(performance.now() - asked)
        if (outcome.ok) {
          conversationId = outcome.answer.conversationId
        } else {
          errors += 1
          if (errorSamples.length < errorSamplesKept) errorSamples.push(outcome.error)
          conversationId = undefined
        }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const timing = summarize(latencies)
  return {
    users: options.users,
    seconds: Math.round(seconds * 10) / 10,
    requests: latencies.length,
    errors,
    errorSamples,
    p50Ms: timing.p50Ms,
    p95Ms: timing.p95Ms,
    maxMs: timing.maxMs,
    meanMs: timing.meanMs,
    answersPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
  }
}
