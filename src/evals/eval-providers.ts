import { providerNames, type ProviderName } from '../agent/answer.ts'
import type { ModelProvider } from '../agent/providers/provider.ts'
import { selectProviders, type ProviderSettings } from '../agent/providers/select.ts'
import type { Config } from '../config/config.ts'
import type { ToolRegistry } from '../tools/registry.ts'

/**
 * The one way evals get providers: the same cases run against each, and each answers alone (no fallback),
 * so a score is that provider's own. `all` runs every provider whose key is set and says which were skipped.
 */
export type ProviderRequest = ProviderName | 'all' | undefined

export interface SkippedProvider {
  name: ProviderName
  reason: string
}

export type EvalProvidersOutcome =
  | { ok: true; providers: ModelProvider[]; skipped: SkippedProvider[] }
  | { ok: false; error: string }

function alone(config: Config, registry: ToolRegistry, name: ProviderName | undefined, settings: ProviderSettings): ModelProvider | string {
  // Only the first of the chain answers: an eval of a model must not be scored on the planner's fallback answers.
  const chain = selectProviders(config, registry, name, settings)
  if (!chain.ok) return chain.error
  return chain.providers[0] ?? 'No provider is available.'
}

export function evalProviders(config: Config, registry: ToolRegistry, request: ProviderRequest, settings: ProviderSettings = {}): EvalProvidersOutcome {
  if (request !== 'all') {
    const provider = alone(config, registry, request, settings)
    return typeof provider === 'string' ? { ok: false, error: provider } : { ok: true, providers: [provider], skipped: [] }
  }
  const providers: ModelProvider[] = []
  const skipped: SkippedProvider[] = []
  for (const name of providerNames) {
    const provider = alone(config, registry, name, settings)
    if (typeof provider === 'string') skipped.push({ name, reason: provider })
    else providers.push(provider)
  }
  return { ok: true, providers, skipped }
}

export function parseProviderRequest(value: string | undefined): { ok: true; request: ProviderRequest } | { ok: false; error: string } {
  if (value === undefined || value === 'all') return { ok: true, request: value }
  const name = providerNames.find((candidate) => candidate === value)
  return name ? { ok: true, request: name } : { ok: false, error: `--provider must be one of ${[...providerNames, 'all'].join(', ')}; got ${value}` }
}
