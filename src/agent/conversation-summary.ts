import type { Role } from '../privacy/roles.ts'

/**
 * One conversation as the surfaces list it (GET /api/conversations, the web chat's sidebar), without its answers.
 * A type-only module with no server imports, so the web page's typecheck (web/tsconfig.json) can read it.
 */
export interface ConversationSummary {
  id: string
  title: string
  surface: string
  role: Role
  answers: number
  createdAt: string
  updatedAt: string
}
