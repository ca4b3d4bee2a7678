import type { Batch, TableName, TableRows } from './rows.ts'

type PendingRows = { [Table in TableName]: TableRows[Table][] }

/** The order tables are written in, so every foreign key points at rows already inserted. */
const writeOrder: readonly TableName[] = [
  'users',
  'brands',
  'live_shows',
  'marketing_campaigns',
  'products',
  'inventory',
  'sales',
  'seller_submissions',
  'marketing_touches',
  'storefront_events',
]

// Rows that point at products; users, brands, shows and campaigns are written before any of them.
const referencesProducts: ReadonlySet<TableName> = new Set(['inventory', 'sales', 'seller_submissions', 'storefront_events'])

/** Collects generated rows per table and hands them out in full batches, products before what points at them. */
export class BatchBuffer {
  private pending: PendingRows = emptyRows()

  constructor(private readonly batchSize: number) {}

  add<Table extends TableName>(table: Table, row: TableRows[Table]): void {
    this.pending[table].push(row)
  }

  /** Batches of tables that reached the batch size; with `everything`, all that is left. */
  *drain(everything = false): Generator<Batch> {
    for (const table of writeOrder) {
      const size = this.pending[table].length
      if (size === 0 || (!everything && size < this.batchSize)) continue
      if (referencesProducts.has(table)) yield* this.take('products')
      yield* this.take(table)
    }
  }

  private *take(table: TableName): Generator<Batch> {
    // Large tables leave in slices of the batch size, so one statement never grows past it.
    const rows: TableRows[TableName][] = this.pending[table]
    this.pending = { ...this.pending, [table]: [] }
    for (let start = 0; start < rows.length; start += this.batchSize) {
      yield { table, rows: rows.slice(start, start + this.batchSize) } as Batch
    }
  }
}

function emptyRows(): PendingRows {
  return {
    users: [],
    brands: [],
    live_shows: [],
    marketing_campaigns: [],
    products: [],
    inventory: [],
    sales: [],
    seller_submissions: [],
    marketing_touches: [],
    storefront_events: [],
  }
}
