import type { ProviderName } from '../answer.ts'
import type { Envelope } from '../../tools/envelope.ts'

/**
 * The one narrow interface between the agent loop and a model. A provider turns the conversation so far
 * into one model turn: text, tool calls, or both. The loop runs the tools; providers never do.
 */
export interface ToolSpec {
  name: string
  /** What the model reads to choose the tool: the tool's description and example questions. */
  description: string
  /** JSON Schema of the arguments (from the tool's zod input). */
  inputSchema: Record<string, unknown>
}

export interface ToolCallRequest {
  id: string
  name: string
  arguments: unknown
  /** Set when the model's arguments were not readable JSON; the loop answers with an error result. */
  argumentsError?: string
}

export interface ToolResultMessage {
  callId: string
  name: string
  /** What the model reads: the result as data inside a delimited block. */
  content: string
  isError: boolean
  /** The structured result, for the offline planner that composes from envelopes instead of reading text. */
  envelope?: Envelope
  /** The tool's error message when the call failed. */
  error?: string
}

/** One message of the current question's exchange. */
export type TurnMessage =
  | { role: 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls: ToolCallRequest[] }
  | { role: 'tool'; results: ToolResultMessage[] }

/** An earlier question of the conversation and how it was answered. */
export interface PriorTurn {
  question: string
  answer: string
  toolCalls: { name: string; arguments: unknown; ok: boolean }[]
}

export interface ModelRequest {
  /** System prompt sections, in order; the last one closes the cacheable prefix. */
  system: string[]
  tools: readonly ToolSpec[]
  history: PriorTurn[]
  messages: TurnMessage[]
  maxOutputTokens: number
  signal: AbortSignal
  onTextDelta(text: string): void
}

export interface TokenUsage {
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
}

export interface ModelTurn {
  text: string
  toolCalls: ToolCallRequest[]
  usage: TokenUsage
}

/** A provider failure after the SDK's own retries: the message says what went wrong, for the answer and logs. */
export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'ProviderError'
  }
}

export type ModelOutcome = { ok: true; turn: ModelTurn } | { ok: false; error: ProviderError }

export interface ModelProvider {
  readonly name: ProviderName
  readonly model: string
  respond(request: ModelRequest): Promise<ModelOutcome>
}

export const emptyUsage: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }

/** How an earlier answer is shown to a model: its text, then the tools it used, so "and by brand?" can be resolved. */
export function priorAnswerText(turn: PriorTurn): string {
  const used = turn.toolCalls
    .filter((call) => call.ok)
    .map((call) => `${call.name} ${JSON.stringify(call.arguments ?? {})}`)
  return used.length > 0 ? `${turn.answer}\n\n<tools_used>\n${used.join('\n')}\n</tools_used>` : turn.answer
}

/** SDK errors name the status and the server's message; keep that, drop the stack. */
export function describeFailure(error: unknown): { message: string; status?: number } {
  if (error && typeof error === 'object') {
    const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined
    const raw = 'message' in error && typeof error.message === 'string' ? error.message : String(error)
    // Node's fetch says only "terminated" when the connection drops mid-stream.
    const message = raw === 'terminated' ? 'the connection closed in the middle of the reply (terminated)' : raw
    return status === undefined ? { message } : { message, status }
  }
  return { message: String(error) }
}
