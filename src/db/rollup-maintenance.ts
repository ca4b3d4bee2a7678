import { createHash } from 'node:crypto'
import { parts as declaredParts, sources as declaredSources, type GrainColumn, type PartDeclaration, type PartName, type SourceDeclaration } from '../semantic/sources.ts'

/**
 * The SQL that keeps the rollups and summaries equal to the sums over sales (and storefront events): the trigger
 * functions and the rebuild, written once here. The rollups' columns and sums come from the semantic layer's parts
 * (and the daily rollups' and buyer summary's keys from its sources), so a part added to a source's `stores` is added
 * to its table, kept by its triggers and filled by its rebuild. The migration runner applies this text as a repeatable migration: again,
 * in one transaction, whenever it changes. Migrations 0009, 0010, 0012, 0022 (sale_touches, each sale's marketing
 * touches), 0023 (item_summaries) and 0027 (sale_summaries) created the tables and the triggers and hold the history of these functions; the definitions in force are these.
 */

/** The rollups generated from the parts, by the source they are declared as. */
type RollupName = 'daily_rollup' | 'daily_channel_rollup' | 'daily_brand_rollup' | 'buyer_summary'

export interface Declarations<Part extends string> {
  parts: Readonly<Record<Part, PartDeclaration>>
  sources: Readonly<Record<RollupName, SourceDeclaration<Part>>>
}

export interface GeneratedFunction {
  /** The name and argument types, as COMMENT ON FUNCTION and regprocedure write them. */
  signature: string
  /** The full header, arguments named. */
  header: string
  returns: 'trigger' | 'void'
  /** The PL/pgSQL body, exactly as pg_proc.prosrc stores it. */
  body: string
  comment: string
}

export interface RollupMaintenance {
  /** The table changes (new part columns), the functions and the rebuild, as one script. */
  sql: string
  checksum: string
  functions: GeneratedFunction[]
  /** Every table the rebuild writes, in the order it writes them. */
  tables: string[]
}

/** A table of sales lines summed per key: its key columns (over the lines' alias), the parts it stores. */
interface LinesRollup<Part extends string> {
  table: string
  keys: { column: string; over: (a: string) => string }[]
  joinsProducts: boolean
  stores: Part[]
  /** Which lines it holds, when not all. */
  holds?: (a: string) => string
}

/**
 * How each generated rollup follows its input: the daily rollups of 0009 take every change of sales (and products
 * moved to another brand, category or condition); the brand rollup of 0010 follows the detailed rollup; a rollup
 * whose grain and parts the detailed rollup holds is rebuilt from it, which is a hundred times smaller than sales.
 */
const followsSales: readonly RollupName[] = ['daily_rollup', 'daily_channel_rollup']
const followsDetailed: readonly RollupName[] = ['daily_brand_rollup']
const detailed = 'daily_rollup' satisfies RollupName
const dailyRollups: readonly RollupName[] = [...followsSales, ...followsDetailed]

/** The buyer summary's columns that are not parts: the dates of a buyer's milestones, merged by their own rules. */
const milestones = ['first', 'second', 'penultimate', 'last'] as const
/** Steps of the storefront funnel counted per session. */
const funnelSteps = ['product_viewed', 'added_to_cart', 'checkout_started', 'payment_completed'] as const

/**
 * How far before a sale sale_touches keeps its buyer's touches: 91 × 24 hours, a day more than the longest lookback
 * a tool accepts (90 days), so that 90 calendar days counted in any session time zone (23- and 25-hour days
 * included) fall inside it. In hours, the stored pairs do not depend on the writer's time zone; the tools apply
 * their own lookback to them.
 */
export const saleTouchesSpan = "interval '2184 hours'"
const saleTouchColumns = ['sale_id', 'touch_id', 'date_sold', 'sold_at', 'touched_at', 'campaign_id', 'revenue_cents', 'profit_cents'] as const
/**
 * A sale (alias `s`) and its buyer's touch (alias `t`) as a sale_touches row, and the condition that pairs them. The
 * sale's revenue and gross profit ride along in cents (migration 0026), so a tool crediting touches need not read sales.
 */
const saleTouchValues = (s: string, t: string): string =>
  `${s}.id AS sale_id, ${t}.id AS touch_id, ${s}.date_sold, ${s}.sold_at, ${t}.touched_at, ${t}.campaign_id, ` +
  `round(${s}.gross_amount_earned * 100)::bigint AS revenue_cents, round(${s}.net_profit_loss * 100)::bigint AS profit_cents`
const pairs = (s: string, t: string): string =>
  `${t}.user_id = ${s}.buyer_id AND ${t}.touched_at <= ${s}.sold_at AND ${t}.touched_at >= ${s}.sold_at - ${saleTouchesSpan}`

/**
 * item_summaries (migration 0023): one row per inventory item with its product's grade, category and brand, how many
 * items the product has and how many sale lines, the days held, day and revenue (0028) of its sale when it has
 * exactly one, and its product's model name (0028). A resale product has one item and sells once, so the inventory tools read an item's figures without
 * joining products and sales.
 */
const itemColumns = [
  'inventory_id', 'product_id', 'created_at', 'quantity', 'purchase_price', 'list_price', 'condition', 'category', 'brand_id',
  'product_items', 'sale_lines', 'days_held', 'date_sold', 'revenue', 'model',
] as const
/** The columns of sales an item's row holds (gross_amount_earned as revenue) when its product has exactly one sale line. */
const itemSaleColumns = ['days_held', 'date_sold', 'gross_amount_earned'] as const
/** The item_summaries rows of every item, or of the items of the products in `products` (a uuid[] expression). */
const itemRows = (products?: string): string => `
  SELECT i.id, i.product_id, i.created_at, i.quantity, i.purchase_price, i.list_price, p.condition, p.category, p.brand_id,
         count(*) OVER (PARTITION BY i.product_id), coalesce(s.sale_lines, 0), ${itemSaleColumns.map((column) => `s.${column}`).join(', ')}, p.name
  FROM inventory i
  JOIN products p ON p.id = i.product_id
  LEFT JOIN (
    SELECT s.product_id, count(*) AS sale_lines, ${itemSaleColumns.map((column) => `CASE WHEN count(*) = 1 THEN min(s.${column}) END AS ${column}`).join(', ')}
    FROM sales s${products ? `
    WHERE s.product_id = ANY (${products})` : ''}
    GROUP BY s.product_id
  ) s ON s.product_id = i.product_id${products ? `
  WHERE i.product_id = ANY (${products})` : ''}
  ORDER BY i.created_at, i.id`
