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
  forgetVerdicts(sql)
  return { key: key!, token }
}

/** How long a verified (or refused) token is believed without asking the database: a revocation takes effect within it. */
export const keyCacheMs = 5_000
/** `last_used_at` is a hint for `keys list`, written at most this often per key rather than on every request. */
export const lastUsedEveryMs = 60_000
// Refused tokens are remembered too (a flood of made-up keys must not reach the database), up to this many.
const maxCachedTokens = 10_000

interface KeyCache {
  verdicts: Map<string, { key: ApiKey | undefined; checkedAt: number }>
  lastTouched: Map<string, number>
}

// One cache per database, shared by every route that authenticates against it.
const caches = new WeakMap<Sql, KeyCache>()

function cacheOf(sql: Sql): KeyCache {
  let cache = caches.get(sql)
  if (!cache) {
    cache = { verdicts: new Map(), lastTouched: new Map() }
    caches.set(sql, cache)
  }
  return cache
}

/**
 * The key a bearer token belongs to, when it exists and is not revoked. Answered from an in-process cache by the
 * token's hash for `keyCacheMs`, so a request (a 429 included) costs no query while the key is fresh, and a key
 * revoked by another process is refused within seconds.
 */
export async function verifyApiKey(sql: Sql, token: string): Promise<ApiKey | undefined> {
  const hash = hashOf(token)
  const cache = cacheOf(sql)
  const now = Date.now()
  const cached = cache.verdicts.get(hash)
  if (cached && now - cached.checkedAt < keyCacheMs) return cached.key
  const [key] = await sql<ApiKey[]>`
    select id, name, role, key_prefix, created_at, last_used_at, revoked_at
    from api_keys where key_hash = ${hash} and revoked_at is null`
  if (cache.verdicts.size >= maxCachedTokens) cache.verdicts.clear()
  cache.verdicts.set(hash, { key, checkedAt: now })
  if (key && now - (cache.lastTouched.get(key.id) ?? -Infinity) >= lastUsedEveryMs) {
    cache.lastTouched.set(key.id, now)
    await sql`update api_keys set last_used_at = now() where id = ${key.id}`
  }
  return key
}

/** Keys created or revoked by this process take effect at once; other processes' within `keyCacheMs`. */
function forgetVerdicts(sql: Sql): void {
  caches.get(sql)?.verdicts.clear()
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
  forgetVerdicts(sql)
  return key
}

export async function hasApiKeys(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ present: boolean }[]>`select exists (select 1 from api_keys where revoked_at is null) as present`
  return row?.present === true
}

// Databases known to have had a key: a key is never deleted (only revoked), so once true it stays true.
const keyed = new WeakSet<Sql>()

/** Whether a key was ever created: revoking the last one must not quietly reopen the API. */
export async function apiKeysConfigured(sql: Sql): Promise<boolean> {
  if (keyed.has(sql)) return true
  const [row] = await sql<{ present: boolean }[]>`select exists (select 1 from api_keys) as present`
  if (row?.present === true) keyed.add(sql)
  return row?.present === true
}
