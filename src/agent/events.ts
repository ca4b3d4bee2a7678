import type { Answer, AnswerChart, ProviderName } from './answer.ts'

/**
 * What the answer pipeline reports while it works, for streaming surfaces (the web chat, the CLI chat).
 * `text_delta` pieces of a step that fails are superseded: after `provider_fallback` the next provider
 * writes the answer again, and `final` always carries the whole answer.
 */
export type AgentEvent =
  | { type: 'start'; conversationId: string; answerId: string; provider: ProviderName; model: string }
  | { type: 'text_delta'; text: string }
  | { type: 'tool_call_start'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_end'; id: string; name: string; ok: boolean; durationMs: number; rowCount: number | null; error: string | null }
  | { type: 'chart'; chart: AnswerChart }
  | { type: 'provider_fallback'; from: ProviderName; to: ProviderName; error: string }
  | { type: 'final'; answer: Answer }

export type AgentEventListener = (event: AgentEvent) => void