/**
 * sale_summaries (migration 0027): one row per sale with its day, buyer and channel and its product's brand, category
 * and condition, so that the customers of a brand's (category's, grade's) sales are counted from one index range
 * instead of a probe of sales per product.
 */
const saleSummaryColumns = ['sale_id', 'product_id', 'buyer_id', 'date_sold', 'channel', 'brand_id', 'category', 'condition'] as const
/** The sale_summaries rows of every sale, or of the sales of the products in `products` (a uuid[] expression). */
const saleSummaryRows = (products?: string): string => `
  SELECT s.id, s.product_id, s.buyer_id, s.date_sold, s.channel, p.brand_id, p.category, p.condition
  FROM sales s
  JOIN products p ON p.id = s.product_id${products ? `
  WHERE s.product_id = ANY (${products})` : ''}
  ORDER BY s.date_sold, s.id`
/** The products of the rows of a transition table (alias `a`) that differ from the other table's row of the same id in `columns`. */
const changedProducts = (transition: string, a: string, other: string, columns: readonly string[], product = 'product_id'): string =>
  `SELECT ${a}.${product} FROM ${transition} ${a} WHERE NOT EXISTS (SELECT 1 FROM ${other} x WHERE x.id = ${a}.id AND (${columns.map((column) => `x.${column}`).join(', ')}) IS NOT DISTINCT FROM (${columns.map((column) => `${a}.${column}`).join(', ')}))`

/** A summary kept per product (item_summaries, sale_summaries): its rows of the given products rewritten under their locks. */
const resumByProduct = (summary: string, columns: readonly string[], rows: string, comment: string): GeneratedFunction => ({
  signature: `luxx_${summary}_resum(uuid[])`,
  header: `luxx_${summary}_resum(products uuid[])`,
  returns: 'void',
  comment,
  body: `
BEGIN
  PERFORM luxx_summaries_lock('${summary}', products::text[]);
  DELETE FROM ${summary} WHERE product_id = ANY (products);
  INSERT INTO ${summary} (${columns.join(', ')})${rows};
END `,
})

/** The trigger that rewrites a per-product summary for the products of the rows written to `table` (`watched` changed). */
const resumOnWrite = (summary: string, table: string, watched: readonly string[], comment: string): GeneratedFunction => ({
  signature: `luxx_${summary}_apply_${table}()`,
  header: `luxx_${summary}_apply_${table}()`,
  returns: 'trigger',
  comment,
  body: `
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM luxx_${summary}_resum(array(SELECT DISTINCT n.product_id FROM new_${table} n));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM luxx_${summary}_resum(array(
      ${changedProducts(`old_${table}`, 'o', `new_${table}`, watched)}
      UNION
      ${changedProducts(`new_${table}`, 'n', `old_${table}`, watched)}));
  ELSE
    PERFORM luxx_${summary}_resum(array(SELECT DISTINCT o.product_id FROM old_${table} o));
  END IF;
  RETURN NULL;
END `,
})

/** The trigger that rewrites a per-product summary for the products whose `watched` columns changed. */
const resumOnRegrade = (summary: string, watched: readonly string[], comment: string): GeneratedFunction => ({
  signature: `luxx_${summary}_apply_products()`,
  header: `luxx_${summary}_apply_products()`,
  returns: 'trigger',
  comment,
  body: `
BEGIN
  PERFORM luxx_${summary}_resum(array(${changedProducts('new_products', 'n', 'old_products', watched, 'id')}));
  RETURN NULL;
END `,
})

/** The semantic layer's own declarations: what the migration runner applies. */
export const declared: Declarations<PartName> = { parts: declaredParts, sources: declaredSources }

