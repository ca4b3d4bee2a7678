import { readFileSync } from 'node:fs'
import { packagePath } from '../paths.ts'

/**
 * The system prompt is plain Markdown in prompts/system/, one file per concern, so it is reviewed like
 * documentation. The sections are sent in this order and never vary per question, which keeps them cacheable.
 */
export const promptsDirectory = packagePath('prompts', 'system')

export const promptSections = ['role.md', 'rules.md', 'tools.md', 'answer-format.md'] as const

export function loadSystemPrompt(directory = promptsDirectory): string[] {
  return promptSections.map((file) => readFileSync(`${directory}/${file}`, 'utf8').trim())
}
