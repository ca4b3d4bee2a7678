import {
  columnChart,
  defineTool,
  betweenDates,
  describeWindow,
  formatNumber,
  formatPercent,
  ratios,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { inLocalDays } from '../in-local-days.ts'

const steps = ['product_viewed', 'added_to_cart', 'checkout_started', 'payment_completed']
const stepNames: Record<string, string> = {
  product_viewed: 'viewed a product',
  added_to_cart: 'added to cart',
  checkout_started: 'started checkout',
  payment_completed: 'completed payment',
}
const stepName = (step: string) => stepNames[step] ?? step

const stepCount = z.object({
  step_number: z.number().int(),
  step: z.string(),
  sessions: z.number().int(),
})

const row = stepCount.extend({
  step_conversion_percent: z
    .number()
    .nullable()
    .describe('Sessions at this step ÷ sessions at the previous step × 100; empty for the first step or when the previous step had none.'),
  drop_off_percent: z
    .number()
    .nullable()
    .describe('Sessions at the previous step that did not reach this one ÷ sessions at the previous step × 100.'),
  overall_conversion_percent: z
    .number()
    .nullable()
    .describe('Sessions at this step ÷ sessions that viewed a product × 100; at payment_completed, the funnel\'s conversion.'),
})

export default defineTool({
  name: 'conversion_funnel',
  title: 'Storefront conversion funnel',
  area: 'kpis',
  scope: { channel: 'website' },
  description:
    'The storefront funnel for sessions that started in the window: how many sessions viewed a product, added to cart, started ' +
    'checkout and completed payment (one row per step, in that order), with each step\'s conversion from the previous step, its ' +
    'drop-off and the overall conversion from product view. By default a session counts at a step when it has that event; with ' +
    'require_previous_steps it must also have every earlier step. Use it to find where shoppers abandon. It covers the storefront ' +
    'only: for live-show and marketing conversion use show or campaign tools (campaign_performance, channel_comparison).',
  input: toolInput({
    ...windowFields,
    require_previous_steps: z
      .boolean()
      .default(false)
      .describe('Count a session at a step only if it also reached every earlier step (a strict funnel). Default false: having the event is enough.'),
  }),
  row,
  metrics: ['funnel_conversion', 'funnel_drop_off', 'funnel_overall_conversion'],
  examples: [
    'What is our checkout conversion rate?',
    'Where do shoppers drop off in the storefront funnel?',
    'Show the conversion funnel for last month',
    'How many sessions that add to cart complete payment?',
  ],
  cues: {
    strong: [
      /\b(?:end up|actually|ever|go on to) (?:pay|paying|buy|buying|purchas\w*|check(?:ing)? out|order\w*)\b/, 'browsers to buyers', 'visitors to buyers', 'visitors buy',
      'funnel', 'conversion rate', 'checkout', 'cart', 'add to cart', 'abandon', 'abandonment', 'drop off', 'drop-off', 'storefront conversion',
    ],
  },
  query: ({ sql, input, window, timeZone }) => sql`
    with funnel_steps(step_number, step) as (
      values (1, 'product_viewed'), (2, 'added_to_cart'), (3, 'checkout_started'), (4, 'payment_completed')
    ),
    -- A session belongs to the window of its first event's business day; its later events count even past the window's end.
    -- Each session's first event and events per step are in storefront_sessions, one row a session.
    window_sessions as (
      select s.product_viewed > 0 as viewed, s.added_to_cart > 0 as carted, s.checkout_started > 0 as checked_out,
             s.payment_completed > 0 as paid
      from storefront_sessions s
      where ${inLocalDays(sql, sql`s.first_event_at`, window, timeZone)}
    ),
    reached as (
      ${
        input.require_previous_steps
          ? sql`
            select count(*) filter (where viewed) as viewed,
                   count(*) filter (where viewed and carted) as carted,
                   count(*) filter (where viewed and carted and checked_out) as checked_out,
                   count(*) filter (where viewed and carted and checked_out and paid) as paid`
          : sql`
            select count(*) filter (where viewed) as viewed, count(*) filter (where carted) as carted,
                   count(*) filter (where checked_out) as checked_out, count(*) filter (where paid) as paid`
      }
      from window_sessions
    )
    select f.step_number::int as step_number,
           f.step,
           (array[r.viewed, r.carted, r.checked_out, r.paid])[f.step_number]::int as sessions
    from funnel_steps f
    cross join reached r
    order by f.step_number`,
  postProcess: (rows) => {
    const counts = z.array(stepCount).parse(rows)
    const viewed = counts[0]?.sessions ?? 0
    return counts.map((step, index) => {
      const previous = counts[index - 1]?.sessions ?? null
      return {
        ...step,
        step_conversion_percent: previous === null ? null : ratios.percent(step.sessions, previous),
        drop_off_percent: previous === null ? null : ratios.percent(previous - step.sessions, previous),
        overall_conversion_percent: ratios.percent(step.sessions, viewed),
      }
    })
  },
  assumptions: ({ input }) => [
    'A session is counted in the window of its first event (business day in the shop\'s time zone); storefront events are per session.',
    input.require_previous_steps
      ? 'Strict funnel: a session counts at a step only if it also has every earlier step.'
      : 'A session counts at a step when it has that event, whether or not it has the earlier ones; a step can then exceed the one before it.',
  ],
  narrate: ({ rows, window }) => {
    const first = rows[0]
    const last = rows[rows.length - 1]
    if (!first || !last || rows.every((step) => step.sessions === 0)) return `No storefront sessions ${betweenDates(window)}.`
    const overall =
      last.overall_conversion_percent === null
        ? 'no session viewed a product, so there is no overall conversion'
        : `${formatPercent(last.overall_conversion_percent)} overall conversion`
    const opening =
      `From ${describeWindow(window)}, ${formatNumber(first.sessions)} storefront session${first.sessions === 1 ? '' : 's'} ` +
      `${stepName(first.step)} and ${formatNumber(last.sessions)} ${stepName(last.step)} (${overall}).`
    // The weakest step has the lowest conversion from its previous step; the earlier step wins a tie.
    let weakest: { index: number; conversion: number } | undefined
    for (const [index, step] of rows.entries()) {
      const conversion = step.step_conversion_percent
      if (conversion !== null && (!weakest || conversion < weakest.conversion)) weakest = { index, conversion }
    }
    const step = weakest && rows[weakest.index]
    const before = weakest && rows[weakest.index - 1]
    if (!weakest || !step || !before) return opening
    return (
      `${opening} The weakest step is ${before.step} → ${step.step}: ${formatPercent(weakest.conversion)} of sessions that ` +
      `${stepName(before.step)} ${stepName(step.step)} (${formatPercent(step.drop_off_percent ?? 0)} dropped off).`
    )
  },
  chart: ({ rows }) =>
    columnChart({
      title: 'Storefront sessions by funnel step',
      values: rows,
      category: { field: 'step', title: 'Step' },
      value: { field: 'sessions', title: 'Sessions' },
      order: steps,
      extraTooltip: [
        { field: 'step_conversion_percent', title: 'Conversion from previous step (%)', format: ',.1f' },
        { field: 'drop_off_percent', title: 'Drop-off (%)', format: ',.1f' },
        { field: 'overall_conversion_percent', title: 'Overall conversion (%)', format: ',.1f' },
      ],
    }),
})
