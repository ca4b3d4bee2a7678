import type { z } from 'zod'
import { HttpError } from './http-error.ts'

/**
 * Parses a body, params or query with its schema; a mismatch is a 400 whose message names each field,
 * what was wrong and what is allowed (the schemas carry those messages).
 */
export function validated<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.')
    return field ? `${field}: ${issue.message}` : issue.message
  })
  throw new HttpError(400, `Invalid ${what}: ${problems.join('; ')}.`, { problems })
}
