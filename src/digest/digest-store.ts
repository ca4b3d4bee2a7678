import type { Sql } from '../db/database.ts'
import { runTransaction } from '../db/transaction.ts'
import type { DigestIssue } from './digest-issue.ts'

interface IssueRow {
  period: string
  window_from: string
  window_to: string
  report_id: string | null
  subject: string
  html: string
  text: string
}

interface ImageRow {
  cid: string
  filename: string
  title: string
  content: Buffer
}

/** The stored digest of a period, exactly as it is sent; null before it is generated. */
export async function findIssue(sql: Sql, period: string): Promise<DigestIssue | null> {
  const [row] = await sql<IssueRow[]>`
    select period, window_from::text as window_from, window_to::text as window_to, report_id::text as report_id, subject, html, text
    from digest_issues where period = ${period}`
  if (!row) return null
  const images = await sql<ImageRow[]>`
    select cid, filename, title, content from digest_images where period = ${period} order by position`
  return {
    period: row.period,
    from: row.window_from,
    to: row.window_to,
    reportId: row.report_id,
    subject: row.subject,
    html: row.html,
    text: row.text,
    images: images.map((image) => ({ cid: image.cid, filename: image.filename, title: image.title, png: Buffer.from(image.content) })),
  }
}

/** Stores an issue with its images in one transaction; false when the period already had one (it is kept). */
export async function storeIssue(sql: Sql, issue: DigestIssue): Promise<boolean> {
  return runTransaction(sql, `Storing the digest for ${issue.period}`, async (transaction) => {
    const inserted = await transaction`
      insert into digest_issues (period, window_from, window_to, report_id, subject, html, text)
      values (${issue.period}, ${issue.from}, ${issue.to}, ${issue.reportId}, ${issue.subject}, ${issue.html}, ${issue.text})
      on conflict (period) do nothing
      returning period`
    if (inserted.length === 0) return false
    for (const [index, image] of issue.images.entries()) {
      await transaction`
        insert into digest_images (period, cid, position, filename, title, content)
        values (${issue.period}, ${image.cid}, ${index + 1}, ${image.filename}, ${image.title}, ${image.png})`
    }
    return true
  })
}

export type IssueOutcome = { ok: true; issue: DigestIssue; generated: boolean } | { ok: false; error: string }

/**
 * The period's digest, generated only if none is stored. Two processes may both generate at once (no lock is
 * held while the tools run, which on the embedded engine share the one connection); the first stored wins,
 * the other drops its copy and its report, and both send the stored one.
 */
export async function ensureIssue(
  sql: Sql,
  period: string,
  generate: () => Promise<{ ok: true; issue: DigestIssue } | { ok: false; error: string }>,
): Promise<IssueOutcome> {
  const existing = await findIssue(sql, period)
  if (existing) return { ok: true, issue: existing, generated: false }
  const generated = await generate()
  if (!generated.ok) return generated
  if (await storeIssue(sql, generated.issue)) return { ok: true, issue: generated.issue, generated: true }
  if (generated.issue.reportId) await sql`delete from reports where id = ${generated.issue.reportId}::uuid`
  const stored = await findIssue(sql, period)
  return stored ? { ok: true, issue: stored, generated: false } : { ok: false, error: `The digest for ${period} could not be stored or read back.` }
}
