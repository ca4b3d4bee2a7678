import { createHash } from 'node:crypto'
import type { Role } from './roles.ts'

/**
 * The one masking function: personal data is hidden unless the caller's role allows it.
 *
 * - admin: everything.
 * - analyst: names; contact details (e-mail, phone, and usernames, often an e-mail's local part) as masked fragments.
 * - viewer: no name and no contact at all, not even initials or fragments. A name becomes a stable pseudonym made
 *   from the customer's id ("Customer 3f9a12c0", see pseudonym()), so rows can still be told apart and matched across answers;
 *   contact details are withheld (null).
 */
export type PersonalDataKind = 'email' | 'phone' | 'name' | 'username'
export { roles, type Role } from './roles.ts'

/** Whether the role sees the value as stored. */
export function mayReveal(role: Role, kind: PersonalDataKind): boolean {
  if (role === 'admin') return true
  return role === 'analyst' && kind === 'name'
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return '***'
  return `${email[0]}***${email.slice(at)}`
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  return digits.length < 4 ? '***' : `***-***-${digits.slice(-2).padStart(4, '*')}`
}

export function maskUsername(username: string): string {
  return username === '' ? '***' : `${username[0]}***`
}

/**
 * A viewer's name for a customer, from nothing but the customer's id: eight hex digits of its SHA-256. Ids may share
 * a prefix (the demo data's do), so the whole id is hashed; the same customer reads the same in every answer.
 */
export function pseudonym(customerId: string): string {
  return `Customer ${createHash('sha256').update(customerId).digest('hex').slice(0, 8)}`
}

function maskContact(kind: Exclude<PersonalDataKind, 'name'>, value: string): string {
  if (kind === 'email') return maskEmail(value)
  if (kind === 'phone') return maskPhone(value)
  return maskUsername(value)
}

/** What `role` sees of a personal value of the customer `customerId`; null stays null (nothing on file). */
export function maskFor(role: Role, kind: PersonalDataKind, value: string | null, customerId: string): string | null {
  if (value === null || mayReveal(role, kind)) return value
  if (kind === 'name') return pseudonym(customerId)
  return role === 'viewer' ? null : maskContact(kind, value)
}
