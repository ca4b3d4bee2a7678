import { guardedSqlFragment } from '../db/free-query.ts'
import { defineTool, toolInput, z } from '../tools/define-tool.ts'
import { freeSqlTables, guardSql, maximumSqlLength } from './sql-guard.ts'

/**
 * The guarded free-form SQL tool: off unless LUXX_ENABLE_SQL_TOOL=1, for analysts and admins, for
 * questions no vetted tool answers. Its results are labelled as not vetted wherever they appear.
 */
export const runReadonlySql = defineTool({
  name: 'run_readonly_sql',
  title: 'Free-form read-only SQL (not vetted)',
  area: 'unvetted',
  description:
    'Runs ONE read-only PostgreSQL SELECT over the business tables when no vetted tool answers the question. ' +
    'Always prefer a vetted tool: their definitions are reviewed, this one is not, and its answers are labelled as not vetted. ' +
    `Readable tables: ${freeSqlTables.join(', ')} (see the data dictionary resource for columns). Only one statement, only SELECT (WITH allowed if every part is a SELECT), ` +
    'common aggregate, window, text, number and date functions; no locking, no writes, no system catalogs. Revenue is sales.gross_amount_earned; customers are users joined through sales.buyer_id.',
  input: toolInput({
    sql: z
      .string()
      .min(1, 'must not be empty')
      .max(maximumSqlLength)
      .describe('One SELECT statement (no semicolon-separated statements).')
      .superRefine((text, context) => {
        const verdict = guardSql(text)
        if (!verdict.ok) context.addIssue({ code: 'custom', message: `refused: ${verdict.reason}` })
      }),
    purpose: z.string().max(300).optional().describe('What the query is meant to answer, in a sentence (kept in the audit log).'),
  }),
  row: z.object({}).catchall(z.unknown()),
  metrics: [],
  examples: [
    'How many bags in condition S did we list in March 2025?',
    'Which consignor supplied the most sold items?',
    'What is the average discount on Whatnot sales?',
  ],
  usesWindow: false,
  minimumRole: 'analyst',
  readsMaskedPersonalData: true,
  query: ({ sql, input }) => guardedSqlFragment(sql, String(input.sql).trim().replace(/;\s*$/, '')),
  assumptions: () => ['Not vetted: this result comes from free-form SQL, not from a reviewed tool. Check the query before relying on it.'],
  narrate: ({ rows }) => `Not vetted: a free-form query returned ${rows.length} row${rows.length === 1 ? '' : 's'}.`,
})
