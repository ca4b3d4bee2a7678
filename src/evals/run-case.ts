import type { Answer } from '../agent/answer.ts'
import { answerQuestion, type AgentDependencies } from '../agent/pipeline.ts'
import type { ModelProvider } from '../agent/providers/provider.ts'
import type { EvalCase } from './case-schema.ts'
import type { ContactDirectory } from './contact-directory.ts'
import type { ExpectedFact } from './expected-facts.ts'
import type { RunRecord } from './result-file.ts'
import { failureReasons, perCheck, scoreAnswer } from './score.ts'

/**
 * One run of one case: the conversation's earlier questions first (a follow-up needs its history), then the
 * case's question, through the same answer pipeline as every surface, scored against the expected facts.
 */
export interface RunCaseInput {
  runtime: AgentDependencies
  provider: ModelProvider
  evalCase: EvalCase
  facts: readonly ExpectedFact[]
  contacts: ContactDirectory
  budgetMs?: number
}

export type RunCaseOutcome = { ok: true; run: RunRecord } | { ok: false; error: string }

async function ask(
  input: RunCaseInput,
  question: string,
  conversationId: string | undefined,
  persist: boolean,
): Promise<{ ok: true; answer: Answer } | { ok: false; error: string }> {
  try {
    return await answerQuestion({
      runtime: input.runtime,
      question,
      conversationId,
      role: input.evalCase.role,
      surface: 'eval',
      options: { providers: [input.provider], persist, ...(input.budgetMs ? { budgetMs: input.budgetMs } : {}) },
    })
  } catch (error) {
    return { ok: false, error: `the pipeline threw on "${question}": ${error instanceof Error ? error.message : String(error)}` }
  }
}

export async function runCase(input: RunCaseInput): Promise<RunCaseOutcome> {
  const started = performance.now()
  const answers: Answer[] = []
  let conversationId: string | undefined
  const questions = [...input.evalCase.conversation, input.evalCase.question]
  for (const [index, question] of questions.entries()) {
    // Earlier turns are stored so the follow-up reads them as history; the case's own answer need not be.
    const outcome = await ask(input, question, conversationId, index < questions.length - 1)
    if (!outcome.ok) return outcome
    answers.push(outcome.answer)
    conversationId = outcome.answer.conversationId
  }
  const latencyMs = Math.round(performance.now() - started)
  const answer = answers[answers.length - 1]!
  const score = await scoreAnswer({ evalCase: input.evalCase, answer, facts: input.facts, contacts: input.contacts })
  const costs = answers.map((turn) => turn.usage.estimatedCostUsd)
  return {
    ok: true,
    run: {
      passed: score.passed,
      reasons: failureReasons(score),
      checks: perCheck((name) => score.checks[name].ok),
      tools: answer.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments, ok: call.ok })),
      facts: score.facts,
      steps: answer.steps,
      latencyMs,
      inputTokens: answers.reduce((sum, turn) => sum + turn.usage.inputTokens + turn.usage.cacheReadTokens + turn.usage.cacheWriteTokens, 0),
      outputTokens: answers.reduce((sum, turn) => sum + turn.usage.outputTokens, 0),
      costUsd: costs.some((cost) => cost === null) ? null : costs.reduce((sum: number, cost) => sum + (cost ?? 0), 0),
      text: answer.text,
    },
  }
}
