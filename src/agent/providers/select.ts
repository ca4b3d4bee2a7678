import type { Config } from '../../config/config.ts'
import { businessToday } from '../../semantic/clock.ts'
import type { ToolRegistry } from '../../tools/registry.ts'
import type { ProviderName } from '../answer.ts'
import { createAnthropicProvider } from './anthropic.ts'
import { createLocalProvider, type LocalOptions } from './local.ts'
import { createOpenAIProvider } from './openai.ts'
import type { ModelProvider } from './provider.ts'
import type { RemoteProviderOptions } from './remote-provider.ts'

/**
 * Which providers answer, in order. The first is the explicit choice, else LLM_PROVIDER, else Anthropic when
 * ANTHROPIC_API_KEY is set, else OpenAI when OPENAI_API_KEY is set, else the offline planner. After it come
 * the LLM_FALLBACK providers (default: the offline planner, which never invents a figure), skipping any
 * without a key. A provider that fails after its SDK's retries hands over to the next.
 */
export interface ProviderSettings extends LocalOptions {
  /** Retries each SDK makes before its provider counts as failed (SDK default 2). */
  maxRetries?: number
  /** How long one model request may wait for the server to start answering (default 30 s). */
  requestTimeoutMs?: number
}

/**
 * The SDKs wait 10 minutes for a response by default, so a hung provider would spend the whole answer budget
 * (120 s) and never reach the fallback. A streaming API starts answering within seconds; 30 s per attempt,
 * times three attempts, still leaves time for the next provider.
 */
export const defaultRequestTimeoutMs = 30_000

export type ProviderChain = { ok: true; providers: ModelProvider[] } | { ok: false; error: string }

function primaryName(config: Config, explicit: ProviderName | undefined): ProviderName {
  if (explicit) return explicit
  if (config.LLM_PROVIDER) return config.LLM_PROVIDER
  if (config.ANTHROPIC_API_KEY) return 'anthropic'
  if (config.OPENAI_API_KEY) return 'openai'
  return 'local'
}

function create(name: ProviderName, config: Config, registry: ToolRegistry, settings: ProviderSettings): ModelProvider | string {
  const remote = (apiKey: string, model: string, baseURL: string | undefined): RemoteProviderOptions => ({
    apiKey,
    model,
    baseURL,
    maxRetries: settings.maxRetries,
    timeoutMs: settings.requestTimeoutMs ?? defaultRequestTimeoutMs,
  })
  switch (name) {
    case 'anthropic':
      if (!config.ANTHROPIC_API_KEY) return 'The anthropic provider needs ANTHROPIC_API_KEY.'
      return createAnthropicProvider(remote(config.ANTHROPIC_API_KEY, config.ANTHROPIC_MODEL, config.ANTHROPIC_BASE_URL))
    case 'openai':
      if (!config.OPENAI_API_KEY) return 'The openai provider needs OPENAI_API_KEY (any value for a local server that ignores it).'
      return createOpenAIProvider(remote(config.OPENAI_API_KEY, config.OPENAI_MODEL, config.OPENAI_BASE_URL))
    case 'local':
      // The planner reads "in March" against today on the business clock, as the tools resolve named periods.
      return createLocalProvider(registry, {
        ...settings,
        today: settings.today ?? (() => new Date(`${businessToday(config.LUXX_TIME_ZONE, config.LUXX_AS_OF)}T12:00:00Z`)),
      })
  }
}

export function selectProviders(
  config: Config,
  registry: ToolRegistry,
  explicit?: ProviderName,
  settings: ProviderSettings = {},
): ProviderChain {
  const first = primaryName(config, explicit)
  const primary = create(first, config, registry, settings)
  if (typeof primary === 'string') return { ok: false, error: primary }
  const providers = [primary]
  // The configuration has checked every name, so a bad list stops the start rather than a question.
  for (const name of config.LLM_FALLBACK) {
    if (providers.some((provider) => provider.name === name)) continue
    const provider = create(name, config, registry, settings)
    if (typeof provider !== 'string') providers.push(provider)
  }
  return { ok: true, providers }
}
