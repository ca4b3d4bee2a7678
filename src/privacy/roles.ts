/**
 * The roles, apart from the masking code so that the web client's types (which have no Node.js built-ins) can name
 * them: every role, least privileged first (a role sees what the ones before it see), the one list of them.
 */
export const roles = ['viewer', 'analyst', 'admin'] as const
export type Role = (typeof roles)[number]
