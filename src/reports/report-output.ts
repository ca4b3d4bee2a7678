import { basename, dirname, extname, join } from 'node:path'
import { renderHtml } from './render-html.ts'
import { renderMarkdown } from './render-markdown.ts'
import type { StoredReport } from './report-store.ts'

export const reportFormats = ['html', 'md', 'json'] as const
export type ReportFormat = (typeof reportFormats)[number]

const byExtension: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.json': 'json' }

/** The format asked for, else the one the output file's extension names, else Markdown. */
export function chooseFormat(format: string | undefined, out: string | undefined): { ok: true; format: ReportFormat } | { ok: false; error: string } {
  if (format !== undefined) {
    return (reportFormats as readonly string[]).includes(format)
      ? { ok: true, format: format as ReportFormat }
      : { ok: false, error: `--format must be one of ${reportFormats.join(', ')}; got ${format}` }
  }
  return { ok: true, format: (out && byExtension[extname(out).toLowerCase()]) || 'md' }
}

export interface ReportFile {
  path: string
  content: string | Buffer
}

/**
 * A stored report in one format, as the files to write: the HTML page (charts inline), the JSON data, or the
 * Markdown with its charts as PNG files beside it (`report.md` → `report.kpi-summary.png`). Without an output
 * path the text goes to standard output and Markdown charts are named, not drawn.
 */
export async function reportOutput(stored: StoredReport, format: ReportFormat, out?: string): Promise<{ text: string; files: ReportFile[] }> {
  if (format === 'json') return { text: `${JSON.stringify(stored, null, 2)}\n`, files: [] }
  if (format === 'html') return { text: await renderHtml(stored.report, { reportId: stored.id }), files: [] }
  if (!out) return { text: (await renderMarkdown(stored.report)).markdown, files: [] }
  const stem = basename(out, extname(out))
  const { markdown, images } = await renderMarkdown(stored.report, { imagePrefix: `${stem}.` })
  return { text: markdown, files: images.map((image) => ({ path: join(dirname(out), image.file), content: image.png })) }
}
