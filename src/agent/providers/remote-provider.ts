import type { ProviderName } from '../answer.ts'
import { describeFailure, priorAnswerText, ProviderError, type ModelOutcome, type PriorTurn } from './provider.ts'

/** What the providers that call a hosted model through its SDK (Anthropic, OpenAI) share. */
export interface RemoteProviderOptions {
  apiKey: string
  model: string
  /** Another server speaking the same API (a gateway, or for OpenAI: Ollama, vLLM); unset: the vendor's own. */
  baseURL?: string | undefined
  /** Retries the SDK makes on 429, 5xx and connection errors before the provider reports a failure. */
  maxRetries?: number | undefined
  /** How long one attempt may wait for the server to start answering before it counts as failed and is retried. */
  timeoutMs?: number | undefined
}

export interface SdkClientOptions {
  apiKey: string
  baseURL?: string
  maxRetries?: number
  timeout?: number
}

/** Both SDKs take the same client settings (timeout in milliseconds); an option left unset keeps the SDK's default. */
export function sdkClientOptions(options: RemoteProviderOptions): SdkClientOptions {
  return {
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
  }
}

/** Runs one model turn; whatever the SDK throws after its retries becomes this provider's failure, without a stack. */
export async function failuresAsOutcome(provider: ProviderName, turn: () => Promise<ModelOutcome>): Promise<ModelOutcome> {
  try {
    return await turn()
  } catch (error) {
    const { message, status } = describeFailure(error)
    return { ok: false, error: new ProviderError(provider, message, status) }
  }
}

/** Earlier questions and their answers as alternating user and assistant messages: the same shape in both APIs. */
export function historyMessages(history: PriorTurn[]): Array<{ role: 'user'; content: string } | { role: 'assistant'; content: string }> {
  return history.flatMap((turn) => [
    { role: 'user' as const, content: turn.question },
    { role: 'assistant' as const, content: priorAnswerText(turn) },
  ])
}
