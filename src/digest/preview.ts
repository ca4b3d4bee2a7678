import nodemailer from 'nodemailer'
import type { DigestIssue } from './digest-issue.ts'
import { digestMail } from './smtp-sender.ts'

/** The e-mail's HTML for a browser: cid: images become data: URIs, since a file has no attachments to point at. */
export function previewHtml(issue: DigestIssue): string {
  return issue.images.reduce(
    (html, image) => html.split(`cid:${image.cid}`).join(`data:image/png;base64,${image.png.toString('base64')}`),
    issue.html,
  )
}

/** The whole message as it would be sent to `recipient`, as an .eml file any mail client opens. */
export async function previewMessage(issue: DigestIssue, options: { from: string; recipient: string; messageId: string }): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  const info = await transport.sendMail(digestMail({ issue, recipient: options.recipient, messageId: options.messageId }, options.from))
  // buffer: true makes the stream transport hand back the message as one Buffer.
  return info.message as Buffer
}
