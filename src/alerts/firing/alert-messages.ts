import type { AlertFigure } from './evaluate-rule.ts'

/** A firing as stored (alert_firings) and as every channel renders it. */
export interface FiringMessage {
  ruleName: string
  period: string
  subject: string
  summary: string
  figures: AlertFigure[]
  /** The web chat with the rule's question, to ask it again. */
  link: string
}

/**
 * The web chat with a question to ask (`?ask=`), under LUXX_PUBLIC_URL (any path kept) or, without one, the
 * server's own loopback address.
 */
export function askLink(base: string, question: string): string {
  return `${base.replace(/\/+$/, '')}/?ask=${encodeURIComponent(question)}`
}

export function subjectOf(ruleName: string, period: string): string {
  return `Alert: ${ruleName} (${period})`
}

/** The plain text of the message: what fired, its figures, the period and the link. */
export function plainText(message: FiringMessage): string {
  return [
    message.subject,
    '',
    message.summary,
    '',
    ...message.figures.map((figure) => `- ${figure.label}: ${figure.value}`),
    '',
    `Period: ${message.period}`,
    `Ask again: ${message.link}`,
  ].join('\n')
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)

export function emailHtml(message: FiringMessage): string {
  const rows = message.figures.map((figure) => `<tr><td style="padding:2px 12px 2px 0">${escapeHtml(figure.label)}</td><td><strong>${escapeHtml(figure.value)}</strong></td></tr>`).join('')
  return (
    `<!doctype html><html><body style="font-family:system-ui,sans-serif">` +
    `<h2 style="margin:0 0 8px">${escapeHtml(message.ruleName)}</h2>` +
    `<p>${escapeHtml(message.summary)}</p><table>${rows}</table>` +
    `<p>Period: ${escapeHtml(message.period)}</p>` +
    `<p><a href="${escapeHtml(message.link)}">Ask again in the analyst</a></p></body></html>`
  )
}

// Slack's mrkdwn treats &, < and > as markup: escaped, a figure or a brand name cannot become a link or a mention.
const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A Slack incoming-webhook payload: `text` for notifications, `blocks` for the message itself. */
export function slackPayload(message: FiringMessage): Record<string, unknown> {
  return {
    text: `${message.subject}: ${message.summary}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: message.subject.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(message.summary) } },
      ...(message.figures.length > 0
        ? [{ type: 'section', fields: message.figures.slice(0, 10).map((figure) => ({ type: 'mrkdwn', text: `*${escapeSlack(figure.label)}*\n${escapeSlack(figure.value)}` })) }]
        : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Period: ${escapeSlack(message.period)}` }] },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Ask again' }, url: message.link }] },
    ],
  }
}

/** A Microsoft Teams incoming-webhook payload, as a MessageCard (the connector format every Teams webhook takes). */
export function teamsPayload(message: FiringMessage): Record<string, unknown> {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: message.subject,
    themeColor: 'B3261E',
    title: message.subject,
    sections: [{ text: message.summary, facts: [...message.figures.map((figure) => ({ name: figure.label, value: figure.value })), { name: 'Period', value: message.period }] }],
    potentialAction: [{ '@type': 'OpenUri', name: 'Ask again', targets: [{ os: 'default', uri: message.link }] }],
  }
}
