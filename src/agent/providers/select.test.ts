import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/config.ts'
import { createStubRegistry } from '../testing/stub-catalog.ts'
import { selectProviders } from './select.ts'

const registry = createStubRegistry()
const chain = (environment: Record<string, string>, explicit?: 'anthropic' | 'openai' | 'local') => {
  const selected = selectProviders(loadConfig(environment), registry, explicit)
  return selected.ok ? selected.providers.map((provider) => `${provider.name}:${provider.model}`) : selected.error
}

describe('provider selection', () => {
  it('uses the offline planner without keys', () => {
    expect(chain({})).toEqual(['local:offline-planner'])
  })

  it('prefers Anthropic, then OpenAI, by which key is set, with the planner as the default fallback', () => {
    expect(chain({ ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' })).toEqual(['anthropic:claude-sonnet-4-6', 'local:offline-planner'])
    expect(chain({ OPENAI_API_KEY: 'o', OPENAI_MODEL: 'gpt-4.1-mini' })).toEqual(['openai:gpt-4.1-mini', 'local:offline-planner'])
  })

  it('follows LLM_PROVIDER, an explicit choice, and LLM_FALLBACK in order, skipping providers without a key', () => {
    const keys = { ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o', LLM_FALLBACK: 'anthropic,openai,local' }
    expect(chain({ ...keys, LLM_PROVIDER: 'openai' })).toEqual(['openai:gpt-4.1', 'anthropic:claude-sonnet-4-6', 'local:offline-planner'])
    expect(chain(keys, 'local')).toEqual(['local:offline-planner', 'anthropic:claude-sonnet-4-6', 'openai:gpt-4.1'])
    expect(chain({ ANTHROPIC_API_KEY: 'a', LLM_FALLBACK: 'openai,local' })).toEqual(['anthropic:claude-sonnet-4-6', 'local:offline-planner'])
  })

  it('explains a provider that cannot run', () => {
    expect(chain({}, 'anthropic')).toBe('The anthropic provider needs ANTHROPIC_API_KEY.')
  })

  it('reads fallback names whatever their case and spacing', () => {
    expect(chain({ OPENAI_API_KEY: 'o', LLM_FALLBACK: ' Local , OPENAI' })).toEqual(['openai:gpt-4.1', 'local:offline-planner'])
  })
})
