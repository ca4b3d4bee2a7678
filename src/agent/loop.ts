import type { ProviderFallback } from './answer.ts'
import type { AgentEventListener } from './events.ts'
import { estimateCostUsd } from './pricing.ts'
import { emptyUsage, type ModelProvider, type PriorTurn, type ToolCallRequest, type ToolSpec, type TokenUsage, type TurnMessage } from './providers/provider.ts'
import { noToolCalls, type StopCondition } from './stop-conditions.ts'
import type { ToolRun } from './tool-runner.ts'

/**
 * The agent loop: ask the model, run the tools it calls, hand back the results, until it answers without
 * calling a tool or a stop condition holds. A provider that fails (after its SDK's retries) hands the same
 * conversation to the next provider in the chain, which carries on from the tool results gathered so far.
 */
export interface LoopInput {
  providers: readonly ModelProvider[]
  system: string[]
  tools: readonly ToolSpec[]
  history: PriorTurn[]
  question: string
  runTool(call: ToolCallRequest): Promise<ToolRun>
  /** Checked after each step; the loop also always ends when the model calls no tool. */
  stopWhen: readonly StopCondition[]
  /** Wall-clock budget for the whole answer; model calls in flight are aborted when it runs out. */
  budgetMs: number
  maxOutputTokens: number
  onEvent: AgentEventListener
}

export interface LoopResult {
  status: 'complete' | 'stopped' | 'failed'
  /** What the model wrote, step by step (empty steps left out). */
  texts: string[]
  provider: ModelProvider
  fallbacks: ProviderFallback[]
  runs: ToolRun[]
  usage: TokenUsage
  estimatedCostUsd: number | null
  steps: number
  /** Why a stopped or failed loop ended, in words. */
  reason?: string
}

function addUsage(total: TokenUsage, more: TokenUsage): TokenUsage {
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    cacheReadTokens: total.cacheReadTokens + more.cacheReadTokens,
    cacheWriteTokens: total.cacheWriteTokens + more.cacheWriteTokens,
  }
}

export async function runLoop(input: LoopInput): Promise<LoopResult> {
  const started = performance.now()
  const signal = AbortSignal.timeout(input.budgetMs)
  const messages: TurnMessage[] = [{ role: 'user', text: input.question }]
  const texts: string[] = []
  const runs: ToolRun[] = []
  const fallbacks: ProviderFallback[] = []
  let usage: TokenUsage = emptyUsage
  let cost: number | null = 0
  let steps = 0
  let providerIndex = 0
  const result = (status: LoopResult['status'], reason?: string): LoopResult => ({
    status,
    texts,
    provider: input.providers[providerIndex]!,
    fallbacks,
    runs,
    usage,
    estimatedCostUsd: cost,
    steps,
    ...(reason ? { reason } : {}),
  })

  for (;;) {
    const provider = input.providers[providerIndex]!
    const outcome = await provider.respond({
      system: input.system,
      tools: input.tools,
      history: input.history,
      messages,
      maxOutputTokens: input.maxOutputTokens,
      signal,
      onTextDelta: (text) => input.onEvent({ type: 'text_delta', text }),
    })
    if (!outcome.ok) {
      if (signal.aborted) return result(runs.length > 0 ? 'stopped' : 'failed', `the time budget (${Math.round(input.budgetMs / 1000)} s) ran out`)
      fallbacks.push({ provider: provider.name, model: provider.model, error: outcome.error.message })
      const next = input.providers[providerIndex + 1]
      if (!next) return result('failed', `no provider could answer (${fallbacks.map((failure) => `${failure.provider}: ${failure.error}`).join('; ')})`)
      input.onEvent({ type: 'provider_fallback', from: provider.name, to: next.name, error: outcome.error.message })
      providerIndex += 1
      continue
    }
    steps += 1
    const turn = outcome.turn
    usage = addUsage(usage, turn.usage)
    const stepCost = estimateCostUsd(provider.name, provider.model, turn.usage)
    cost = cost === null || stepCost === null ? null : cost + stepCost
    if (turn.text.trim()) texts.push(turn.text.trim())
    messages.push({ role: 'assistant', text: turn.text, toolCalls: turn.toolCalls })
    if (turn.toolCalls.length > 0) {
      const stepRuns = await Promise.all(
        turn.toolCalls.map(async (call) => {
          input.onEvent({ type: 'tool_call_start', id: call.id, name: call.name, arguments: call.arguments })
          const run = await input.runTool(call)
          input.onEvent({
            type: 'tool_call_end',
            id: call.id,
            name: call.name,
            ok: run.record.ok,
            durationMs: run.record.durationMs,
            rowCount: run.record.rowCount,
            error: run.record.error?.message ?? null,
          })
          const envelope = run.envelope
          if (envelope?.chart) input.onEvent({ type: 'chart', chart: { tool: envelope.tool, title: envelope.title, spec: envelope.chart } })
          return run
        }),
      )
      runs.push(...stepRuns)
      messages.push({ role: 'tool', results: stepRuns.map((run) => run.result) })
    }
    const state = { steps, elapsedMs: performance.now() - started, lastTurn: turn }
    if (noToolCalls.holds(state)) return result('complete')
    const stop = input.stopWhen.find((condition) => condition.holds(state))
    if (stop) return result('stopped', stop.reason)
  }
}
