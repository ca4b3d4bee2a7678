import { harmlessLookalikes, injectionCorpus } from '../free-sql/injection-corpus.ts'
import type { AnyTool } from '../tools/define-tool.ts'
import { inputJsonSchema } from '../tools/registry.ts'

/** Attacks on text arguments beyond the SQL corpus: quotes, comment tricks, odd Unicode, huge values. */
const textAttacks = [
  "'",
  '"',
  "''",
  "O'Brien",
  "'; drop table sales; --",
  '"; drop table sales; --',
  "Chanel'; delete from sales where '1'='1",
  "1' or '1'='1",
  "Chanel' or 1=1 --",
  "Chanel') union select email, phone from users --",
  '%',
  '_',
  '\\',
  '\\x27',
  '\\u0000',
  '\\ud800',
  '$1',
  '${1}',
  '$$; drop table sales; $$',
  'Hermès',
  'hermès',
  'エルメス',
  '👜💥',
  '\u202eselas elbat pord',
  'e\u0301',
  '\ud800',
  '\u0000',
  "Chanel\u0000'; drop table sales",
  'Chanel\r\nSet-Cookie: x=1',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '../../../etc/passwd',
  'a'.repeat(10_000),
  "'".repeat(10_000),
  "'; drop table sales; --".repeat(435),
  '2025-03-01',
  "2025-03-01'; drop table sales; --",
  '2025-02-30',
  '9999-12-31',
  '0000-01-01',
  '2025-03-01T00:00:00Z',
  'all_time',
  "all_time'; --",
  'ALL_TIME',
  ' all_time',
]

/** Every string sent as an argument value: the free-SQL corpus, its harmless look-alikes and the text attacks. */
export const attackStrings: readonly string[] = [...new Set([...injectionCorpus, ...harmlessLookalikes, ...textAttacks])]

export type ArgumentKind = 'enum' | 'date' | 'text'

export interface ArgumentTarget {
  tool: string
  argument: string
  kind: ArgumentKind
}

interface PropertySchema {
  type?: string
  enum?: unknown[]
  format?: string
}

/** Every string, enum and date argument of the tools, read from their input JSON Schema as clients see it. */
export function stringArguments(tools: readonly AnyTool[]): ArgumentTarget[] {
  return tools.flatMap((tool) => {
    const properties = (inputJsonSchema(tool) as { properties?: Record<string, PropertySchema> }).properties ?? {}
    return Object.entries(properties).flatMap(([argument, property]): ArgumentTarget[] => {
      if (property.type !== 'string') return []
      const kind: ArgumentKind = property.enum ? 'enum' : property.format === 'date' ? 'date' : 'text'
      return [{ tool: tool.name, argument, kind }]
    })
  })
}

export interface Attempt extends ArgumentTarget {
  value: string
}

/**
 * A sample of (argument, attack) pairs: every attack string goes to `perString` arguments, rotating through all
 * of them so each argument gets its share. Free-text arguments, where a value reaches SQL as a bound parameter,
 * get more: every n-th string also goes to one of them, in turn.
 */
export function sampleAttempts(targets: readonly ArgumentTarget[], perString: number, freeTextEvery: number): Attempt[] {
  const texts = targets.filter((target) => target.kind === 'text')
  return attackStrings.flatMap((value, index) => {
    const rotating = Array.from({ length: perString }, (_, offset) => targets[(index * perString + offset) % targets.length]!)
    const textual = index % freeTextEvery === 0 && texts.length > 0 ? [texts[(index / freeTextEvery) % texts.length]!] : []
    return [...new Set([...rotating, ...textual])].map((target) => ({ ...target, value }))
  })
}
