import nodemailer from 'nodemailer'
import type Mail from 'nodemailer/lib/mailer/index.js'
import type { DigestIssue } from './digest-issue.ts'

/** What became of one delivery: temporary failures are retried, permanent ones recorded and left. */
export type SendOutcome =
  | { ok: true; detail: string | null }
  | { ok: false; kind: 'temporary' | 'permanent'; responseCode: number | null; message: string }

export interface DigestMessage {
  issue: DigestIssue
  recipient: string
  messageId: string
}

/** Sends one digest message; never throws, every failure comes back classified. */
export interface DigestSender {
  send(message: DigestMessage): Promise<SendOutcome>
  close(): void
}

// Network trouble is worth retrying; anything else without an SMTP reply code (a malformed message, a refused
// login, a TLS mismatch) needs a person.
const temporaryCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN'])

interface MailError {
  responseCode?: number
  code?: string
  response?: string
  message?: string
}

/** SMTP 4xx and connection errors are temporary; 5xx and the rest permanent. */
export function classifyFailure(error: unknown): Extract<SendOutcome, { ok: false }> {
  const mail = (error && typeof error === 'object' ? error : {}) as MailError
  const message = (mail.response ?? mail.message ?? String(error)).trim()
  const responseCode = typeof mail.responseCode === 'number' ? mail.responseCode : null
  if (responseCode !== null) return { ok: false, kind: responseCode >= 400 && responseCode < 500 ? 'temporary' : 'permanent', responseCode, message }
  return { ok: false, kind: mail.code && temporaryCodes.has(mail.code) ? 'temporary' : 'permanent', responseCode: null, message: mail.code ? `${mail.code}: ${message}` : message }
}

/** The message for one recipient: text and HTML alternatives, charts as inline parts the HTML names by cid. */
export function digestMail({ issue, recipient, messageId }: DigestMessage, from: string): Mail.Options {
  return {
    from,
    to: recipient,
    subject: issue.subject,
    text: issue.text,
    html: issue.html,
    messageId,
    headers: { 'X-Luxx-Digest': issue.period },
    attachments: issue.images.map((image) => ({
      filename: image.filename,
      content: image.png,
      contentType: 'image/png',
      cid: image.cid,
      contentDisposition: 'inline' as const,
    })),
  }
}

/** Sends any message over SMTP_URL; never throws, every failure comes back classified. Digests and alerts share it. */
export interface MailSender {
  send(mail: Mail.Options): Promise<SendOutcome>
  close(): void
}

export function smtpMailSender(smtpUrl: string): MailSender {
  const transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail(mail)
        return { ok: true, detail: typeof info.response === 'string' ? info.response : null }
      } catch (error) {
        return classifyFailure(error)
      }
    },
    close: () => transport.close(),
  }
}

/** A sender over SMTP_URL with nodemailer, one message per recipient. */
export function smtpSender(smtpUrl: string, from: string): DigestSender {
  const mail = smtpMailSender(smtpUrl)
  return { send: (message) => mail.send(digestMail(message, from)), close: () => mail.close() }
}
