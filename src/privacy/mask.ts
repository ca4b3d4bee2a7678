/** The one masking function: personal data is hidden unless the caller's role allows it. */
/** A username is often the local part of an e-mail address: a contact detail, not a name. */
export type PersonalDataKind = 'email' | 'phone' | 'name' | 'username'
/** Every role, least privileged first (a role sees what the ones before it see): the one list of them. */
export const roles = ['viewer', 'analyst', 'admin'] as const
export type Role = (typeof roles)[number]

/** Admin sees everything; analysts see names but not contact details; viewers see neither. */
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

export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${part[0]}.`)
    .join(' ')
}

export function mask(kind: PersonalDataKind, value: string): string {
  if (kind === 'email') return maskEmail(value)
  if (kind === 'phone') return maskPhone(value)
  if (kind === 'username') return maskUsername(value)
  return maskName(value)
}

export function maskFor(role: Role, kind: PersonalDataKind, value: string | null): string | null {
  if (value === null || mayReveal(role, kind)) return value
  return mask(kind, value)
}
