import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMessage {
  from: string
  to: string[]
  raw: Buffer
}

/** A real SMTP server on loopback for the delivery tests, with switches to refuse and reject. */
export interface LoopbackSmtpServer {
  url: string
  received: ReceivedMessage[]
  /** Refuse the next `count` transactions at MAIL FROM with a temporary error. */
  refuseNext(count: number, code?: number): void
  /** Reject this recipient at RCPT TO with a permanent error, every time. */
  rejectRecipient(address: string, code?: number): void
  /** Transactions refused or rejected so far. */
  refusals(): number
  close(): Promise<void>
}

const failure = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode })

export async function startLoopbackSmtpServer(): Promise<LoopbackSmtpServer> {
  const received: ReceivedMessage[] = []
  const rejected = new Map<string, number>()
  let refuse = { remaining: 0, code: 451 }
  let refusals = 0
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust, and nodemailer does not try to upgrade.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (refuse.remaining > 0) {
        refuse = { ...refuse, remaining: refuse.remaining - 1 }
        refusals += 1
        return callback(failure('Greylisted, please try again later', refuse.code))
      }
      callback()
    },
    onRcptTo(address, _session, callback) {
      const code = rejected.get(address.address.toLowerCase())
      if (code !== undefined) {
        refusals += 1
        return callback(failure(`No such mailbox: ${address.address}`, code))
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(count, code = 451) {
      refuse = { remaining: count, code }
    },
    rejectRecipient(address, code = 550) {
      rejected.set(address.toLowerCase(), code)
    },
    refusals: () => refusals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
