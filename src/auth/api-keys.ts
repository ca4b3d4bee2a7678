import { createHash, randomBytes } from 'node:crypto'
import type { Sql } from '../db/database.ts'
import type { Role } from '../privacy/mask.ts'

export interface ApiKey {
  id: string
  name: string
  role: Role
  key_prefix: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Creates a key; the token is returned once and never stored. */
export async function createApiKey(sql: Sql, name: string, role: Role): Promise<{ key: ApiKey; token: string }> {
  const token = `luxx_${randomBytes(24).toString('base64url')}`
  const [key] = await sql<ApiKey[]>`
    insert into api_keys (name, role, key_prefix, key_hash)
    values (${name}, ${role}, ${token.slice(0, 10)}, ${hashOf(token)})
    returning id, name, role, key_prefix, created_at, last_used_at, revoked_at`
  return { key: key!, token }
}

/** The key a bearer token belongs to, when it exists and is not revoked. */
export async function verifyApiKey(sql: Sql, token: string): Promise<ApiKey | undefined> {
  const [key] = await sql<ApiKey[]>`
    update api_keys set last_used_at = now()
    where key_hash = ${hashOf(token)} and revoked_at is null
    returning id, name, role, key_prefix, created_at, last_used_at, revoked_at`
  return key
}

export async function listApiKeys(sql: Sql): Promise<ApiKey[]> {
  return sql<ApiKey[]>`
    select id, name, role, key_prefix, created_at, last_used_at, revoked_at from api_keys order by created_at`
}

export async function revokeApiKey(sql: Sql, idOrPrefix: string): Promise<ApiKey | undefined> {
  const [key] = await sql<ApiKey[]>`
    update api_keys set revoked_at = now()
    where revoked_at is null and (id::text = ${idOrPrefix} or key_prefix = ${idOrPrefix})
    returning id, name, role, key_prefix, created_at, last_used_at, revoked_at`
  return key
}

export async function hasApiKeys(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ present: boolean }[]>`select exists (select 1 from api_keys where revoked_at is null) as present`
  return row?.present === true
}

/** Whether a key was ever created: revoking the last one must not quietly reopen the API. */
export async function apiKeysConfigured(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ present: boolean }[]>`select exists (select 1 from api_keys) as present`
  return row?.present === true
}
