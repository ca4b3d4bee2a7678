import {
  columnChart,
  defineTool,
  betweenDates,
  formatNumber,
  formatPercent,
  limitField,
  plural,
  ratios,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { inLocalDays } from '../in-local-days.ts'

const statuses = ['pending', 'accepted', 'rejected', 'listed'] as const
const groupNouns = { brand: ['brand', 'brands'], category: ['category', 'categories'] } as const

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  group_by: z
    .enum(['none', 'brand', 'category'])
    .default('none')
    .describe('none: one row for all submissions; brand or category: one row each, most submissions first (default none).'),
  limit: limitField(20),
})

export default defineTool({
  name: 'seller_submissions',
  title: 'Seller submissions',
  area: 'inventory',
  description:
    'Consignment intake: seller submissions made in the window (by submitted_at), with how many are pending (awaiting a decision), ' +
    'accepted (not yet listed), rejected and listed, the acceptance rate (accepted or listed ÷ decided), the listing rate ' +
    '(listed ÷ accepted or listed) and the median days from submission to decision. One row for all submissions, or one per brand ' +
    'or category (group_by). Use it to track the consignment pipeline and which brands sellers offer and are accepted. ' +
    'For items already in stock use inventory_aging or sell_through_by_condition.',
  input: inputSchema,
  row: z.object({
    label: z.string().describe("The brand or category, or 'All submissions'."),
    submitted: z.number().int().describe('Submissions made in the window.'),
    pending: z.number().int().describe('Still awaiting a decision (status submitted).'),
    accepted: z.number().int().describe('Accepted and not yet listed (status accepted).'),
    rejected: z.number().int(),
    listed: z.number().int().describe('Accepted and listed for sale (status listed).'),
    median_days_to_decision: z.number().nullable().describe('Median days from submission to accept or reject; null when none is decided.'),
    acceptance_rate_percent: z.number().nullable().describe('(accepted + listed) ÷ (accepted + listed + rejected) × 100.'),
    listing_rate_percent: z.number().nullable().describe('listed ÷ (accepted + listed) × 100.'),
  }),
  metrics: ['submission_acceptance_rate', 'listing_rate', 'days_to_decision'],
  examples: [
    'How many seller submissions did we get this month?',
    'What is our consignment acceptance rate?',
    'Which brands do sellers submit most?',
    'How long do sellers wait for a decision?',
    'Submissions by category this quarter',
  ],
  cues: {
    strong: [
      'approve', 'approval', 'approvals', 'waiting on us', 'awaiting review', 'pending review', /\bsellers? (?:are |still )*waiting\b/,
      'submissions', 'submission', 'submit', 'submitted', 'consignor', 'consignors', 'consignment', 'consign', 'sellers send',
      'sellers submit', 'acceptance rate', 'accepted', 'rejected', 'intake',
    ],
  },
  query: ({ sql, input, window, timeZone }) => {
    const label = {
      none: sql`'All submissions'`,
      brand: sql`coalesce(b.name, 'Unknown brand')`,
      category: sql`ss.category`,
    }[input.group_by]
    return sql`
      select ${label} as label,
             count(*)::int as submitted,
             (count(*) filter (where ss.status = 'submitted'))::int as pending,
             (count(*) filter (where ss.status = 'accepted'))::int as accepted,
             (count(*) filter (where ss.status = 'rejected'))::int as rejected,
             (count(*) filter (where ss.status = 'listed'))::int as listed,
             round((percentile_cont(0.5) within group (
               order by (ss.decided_at at time zone ${timeZone})::date - (ss.submitted_at at time zone ${timeZone})::date
             ))::numeric, 1)::float8 as median_days_to_decision
      from seller_submissions ss
      left join brands b on b.id = ss.brand_id
      where ${inLocalDays(sql, sql`ss.submitted_at`, window, timeZone)}
      group by 1
      order by submitted desc, label
      limit ${input.limit}`
  },
  postProcess: (rows) =>
    rows.map((row) => {
      const accepted = Number(row.accepted)
      const listed = Number(row.listed)
      const rejected = Number(row.rejected)
      return {
        ...row,
        acceptance_rate_percent: ratios.percent(accepted + listed, accepted + listed + rejected),
        listing_rate_percent: ratios.percent(listed, accepted + listed),
      }
    }),
  assumptions: () => [
    'Submissions are counted by the business day of submitted_at and classed by their status today.',
    'Decided = accepted + listed + rejected; days to decision are business days from submitted_at to decided_at (pending ones are left out).',
  ],
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    if (rows.length === 0) return `No seller submissions ${betweenDates(window)}.`
    const total = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((sum, row) => sum + pick(row), 0)
    const accepted = total((row) => row.accepted)
    const listed = total((row) => row.listed)
    const rejected = total((row) => row.rejected)
    const acceptance = ratios.percent(accepted + listed, accepted + listed + rejected)
    const listing = ratios.percent(listed, accepted + listed)
    const scope =
      input.group_by === 'none'
        ? ''
        : ` across the ${plural(rows.length, groupNouns[input.group_by][0], groupNouns[input.group_by][1])} shown`
    const rates =
      acceptance === null
        ? ' None is decided yet.'
        : ` Acceptance rate ${formatPercent(acceptance)}${listing === null ? '' : `, listing rate ${formatPercent(listing)}`}.`
    const summary =
      `${plural(total((row) => row.submitted), 'seller submission')} ${betweenDates(window)}${scope}: ` +
      `${formatNumber(accepted + listed)} accepted (${formatNumber(listed)} of them listed), ${formatNumber(rejected)} rejected, ` +
      `${formatNumber(total((row) => row.pending))} pending.${rates}`
    const first = rows[0]!
    if (input.group_by !== 'none') return `${summary} Most submitted: ${first.label} (${plural(first.submitted, 'submission')}).`
    return first.median_days_to_decision === null
      ? summary
      : `${summary} Median ${plural(first.median_days_to_decision, 'day')} to a decision.`
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.length === 0) return undefined
    const input = inputSchema.parse(rawInput)
    return columnChart({
      title: input.group_by === 'none' ? 'Seller submissions by status' : `Seller submissions by ${input.group_by} and status`,
      values: rows.flatMap((row) => statuses.map((status) => ({ label: row.label, status, submissions: row[status] }))),
      category: { field: 'label', title: input.group_by === 'none' ? 'Submissions' : input.group_by === 'brand' ? 'Brand' : 'Category' },
      value: { field: 'submissions', title: 'Submissions' },
      color: { field: 'status', title: 'Status' },
      // Most submitted first, as the query orders them.
      order: rows.map((row) => row.label),
    })
  },
})
