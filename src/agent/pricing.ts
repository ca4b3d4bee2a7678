import type { ProviderName } from './answer.ts'
import type { TokenUsage } from './providers/provider.ts'

/**
 * List prices in US dollars per million tokens, to estimate what an answer cost. Estimates only: prices
 * change, gateways differ, and an unknown model gets no estimate (null) rather than a wrong one.
 * Anthropic bills cache writes at 1.25× and cache reads at 0.1× the input price.
 */
interface Price {
  input: number
  output: number
  cacheRead: number
  cacheWrite: number
}

function anthropic(input: number, output: number): Price {
  return { input, output, cacheRead: input * 0.1, cacheWrite: input * 1.25 }
}

function openai(input: number, output: number, cacheRead: number): Price {
  return { input, output, cacheRead, cacheWrite: 0 }
}

// Longest prefix wins: "gpt-4.1-mini" before "gpt-4.1".
const prices: [prefix: string, price: Price][] = [
  ['claude-opus-4-5', anthropic(5, 25)],
  ['claude-opus-4', anthropic(15, 75)],
  ['claude-sonnet-4', anthropic(3, 15)],
  ['claude-3-7-sonnet', anthropic(3, 15)],
  ['claude-haiku-4', anthropic(1, 5)],
  ['claude-3-5-haiku', anthropic(0.8, 4)],
  ['gpt-4.1-nano', openai(0.1, 0.4, 0.025)],
  ['gpt-4.1-mini', openai(0.4, 1.6, 0.1)],
  ['gpt-4.1', openai(2, 8, 0.5)],
  ['gpt-4o-mini', openai(0.15, 0.6, 0.075)],
  ['gpt-4o', openai(2.5, 10, 1.25)],
  ['gpt-5-nano', openai(0.05, 0.4, 0.005)],
  ['gpt-5-mini', openai(0.25, 2, 0.025)],
  ['gpt-5', openai(1.25, 10, 0.125)],
]

export function estimateCostUsd(provider: ProviderName, model: string, usage: TokenUsage): number | null {
  if (provider === 'local') return 0
  const match = prices.filter(([prefix]) => model.startsWith(prefix)).sort(([a], [b]) => b.length - a.length)[0]
  if (!match) return null
  const [, price] = match
  const dollars =
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheReadTokens * price.cacheRead +
      usage.cacheWriteTokens * price.cacheWrite) /
    1_000_000
  return Math.round(dollars * 1_000_000) / 1_000_000
}