export function rollupMaintenance<Part extends string>(declarations: Declarations<Part>): RollupMaintenance {
  const { parts, sources } = declarations
  const additive = (rollup: RollupName): Part[] => sources[rollup].stores.filter((part) => parts[part].additive)
  for (const rollup of [...dailyRollups, 'buyer_summary'] as const) {
    const other = sources[rollup].stores.filter((part) => !parts[part].additive && !(rollup === 'buyer_summary' && part === 'first_date'))
    if (other.length > 0) throw new Error(`${sources[rollup].table} cannot store ${other.join(', ')}: only sums and counts add up across rows.`)
    if (rollup !== 'buyer_summary' && !sources[rollup].stores.includes('orders' as Part)) {
      throw new Error(`${sources[rollup].table} must store orders: a row whose orders reach 0 is removed.`)
    }
  }

  /** A part's aggregate over sales (alias `a`), with sign `-` to take lines away. */
  const aggregate = (part: Part, a: string, sign = ''): string => {
    const declaration = parts[part]
    if (!declaration.additive) throw new Error(`${part} is not additive.`)
    // Rollup columns are NOT NULL: a sum over lines that all lack the column (days held unknown) stores 0.
    return declaration.aggregate === 'count' ? `${sign}count(${a}.${declaration.column})` : `${sign}coalesce(sum(${a}.${declaration.column}), 0)`
  }
  const grainOf = (rollup: RollupName): readonly GrainColumn[] => sources[rollup].grain
  const table = (rollup: RollupName): string => sources[rollup].table
  const numbered = (count: number): string => Array.from({ length: count }, (_, index) => index + 1).join(', ')
  const added = (alias: string, columns: readonly string[]): string => columns.map((column) => `${column} = ${alias}.${column} + excluded.${column}`).join(', ')

  /** A declared rollup of sales as the lines it sums: keys over the lines' alias (and `p`, the product sold). */
  const linesOf = (rollup: RollupName): LinesRollup<Part> => ({
    table: table(rollup),
    keys: grainOf(rollup).map((key) => ({ column: key.column, over: (a) => `${key.from === 'sales' ? a : 'p'}.${key.column}` })),
    joinsProducts: grainOf(rollup).some((key) => key.from === 'products'),
    stores: additive(rollup),
  })
  // Sales per UTC hour, business day and channel, and per live show (migration 0010): no measure of the semantic layer
  // reads them, but their sums are its parts.
  const hourly: LinesRollup<Part> = {
    table: 'sales_hourly_rollup',
    keys: [
      { column: 'date_sold', over: (a) => `${a}.date_sold` },
      { column: 'sold_hour', over: (a) => `date_trunc('hour', ${a}.sold_at, 'UTC')` },
      { column: 'channel', over: (a) => `${a}.channel` },
    ],
    joinsProducts: false,
    stores: ['orders', 'units', 'revenue'] as Part[],
  }
  const shows: LinesRollup<Part> = {
    table: 'sales_show_rollup',
    keys: [{ column: 'show_id', over: (a) => `${a}.show_id` }],
    joinsProducts: false,
    stores: ['orders', 'units', 'revenue'] as Part[],
    holds: (a) => `${a}.show_id IS NOT NULL`,
  }

  /** Adds (sign '') or takes away (sign '-') the sales of a transition table, one grouped upsert in key order. */
  const upsertLines = (rollup: LinesRollup<Part>, transition: string, a: string, sign: string): string => `
    INSERT INTO ${rollup.table} AS r (${[...rollup.keys.map((key) => key.column), ...rollup.stores].join(', ')})
    SELECT ${[...rollup.keys.map((key) => key.over(a)), ...rollup.stores.map((part) => aggregate(part, a, sign))].join(', ')}
    FROM ${transition} ${a}${rollup.joinsProducts ? ` JOIN products p ON p.id = ${a}.product_id` : ''}${rollup.holds ? `
    WHERE ${rollup.holds(a)}` : ''}
    GROUP BY ${numbered(rollup.keys.length)} ORDER BY ${numbered(rollup.keys.length)}
    ON CONFLICT (${rollup.keys.map((key) => key.column).join(', ')}) DO UPDATE
      SET ${added('r', rollup.stores)};`
  const upsertFromSales = (rollup: RollupName, transition: string, a: string, sign: string): string => upsertLines(linesOf(rollup), transition, a, sign)

  /** A sale line's count per product, for the products' rows of a transition table. */
  const countProductLines = (transition: string, a: string, sign: string): string => `
    INSERT INTO product_sale_counts AS c (product_id, sale_lines)
    SELECT ${a}.product_id, ${sign}count(*)
    FROM ${transition} ${a}
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (product_id) DO UPDATE SET sale_lines = c.sale_lines + excluded.sale_lines;`
  const linesSummaries = (transition: string, a: string, sign: string): string =>
    [hourly, shows].map((rollup) => upsertLines(rollup, transition, a, sign)).join('') + countProductLines(transition, a, sign)

  /** The sales of products moved to other product columns leave their old rows and join their new ones. */
  const upsertMovedProducts = (rollup: RollupName): string => {
    const grain = grainOf(rollup)
    const stored = additive(rollup)
    const productColumns = grain.filter((key) => key.from === 'products').map((key) => key.column)
    const changed = `(${productColumns.map((column) => `o.${column}`).join(', ')}) IS DISTINCT FROM (${productColumns.map((column) => `n.${column}`).join(', ')})`
    const side = (alias: string, sign: string) => `
    SELECT ${alias}.id, ${productColumns.map((column) => `${alias}.${column}`).join(', ')}, ${sign}
    FROM old_products o JOIN new_products n ON n.id = o.id
    WHERE ${changed}`
    return `
  INSERT INTO ${table(rollup)} AS r (${[...grain.map((key) => key.column), ...stored].join(', ')})
  SELECT ${[...grain.map((key) => `${key.from === 'sales' ? 's' : 'moved'}.${key.column}`), ...stored.map((part) => `moved.sign * ${aggregate(part, 's')}`)].join(', ')}
  FROM (${side('o', '-1 AS sign')}
    UNION ALL${side('n', '1')}
  ) AS moved
  JOIN sales s ON s.product_id = moved.id
  GROUP BY ${numbered(grain.length)}, moved.sign ORDER BY ${numbered(grain.length)}, moved.sign
  ON CONFLICT (${grain.map((key) => key.column).join(', ')}) DO UPDATE
    SET ${added('r', stored)};
  DELETE FROM ${table(rollup)} WHERE orders = 0;`
  }

  /** Adds or takes away the rows of the detailed rollup's transition table, summed to a coarser grain. */
  const upsertFromDetailed = (rollup: RollupName, transition: string, a: string, sign: string): string => {
    const grain = grainOf(rollup).map((key) => key.column)
    const stored = additive(rollup)
    return `
    INSERT INTO ${table(rollup)} AS r (${[...grain, ...stored].join(', ')})
    SELECT ${[...grain.map((column) => `${a}.${column}`), ...stored.map((part) => `${sign}sum(${a}.${part})`)].join(', ')}
    FROM ${transition} ${a}
    GROUP BY ${numbered(grain.length)} ORDER BY ${numbered(grain.length)}
    ON CONFLICT (${grain.join(', ')}) DO UPDATE
      SET ${added('r', stored)};`
  }

  /**
   * A statement trigger's body: the old rows of its transition tables (old_<name>, new_<name>) taken away, the new
   * ones added, and the rows left with no sale line removed.
   */
  const applyChanges = (
    rollups: readonly RollupName[],
    upsert: (rollup: RollupName, transition: string, a: string, sign: string) => string,
    name: string,
  ): string => `
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN${rollups.map((rollup) => upsert(rollup, `old_${name}`, 'o', '-')).join('')}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN${rollups.map((rollup) => upsert(rollup, `new_${name}`, 'n', '')).join('')}
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN${rollups.map((rollup) => `
    DELETE FROM ${table(rollup)} WHERE orders = 0;`).join('')}
  END IF;
  RETURN NULL;
END `

  // The buyer summary: its stored sums, then the dates of its milestones.
  const buyerParts = additive('buyer_summary')
  const buyerColumns = ['buyer_id', ...buyerParts, ...milestones.map((milestone) => `${milestone}_date`)]
  const buyerSums = (a: string): string =>
    [
      `${a}.buyer_id`,
      ...buyerParts.map((part) => aggregate(part, a)),
      `min(${a}.date_sold)`,
      `(array_agg(${a}.date_sold ORDER BY ${a}.date_sold))[2]`,
      `(array_agg(${a}.date_sold ORDER BY ${a}.date_sold DESC))[2]`,
      `max(${a}.date_sold)`,
    ].join(', ')
  const replaced = (columns: readonly string[]): string => columns.map((column) => `${column} = excluded.${column}`).join(', ')

  // A storefront session: its first event and its events of each funnel step.
  const sessionColumns = ['session_id', 'first_event_at', ...funnelSteps]
  const sessionCounts = (a: string): string =>
    [`${a}.session_id`, `min(${a}.occurred_at)`, ...funnelSteps.map((step) => `count(*) FILTER (WHERE ${a}.event_type = '${step}')`)].join(', ')

  const milestoneValues = (a: string, extra = ''): string =>
    `(VALUES ${milestones.map((milestone) => `('${milestone}', ${a}.${milestone}_date${extra})`).join(', ')})`
  /** Adds (sign '') or takes away (sign '-') the milestones of the buyer rows of a transition table. */
  const countMilestones = (transition: string, a: string, sign: string): string => `
    INSERT INTO buyer_milestone_counts AS c (milestone, date_sold, buyers)
    SELECT m.milestone, m.date_sold, ${sign}count(*)
    FROM ${transition} ${a}
    CROSS JOIN LATERAL ${milestoneValues(a)}
      AS m(milestone, date_sold)
    WHERE m.date_sold IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (milestone, date_sold) DO UPDATE SET buyers = c.buyers + excluded.buyers;`

  /**
   * The body of a recount of the given keys' rows of a summary (its first column is the key), summed over `from` (alias
   * `s`). Every other writer of these keys has committed once their lock is held, so the delete removes their row and
   * the sum holds their lines: the sum replaces any row met.
   */
  const resum = (summary: { table: string; columns: readonly string[]; sums: (a: string) => string; from: string }, keys: string, keysAsText: string): string => {
    const [key = '', ...rest] = summary.columns
    return `
BEGIN
  PERFORM luxx_summaries_lock('${summary.table}', ${keysAsText});
  DELETE FROM ${summary.table} WHERE ${key} = ANY (${keys});
  INSERT INTO ${summary.table} (${summary.columns.join(', ')})
  SELECT ${summary.sums('s')}
  FROM ${summary.from}
  WHERE s.${key} = ANY (${keys})
  GROUP BY s.${key} ORDER BY s.${key}
  ON CONFLICT (${key}) DO UPDATE
    SET ${replaced(rest)};
END `
  }

  /**
   * Whether a line of a sales transition table (alias `a`) changed what its pairs hold (buyer, moment, day, revenue or
   * gross profit): the other table has no line of its id with the same ones.
   */
  const pairedColumns = ['buyer_id', 'sold_at', 'date_sold', 'gross_amount_earned', 'net_profit_loss']
  const moved = (a: string, other: string): string =>
    `NOT EXISTS (SELECT 1 FROM ${other} x WHERE x.id = ${a}.id AND (${pairedColumns.map((column) => `x.${column}`).join(', ')}) IS NOT DISTINCT FROM (${pairedColumns.map((column) => `${a}.${column}`).join(', ')}))`

  const functions: GeneratedFunction[] = [
    {
      // Takes, in order so that two statements locking overlapping keys cannot deadlock on them, the transaction locks
      // of the given keys of a summary (its table's name keeps buyers and sessions apart). Keys share 1,024 locks per
      // summary: one lock per key would let a statement over many buyers (a 20,000-line load, an update of every sale)
      // outgrow the server's lock table (max_locks_per_transaction × connections: about 6,400 locks by default), and
      // two writers of different keys that share a lock only take turns. Migration 0012 explains the races.
      signature: 'luxx_summaries_lock(text, text[])',
      header: 'luxx_summaries_lock(summary text, keys text[])',
      returns: 'void',
      comment: 'Locks the given keys of a summary (buyer_summaries, storefront_sessions) until the transaction ends.',
      body: `
DECLARE
  bucket integer;
BEGIN
  FOR bucket IN
    SELECT DISTINCT (hashtextextended(k.key, 0) & 1023)::integer FROM unnest(keys) AS k(key) WHERE k.key IS NOT NULL ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(hashtext(summary), bucket);
  END LOOP;
END `,
    },
    {
      // Statement-level, so a batch insert of 20,000 sales costs one grouped upsert per rollup, not 20,000. Keys are
      // upserted in order, so concurrent writers lock rollup rows in the same order and cannot deadlock on them.
      signature: 'luxx_rollups_apply_sales()',
      header: 'luxx_rollups_apply_sales()',
      returns: 'trigger',
      comment: 'Keeps the sales rollups equal to the sums over sales after every insert, update and delete.',
      body: applyChanges(followsSales, upsertFromSales, 'sales'),
    },
    {
      // Row triggers never see a truncate (a reseed).
      signature: 'luxx_rollups_clear()',
      header: 'luxx_rollups_clear()',
      returns: 'trigger',
      comment: 'Empties the sales rollups when sales is truncated.',
      body: `
BEGIN
  TRUNCATE ${followsSales.map(table).join(', ')};
  RETURN NULL;
END `,
    },
    {
      signature: 'luxx_rollups_apply_products()',
      header: 'luxx_rollups_apply_products()',
      returns: 'trigger',
      comment: 'Moves the sales of a product given another brand, category or condition to its new rollup rows.',
      body: `
BEGIN${followsSales.filter((rollup) => grainOf(rollup).some((key) => key.from === 'products')).map(upsertMovedProducts).join('')}
  RETURN NULL;
END `,
    },
    {
      // Each change of the detailed rollup (new sales, products moved) is passed on: the rows written minus the rows
      // they replaced, summed to the coarser grain.
      signature: 'luxx_brand_rollup_apply()',
      header: 'luxx_brand_rollup_apply()',
      returns: 'trigger',
      comment: 'Keeps sales_daily_brand_rollup equal to sales_daily_rollup summed per day and brand.',
      body: applyChanges(followsDetailed, upsertFromDetailed, 'detailed'),
    },
    {
      signature: 'luxx_brand_rollup_clear()',
      header: 'luxx_brand_rollup_clear()',
      returns: 'trigger',
      comment: 'Empties the rollups that follow sales_daily_rollup when it is truncated.',
      body: `
BEGIN
  TRUNCATE ${followsDetailed.map(table).join(', ')};
  RETURN NULL;
END `,
    },
    {
      // After deletes and updates, which can take away a first or last line. Every other writer of these buyers has
      // committed once the lock is held, so the delete removes their row and the sum holds their lines: the sum
      // replaces any row met. (One is met only under REPEATABLE READ, whose snapshot predates the lock; there
      // PostgreSQL refuses the update with a serialization failure rather than lose a line.)
      signature: 'luxx_buyer_summaries_resum(uuid[])',
      header: 'luxx_buyer_summaries_resum(buyers uuid[])',
      returns: 'void',
      comment: 'Rebuilds the buyer_summaries rows of the given buyers from sales.',
      body: resum({ table: 'buyer_summaries', columns: buyerColumns, sums: buyerSums, from: 'sales s' }, 'buyers', 'buyers::text[]'),
    },
    {
      // Like the rollups: one grouped upsert per statement, keys in order. Every writer of a buyer's row first takes
      // the buyer's lock, held until it commits (migration 0012): a recount starts once the other writers of its
      // buyers have committed, sees their rows and their lines, and replaces the row.
      signature: 'luxx_summaries_apply_sales()',
      header: 'luxx_summaries_apply_sales()',
      returns: 'trigger',
      comment: 'Keeps buyer_summaries, product_sale_counts, sales_hourly_rollup and sales_show_rollup equal to the sums over sales after every insert, update and delete.',
      body: `
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN${linesSummaries('old_sales', 'o', '-')}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN${linesSummaries('new_sales', 'n', '')}
  END IF;
  IF TG_OP = 'INSERT' THEN
    -- New lines merge into each buyer's row: the second line of two date-ordered lists is the lesser of their
    -- greater firsts and their lesser seconds (least and greatest skip empty values), the second-to-last likewise.
    -- The lock makes a recount of the same buyer wait for this insert's commit, and this insert for the recount's.
    PERFORM luxx_summaries_lock('buyer_summaries', array(SELECT n.buyer_id::text FROM new_sales n WHERE n.buyer_id IS NOT NULL));
    INSERT INTO buyer_summaries AS b (${buyerColumns.join(', ')})
    SELECT ${buyerSums('n')}
    FROM new_sales n
    WHERE n.buyer_id IS NOT NULL
    GROUP BY n.buyer_id ORDER BY n.buyer_id
    ON CONFLICT (buyer_id) DO UPDATE
      SET ${added('b', buyerParts)}, first_date = least(b.first_date, excluded.first_date),
          second_date = least(greatest(b.first_date, excluded.first_date), least(b.second_date, excluded.second_date)),
          penultimate_date = greatest(least(b.last_date, excluded.last_date), greatest(b.penultimate_date, excluded.penultimate_date)),
          last_date = greatest(b.last_date, excluded.last_date);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM luxx_buyer_summaries_resum(array(SELECT o.buyer_id FROM old_sales o WHERE o.buyer_id IS NOT NULL
                                             UNION SELECT n.buyer_id FROM new_sales n WHERE n.buyer_id IS NOT NULL));
  ELSE
    PERFORM luxx_buyer_summaries_resum(array(SELECT DISTINCT o.buyer_id FROM old_sales o WHERE o.buyer_id IS NOT NULL));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
${[hourly, shows].map((rollup) => `    DELETE FROM ${rollup.table} WHERE orders = 0;\n`).join('')}    DELETE FROM product_sale_counts c USING old_sales o WHERE c.product_id = o.product_id AND c.sale_lines = 0;
  END IF;
  RETURN NULL;
END `,
    },
    {
      signature: 'luxx_summaries_clear()',
      header: 'luxx_summaries_clear()',
      returns: 'trigger',
      comment: 'Empties the summaries of sales when sales is truncated.',
      body: `
BEGIN
  -- buyer_milestone_counts empties with buyer_summaries, through the truncate trigger of the latter.
  TRUNCATE buyer_summaries, product_sale_counts, ${hourly.table}, ${shows.table};
  RETURN NULL;
END `,
    },
    {
      // After deletes and updates a session's first event may have gone. Locked like the buyers' recount, it replaces
      // the session's row.
      signature: 'luxx_storefront_sessions_resum(text[])',
      header: 'luxx_storefront_sessions_resum(sessions text[])',
      returns: 'void',
      comment: 'Rebuilds the storefront_sessions rows of the given sessions from storefront_events.',
      body: resum({ table: 'storefront_sessions', columns: sessionColumns, sums: sessionCounts, from: 'storefront_events s' }, 'sessions', 'sessions'),
    },
    {
      signature: 'luxx_storefront_sessions_apply()',
      header: 'luxx_storefront_sessions_apply()',
      returns: 'trigger',
      comment: 'Keeps storefront_sessions equal to the counts over storefront_events after every insert, update and delete.',
      body: `
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM luxx_summaries_lock('storefront_sessions', array(SELECT n.session_id FROM new_events n));
    INSERT INTO storefront_sessions AS t (${sessionColumns.join(', ')})
    SELECT ${sessionCounts('n')}
    FROM new_events n
    GROUP BY n.session_id ORDER BY n.session_id
    ON CONFLICT (session_id) DO UPDATE
      SET first_event_at = least(t.first_event_at, excluded.first_event_at), ${added('t', funnelSteps)};
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM luxx_storefront_sessions_resum(array(SELECT o.session_id FROM old_events o UNION SELECT n.session_id FROM new_events n));
  ELSE
    PERFORM luxx_storefront_sessions_resum(array(SELECT DISTINCT o.session_id FROM old_events o));
  END IF;
  RETURN NULL;
END `,
    },
    {
      signature: 'luxx_storefront_sessions_clear()',
      header: 'luxx_storefront_sessions_clear()',
      returns: 'trigger',
      comment: 'Empties storefront_sessions when storefront_events is truncated.',
      body: `
BEGIN
  TRUNCATE storefront_sessions;
  RETURN NULL;
END `,
    },
    {
      // Buyers leave a milestone day and reach another as their summary changes; a statement-level trigger sees the
      // exact rows replaced even when writers race. Unchanged milestones cancel out, and days left at 0 are removed.
      signature: 'luxx_buyer_milestones_apply()',
      header: 'luxx_buyer_milestones_apply()',
      returns: 'trigger',
      comment: 'Keeps buyer_milestone_counts equal to the counts over buyer_summaries.',
      body: `
BEGIN
  IF TG_OP = 'INSERT' THEN${countMilestones('new_summaries', 'n', '')}
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO buyer_milestone_counts AS c (milestone, date_sold, buyers)
    SELECT m.milestone, m.date_sold, sum(m.change)
    FROM (
      SELECT ${milestones.map((milestone) => `o.${milestone}_date`).join(', ')}, -1 AS change FROM old_summaries o
      UNION ALL
      SELECT ${milestones.map((milestone) => `n.${milestone}_date`).join(', ')}, 1 FROM new_summaries n
    ) AS changed
    CROSS JOIN LATERAL ${milestoneValues('changed', ', changed.change')}
      AS m(milestone, date_sold, change)
    WHERE m.date_sold IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(m.change) <> 0
    ORDER BY 1, 2
    ON CONFLICT (milestone, date_sold) DO UPDATE SET buyers = c.buyers + excluded.buyers;
    DELETE FROM buyer_milestone_counts WHERE buyers = 0;
  ELSE${countMilestones('old_summaries', 'o', '-')}
    DELETE FROM buyer_milestone_counts WHERE buyers = 0;
  END IF;
  RETURN NULL;
END `,
    },
    {
      signature: 'luxx_buyer_milestones_clear()',
      header: 'luxx_buyer_milestones_clear()',
      returns: 'trigger',
      comment: 'Empties buyer_milestone_counts when buyer_summaries is truncated.',
      body: `
BEGIN
  TRUNCATE buyer_milestone_counts;
  RETURN NULL;
END `,
    },
    {
      // Only lines whose buyer, moment, day, revenue or gross profit changed are paired again: a line whose fees alone
      // changed keeps its pairs. A sale and a
      // touch of the same buyer written at once by two transactions would each miss the other: every writer of a
      // buyer's pairs first takes the buyer's lock, held until it commits, so the later one sees the earlier's rows.
      signature: 'luxx_sale_touches_apply_sales()',
      header: 'luxx_sale_touches_apply_sales()',
      returns: 'trigger',
      comment: 'Keeps sale_touches equal to the pairs of sales and their buyers\' marketing touches after every insert, update and delete of sales.',
      body: `
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM luxx_summaries_lock('sale_touches', array(SELECT DISTINCT n.buyer_id::text FROM new_sales n WHERE n.buyer_id IS NOT NULL));
    INSERT INTO sale_touches (${saleTouchColumns.join(', ')})
    SELECT ${saleTouchValues('n', 't')}
    FROM new_sales n
    JOIN marketing_touches t ON ${pairs('n', 't')}
    ORDER BY 1, 2;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM luxx_summaries_lock('sale_touches', array(
      SELECT o.buyer_id::text FROM old_sales o WHERE o.buyer_id IS NOT NULL AND ${moved('o', 'new_sales')}
      UNION
      SELECT n.buyer_id::text FROM new_sales n WHERE n.buyer_id IS NOT NULL AND ${moved('n', 'old_sales')}));
    DELETE FROM sale_touches st USING old_sales o WHERE st.sale_id = o.id AND ${moved('o', 'new_sales')};
    INSERT INTO sale_touches (${saleTouchColumns.join(', ')})
    SELECT ${saleTouchValues('n', 't')}
    FROM new_sales n
    JOIN marketing_touches t ON ${pairs('n', 't')}
    WHERE ${moved('n', 'old_sales')}
    ORDER BY 1, 2;
  ELSE
    PERFORM luxx_summaries_lock('sale_touches', array(SELECT DISTINCT o.buyer_id::text FROM old_sales o WHERE o.buyer_id IS NOT NULL));
    DELETE FROM sale_touches st USING old_sales o WHERE st.sale_id = o.id;
  END IF;
  RETURN NULL;
END `,
    },
    {
      // A touch written later pairs with the sales of its buyer up to the span after it; locked like a sale's.
      signature: 'luxx_sale_touches_apply_touches()',
      header: 'luxx_sale_touches_apply_touches()',
      returns: 'trigger',
      comment: 'Keeps sale_touches equal to the pairs of sales and their buyers\' marketing touches after every insert, update and delete of marketing_touches.',
      body: `
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM luxx_summaries_lock('sale_touches', array(SELECT DISTINCT n.user_id::text FROM new_touches n));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM luxx_summaries_lock('sale_touches', array(SELECT o.user_id::text FROM old_touches o UNION SELECT n.user_id::text FROM new_touches n));
  ELSE
    PERFORM luxx_summaries_lock('sale_touches', array(SELECT DISTINCT o.user_id::text FROM old_touches o));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM sale_touches st USING old_touches o WHERE st.touch_id = o.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO sale_touches (${saleTouchColumns.join(', ')})
    SELECT ${saleTouchValues('s', 'n')}
    FROM new_touches n
    JOIN sales s ON ${pairs('s', 'n')}
    ORDER BY 1, 2;
  END IF;
  RETURN NULL;
END `,
    },
    {
      // Every pair holds a sale and a touch: truncating either table leaves none.
      signature: 'luxx_sale_touches_clear()',
      header: 'luxx_sale_touches_clear()',
      returns: 'trigger',
      comment: 'Empties sale_touches when sales or marketing_touches is truncated.',
      body: `
BEGIN
  TRUNCATE sale_touches;
  RETURN NULL;
END `,
    },
    // Every writer of a product's items, sales or grade takes the product's lock first, held until it commits: a
    // recount starts once the other writers of its products have committed and sees their rows.
    resumByProduct('item_summaries', itemColumns, itemRows('products'), 'Rebuilds the item_summaries rows of the items of the given products from inventory, products and sales.'),
    // Only lines given another product, days held, day or revenue change an item's row: a line whose fees change leaves it.
    resumOnWrite('item_summaries', 'sales', ['product_id', ...itemSaleColumns], 'Keeps item_summaries equal to each item\'s product\'s sale lines after every insert, update and delete of sales.'),
    resumOnWrite('item_summaries', 'inventory', itemColumns.slice(1, 6), 'Keeps item_summaries equal to inventory after every insert, update and delete of inventory.'),
    resumOnRegrade('item_summaries', ['condition', 'category', 'brand_id', 'name'], 'Gives the items of a product given another grade, category, brand or name its new ones.'),
    {
      signature: 'luxx_item_summaries_clear_sales()',
      header: 'luxx_item_summaries_clear_sales()',
      returns: 'trigger',
      comment: 'Leaves every item of item_summaries unsold when sales is truncated.',
      body: `
BEGIN
  UPDATE item_summaries SET sale_lines = 0, days_held = NULL, date_sold = NULL, revenue = NULL WHERE sale_lines <> 0;
  RETURN NULL;
END `,
    },
    {
      signature: 'luxx_item_summaries_clear()',
      header: 'luxx_item_summaries_clear()',
      returns: 'trigger',
      comment: 'Empties item_summaries when inventory is truncated.',
      body: `
BEGIN
  TRUNCATE item_summaries;
  RETURN NULL;
END `,
    },
    // Keyed by product like item_summaries: a product's sales are rewritten together, under the product's lock.
    resumByProduct('sale_summaries', saleSummaryColumns, saleSummaryRows('products'), 'Rebuilds the sale_summaries rows of the sales of the given products from sales and products.'),
    // Only lines given another product, buyer, day or channel change their row: a repriced line leaves it.
    resumOnWrite('sale_summaries', 'sales', saleSummaryColumns.slice(1, 5), 'Keeps sale_summaries equal to sales after every insert, update and delete of sales.'),
    resumOnRegrade('sale_summaries', ['condition', 'category', 'brand_id'], 'Gives the sales of a product given another grade, category or brand its new ones.'),
    {
      signature: 'luxx_sale_summaries_clear()',
      header: 'luxx_sale_summaries_clear()',
      returns: 'trigger',
      comment: 'Empties sale_summaries when sales is truncated.',
      body: `
BEGIN
  TRUNCATE sale_summaries;
  RETURN NULL;
END `,
    },
  ]

  // The rebuild: the detailed rollup from sales, the rollups it holds from it, then the summaries.
  const rebuiltFromDetailed = dailyRollups.filter(
    (rollup) =>
      rollup !== detailed &&
      grainOf(rollup).every((key) => grainOf(detailed).some((held) => held.column === key.column)) &&
      additive(rollup).every((part) => sources[detailed].stores.includes(part)),
  )
  const rebuildFromDetailed = (rollup: RollupName): string => {
    const grain = grainOf(rollup).map((key) => key.column)
    const stored = additive(rollup)
    return `
  DELETE FROM ${table(rollup)};
  INSERT INTO ${table(rollup)} (${[...grain, ...stored].join(', ')})
  SELECT ${[...grain, ...stored.map((part) => `sum(${part})`)].join(', ')}
  FROM ${table(detailed)}
  GROUP BY ${numbered(grain.length)}
  ORDER BY ${numbered(grain.length)};`
  }
  const rebuildLines = (rollup: LinesRollup<Part>): string => `
  DELETE FROM ${rollup.table};
  INSERT INTO ${rollup.table} (${[...rollup.keys.map((key) => key.column), ...rollup.stores].join(', ')})
  SELECT ${[...rollup.keys.map((key) => key.over('s')), ...rollup.stores.map((part) => aggregate(part, 's'))].join(', ')}
  FROM sales s${rollup.joinsProducts ? '\n  JOIN products p ON p.id = s.product_id' : ''}${rollup.holds ? `
  WHERE ${rollup.holds('s')}` : ''}
  GROUP BY ${numbered(rollup.keys.length)}
  ORDER BY ${numbered(rollup.keys.length)};`
  const buyerSummaryColumns = buyerColumns.slice(1)
  const typed = (part: Part): string => {
    const declaration = parts[part]
    return declaration.additive ? `${aggregate(part, 's')}::${declaration.storedAs}` : part
  }
  const rebuildSteps = [
    ...dailyRollups.filter((rollup) => !rebuiltFromDetailed.includes(rollup)).map((rollup) => rebuildLines(linesOf(rollup))),
    ...rebuiltFromDetailed.map(rebuildFromDetailed),
    ...[hourly, shows].map(rebuildLines),
  ]
  const rebuild: GeneratedFunction = {
    signature: 'luxx_rollups_rebuild()',
    header: 'luxx_rollups_rebuild()',
    returns: 'void',
    comment: 'Rebuilds every rollup and summary from sales, storefront_events and marketing_touches, in the caller\'s transaction (refreshRollups, the demo seed).',
    body: `
BEGIN
  -- Writers wait until the rebuild commits, so no sale is counted twice or missed; readers carry on.
  LOCK TABLE sales, products, inventory, storefront_events, marketing_touches IN SHARE MODE;
  -- The per-product and per-buyer sums below hash a million products and sort every sale by buyer: in memory.
  SET LOCAL work_mem = '256MB';
  -- The rollups and counts that follow these two through triggers are rebuilt from scratch below.
  ALTER TABLE ${table(detailed)} DISABLE TRIGGER USER;
  ALTER TABLE buyer_summaries DISABLE TRIGGER USER;${rebuildSteps.join('')}
  -- The per-product and per-buyer rows the triggers wrote during a load are already compact (a product sells once, a
  -- buyer's row is rewritten per batch): only rows that differ from the sums over sales are written, none after a
  -- load that kept its triggers.
  WITH computed AS (
    SELECT s.product_id, count(*)::int AS sale_lines FROM sales s GROUP BY 1
  ),
  differing AS (
    SELECT coalesce(c.product_id, t.product_id) AS product_id, c.sale_lines
    FROM computed c
    FULL JOIN product_sale_counts t ON t.product_id = c.product_id
    WHERE c.sale_lines IS DISTINCT FROM t.sale_lines
  ),
  removed AS (
    DELETE FROM product_sale_counts t USING differing d WHERE t.product_id = d.product_id AND d.sale_lines IS NULL
  )
  INSERT INTO product_sale_counts AS t (product_id, sale_lines)
  SELECT product_id, sale_lines FROM differing WHERE sale_lines IS NOT NULL
  ORDER BY product_id
  ON CONFLICT (product_id) DO UPDATE SET sale_lines = excluded.sale_lines;
  -- A full scan and one in-memory sort by buyer beat a million reads through the buyer index.
  SET LOCAL enable_indexscan = off;
  WITH computed AS (
    SELECT s.buyer_id, ${buyerParts.map((part) => `${typed(part)} AS ${part}`).join(', ')}, min(s.date_sold) AS first_date,
           (array_agg(s.date_sold ORDER BY s.date_sold))[2] AS second_date,
           (array_agg(s.date_sold ORDER BY s.date_sold DESC))[2] AS penultimate_date, max(s.date_sold) AS last_date
    FROM sales s
    WHERE s.buyer_id IS NOT NULL
    GROUP BY s.buyer_id
  ),
  differing AS (
    SELECT coalesce(c.buyer_id, b.buyer_id) AS buyer_id, c.buyer_id IS NULL AS gone, ${buyerSummaryColumns.map((column) => `c.${column}`).join(', ')}
    FROM computed c
    FULL JOIN buyer_summaries b ON b.buyer_id = c.buyer_id
    WHERE (${buyerSummaryColumns.map((column) => `c.${column}`).join(', ')})
          IS DISTINCT FROM (${buyerSummaryColumns.map((column) => `b.${column}`).join(', ')})
  ),
  removed AS (
    DELETE FROM buyer_summaries b USING differing d WHERE b.buyer_id = d.buyer_id AND d.gone
  )
  INSERT INTO buyer_summaries AS b (${buyerColumns.join(', ')})
  SELECT ${buyerColumns.join(', ')}
  FROM differing
  WHERE NOT gone
  ORDER BY buyer_id
  ON CONFLICT (buyer_id) DO UPDATE
    SET ${replaced(buyerSummaryColumns)};
  -- The milestone counts follow buyer_summaries through its triggers; rebuilt here, they are repaired too.
  DELETE FROM buyer_milestone_counts;
  INSERT INTO buyer_milestone_counts (milestone, date_sold, buyers)
  SELECT m.milestone, m.date_sold, count(*)
  FROM buyer_summaries b
  CROSS JOIN LATERAL ${milestoneValues('b')}
    AS m(milestone, date_sold)
  WHERE m.date_sold IS NOT NULL
  GROUP BY 1, 2
  ORDER BY 1, 2;
  -- Each sale's touches: after a load that kept its triggers none differ; after one without, all are written.
  WITH computed AS (
    SELECT ${saleTouchValues('s', 't')}
    FROM sales s
    JOIN marketing_touches t ON ${pairs('s', 't')}
  ),
  differing AS (
    SELECT coalesce(c.sale_id, st.sale_id) AS sale_id, coalesce(c.touch_id, st.touch_id) AS touch_id, c.sale_id IS NULL AS gone,
           ${saleTouchColumns.slice(2).map((column) => `c.${column}`).join(', ')}
    FROM computed c
    FULL JOIN sale_touches st ON st.sale_id = c.sale_id AND st.touch_id = c.touch_id
    WHERE (${saleTouchColumns.slice(2).map((column) => `c.${column}`).join(', ')}) IS DISTINCT FROM (${saleTouchColumns.slice(2).map((column) => `st.${column}`).join(', ')})
  ),
  removed AS (
    DELETE FROM sale_touches st USING differing d WHERE st.sale_id = d.sale_id AND st.touch_id = d.touch_id AND d.gone
  )
  INSERT INTO sale_touches AS st (${saleTouchColumns.join(', ')})
  SELECT ${saleTouchColumns.join(', ')}
  FROM differing
  WHERE NOT gone
  -- In day order, so that a window's pairs lie together.
  ORDER BY date_sold, sale_id, touch_id
  ON CONFLICT (sale_id, touch_id) DO UPDATE
    SET ${replaced(saleTouchColumns.slice(2))};
  DELETE FROM storefront_sessions;
  INSERT INTO storefront_sessions (${sessionColumns.join(', ')})
  SELECT ${sessionCounts('e')}
  FROM storefront_events e
  GROUP BY e.session_id
  ORDER BY e.session_id;
  -- Every item, in the order items enter stock, so that a window's items lie together.
  DELETE FROM item_summaries;
  INSERT INTO item_summaries (${itemColumns.join(', ')})${itemRows()};
  -- Every sale, in day order, so that a window's rows lie together.
  DELETE FROM sale_summaries;
  INSERT INTO sale_summaries (${saleSummaryColumns.join(', ')})${saleSummaryRows()};
  ALTER TABLE ${table(detailed)} ENABLE TRIGGER USER;
  ALTER TABLE buyer_summaries ENABLE TRIGGER USER;
END `,
  }
  functions.push(rebuild)

  // A part newly stored by a rollup gets its column here; the rebuild at the end fills it.
  const columnChanges = [...dailyRollups, 'buyer_summary' as const].flatMap((rollup) =>
    additive(rollup).map((part) => {
      const declaration = parts[part]
      if (!declaration.additive) throw new Error(`${part} is not additive.`)
      return `ALTER TABLE ${table(rollup)} ADD COLUMN IF NOT EXISTS ${part} ${declaration.storedAs} NOT NULL DEFAULT 0;`
    }),
  )
  const script = [
    '-- Generated by src/db/rollup-maintenance.ts from the semantic layer; applied by the migration runner when it changes.',
    // ADD COLUMN IF NOT EXISTS notes every column it skips.
    'SET LOCAL client_min_messages = warning;',
    ...columnChanges,
    ...functions.flatMap((generated) => [
      `CREATE OR REPLACE FUNCTION ${generated.header} RETURNS ${generated.returns}\nLANGUAGE plpgsql AS $$${generated.body}$$;`,
      `COMMENT ON FUNCTION ${generated.signature} IS '${generated.comment.replaceAll("'", "''")}';`,
    ]),
    // Only the owner rebuilds (refreshRollups, the seed); the read-only analytics role has no use for it.
    'REVOKE EXECUTE ON FUNCTION luxx_rollups_rebuild() FROM PUBLIC;',
    // Rows written under earlier definitions are made to match these.
    'SELECT luxx_rollups_rebuild();',
  ].join('\n')
  const tables = [
    ...dailyRollups.map(table),
    hourly.table,
    shows.table,
    'product_sale_counts',
    'buyer_summaries',
    'buyer_milestone_counts',
    'storefront_sessions',
    'sale_touches',
    'item_summaries',
    'sale_summaries',
  ]
  return { sql: script, checksum: createHash('sha256').update(script).digest('hex'), functions, tables }
}
