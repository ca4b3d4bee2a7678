/**
 * What the offline planner says when it will not answer: why, in plain words; three questions close to
 * the one asked that it can answer; and how to configure a model for free-form questions. No figures.
 */
export type DeclineReason = 'action' | 'out_of_scope' | 'personal_data' | 'unclear' | 'unsupported'

export const modelHint =
  'For free-form questions, configure a model: set ANTHROPIC_API_KEY (Claude) or OPENAI_API_KEY ' +
  '(OpenAI, or a compatible server with OPENAI_BASE_URL) and ask again.'

export const unclearReason = 'I could not match that question to one of the analyses I can run offline, and I will not guess a figure.'

export function declineText(reason: string, suggestions: readonly string[]): string {
  // Quoted: they are questions to ask, not figures stated (grounding skips quotations).
  const list = suggestions.map((suggestion) => `- "${suggestion}"`).join('\n')
  return [reason, suggestions.length > 0 ? `Questions I can answer that come close:\n${list}` : '', modelHint]
    .filter(Boolean)
    .join('\n\n')
}
