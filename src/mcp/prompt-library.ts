import { readdirSync, readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { packagePath } from '../paths.ts'
import { dimensions, type DimensionName } from '../semantic/dimensions.ts'

const promptsDirectory = packagePath('prompts', 'mcp')

const frontMatterSchema = z.object({
  name: z.string().regex(/^[a-z_]+$/),
  title: z.string(),
  description: z.string(),
  arguments: z
    .array(
      z.object({
        name: z.string(),
        description: z.string(),
        required: z.boolean().default(false),
        // What completes the argument (MCP completion/complete): a dimension's values from the semantic layer
        // (brands, states… as the data holds them), the named periods, or a list of its own.
        completes: z
          .union([z.enum(Object.keys(dimensions) as [DimensionName, ...DimensionName[]]), z.literal('period'), z.array(z.string()).min(1)])
          .optional(),
      }),
    )
    .default([]),
})

export type PromptDefinition = z.infer<typeof frontMatterSchema> & { body: string }

/** Prompts are plain Markdown files with a YAML header, so they are reviewed like the tools. */
export function loadPrompts(directory = promptsDirectory): PromptDefinition[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const text = readFileSync(`${directory}/${file}`, 'utf8')
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)
      if (!match) throw new Error(`${file} has no YAML header`)
      return { ...frontMatterSchema.parse(parseYaml(match[1]!)), body: match[2]!.trim() }
    })
}

/** Fills `{{name|default}}` placeholders; arguments are plain text, never template code. */
export function renderPrompt(prompt: PromptDefinition, values: Record<string, string | undefined>): string {
  return prompt.body.replace(/\{\{(\w+)(?:\|([^}]*))?\}\}/g, (_, name: string, fallback: string | undefined) => {
    const value = values[name]?.trim()
    return value ? value : (fallback ?? '')
  })
}
