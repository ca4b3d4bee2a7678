import { isIP } from 'node:net'

/**
 * Which webhook URLs a rule may name. The server POSTs to them on its own, so a URL is a request made from inside
 * the network on a key holder's behalf: https to a public name or address only, plus plain http to this machine's
 * loopback (a local relay, the tests). Addresses inside private, link-local (cloud metadata at 169.254.169.254) and
 * other reserved ranges are refused when written as addresses; redirects are never followed (alert-delivery.ts).
 */
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

function reservedIpv4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number)
  return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224
}

function reservedIpv6(address: string): boolean {
  const folded = address.toLowerCase()
  return folded === '::' || folded === '::1' || /^f[cd]/.test(folded) || /^fe[89ab]/.test(folded) || folded.startsWith('::ffff:')
}

/** Why a webhook URL is refused, or undefined when it may be used. */
export function webhookUrlProblem(text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `must be a URL such as https://hooks.slack.com/services/…; got ${text}`
  }
  if (url.username || url.password) return 'must not carry a user name or password'
  if (loopbackHosts.has(url.hostname)) return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'must be an http or https URL'
  if (url.protocol !== 'https:') return `must be an https URL (plain http only to this machine: http://127.0.0.1:PORT/…); got ${url.protocol}`
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const family = isIP(host)
  if ((family === 4 && reservedIpv4(host)) || (family === 6 && reservedIpv6(host))) {
    return `must not point at a private, link-local or reserved address; got ${url.hostname}`
  }
  return undefined
}
