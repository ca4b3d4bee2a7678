import { loadModule, parseSync } from 'libpg-query'
import { businessTables } from '../db/business-tables.ts'

/**
 * The guard in front of free-form SQL: PostgreSQL's own parser, then an allow-list walk of the tree.
 * It fails closed: anything it does not recognise as a plain read of the business tables is refused.
 */
export type GuardVerdict = { ok: true } | { ok: false; reason: string }

/** Free SQL reads the business tables only (never the analyst's own tables). */
export const freeSqlTables = businessTables

export const maximumSqlLength = 10_000

/** SELECTs nested in one another (subqueries, WITH parts, set operations): far beyond any real question. */
export const maximumSelectNesting = 32
/** Levels of the parse tree (expressions nested in parentheses count too): the walk below recurses this deep. */
const maximumTreeDepth = 400

const allowedFunctions = new Set([
  // aggregates
  'count', 'sum', 'avg', 'min', 'max', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'percentile_cont', 'percentile_disc', 'mode', 'string_agg', 'array_agg', 'bool_and', 'bool_or', 'every',
  'json_agg', 'jsonb_agg', 'corr', 'covar_pop', 'covar_samp', 'regr_slope', 'regr_intercept',
  // window functions
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value',
  // numbers
  'round', 'floor', 'ceil', 'ceiling', 'abs', 'greatest', 'least', 'sqrt', 'power', 'ln', 'log', 'exp', 'mod', 'sign', 'trunc', 'width_bucket', 'div',
  // text
  'lower', 'upper', 'length', 'char_length', 'substr', 'substring', 'trim', 'btrim', 'ltrim', 'rtrim', 'concat', 'concat_ws',
  'replace', 'split_part', 'left', 'right', 'position', 'strpos', 'initcap', 'lpad', 'rpad', 'to_char', 'to_number', 'to_date', 'to_timestamp',
  // dates and times
  'date_trunc', 'date_part', 'extract', 'age', 'make_date', 'make_interval', 'date_bin', 'timezone', 'justify_days', 'isfinite',
  'generate_series', 'now',
  // arrays and json
  'array_length', 'cardinality', 'unnest', 'jsonb_build_object', 'json_build_object', 'array_to_string',
])

// Types a value may be cast to, as the parser names them (int becomes int4, double precision float8, and so on).
const allowedCastTypes = new Set([
  'int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'text', 'varchar', 'bpchar', 'bool', 'date', 'timestamp',
  'timestamptz', 'time', 'interval', 'uuid', 'json', 'jsonb',
])

// Parse-tree nodes that never belong in a read: writes, locks, utility statements, parameters.
const forbiddenNodes = new Set([
  'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'intoClause', 'lockingClause', 'ParamRef',
  'TransactionStmt', 'VariableSetStmt', 'ExplainStmt', 'CopyStmt', 'CallStmt', 'DoStmt', 'CreateStmt', 'DropStmt',
])

let loaded: Promise<void> | undefined

/** The parser is WebAssembly; load it once before guarding. */
export function loadSqlParser(): Promise<void> {
  loaded ??= loadModule()
  return loaded
}

type Node = Record<string, unknown>

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((part) => String((part as { String?: { sval?: string } }).String?.sval ?? '')) : []
}

const noNames: ReadonlySet<string> = new Set()

function withNames(scope: ReadonlySet<string>, added: readonly string[]): ReadonlySet<string> {
  return added.length === 0 ? scope : new Set([...scope, ...added])
}

function walk(tree: unknown, scope: ReadonlySet<string>): string | undefined {
  if (Array.isArray(tree)) {
    for (const item of tree) {
      const problem = walk(item, scope)
      if (problem) return problem
    }
    return undefined
  }
  if (!isNode(tree)) return undefined
  for (const [key, value] of Object.entries(tree)) {
    const problem = visit(key, value, scope)
    if (problem) return problem
  }
  return undefined
}

/**
 * A SELECT with its WITH names in scope as PostgreSQL scopes them: visible in the statement and its subqueries,
 * never outside it. A plain WITH part sees only the parts before it (its own name there is a table);
 * a WITH RECURSIVE part sees the whole list. Set operations keep their arms unwrapped in larg and rarg.
 */
function walkSelect(select: Node, outer: ReadonlySet<string>): string | undefined {
  const withClause = select.withClause
  const unknownForm = 'the WITH clause has a form the guard does not recognise; only name AS (SELECT …) parts are allowed'
  let inner = outer
  if (withClause !== undefined) {
    if (!isNode(withClause) || !Array.isArray(withClause.ctes)) return unknownForm
    const ctes: unknown[] = withClause.ctes
    const ctenames: string[] = []
    for (const cte of ctes) {
      const name = isNode(cte) && isNode(cte.CommonTableExpr) ? cte.CommonTableExpr.ctename : undefined
      if (typeof name !== 'string') return unknownForm
      ctenames.push(name)
    }
    const recursive = withClause.recursive === true
    for (const [index, cte] of ctes.entries()) {
      const problem = walk(cte, withNames(outer, recursive ? ctenames : ctenames.slice(0, index)))
      if (problem) return problem
    }
    inner = withNames(outer, ctenames)
  }
  for (const [key, value] of Object.entries(select)) {
    if (key === 'withClause') continue
    const problem = (key === 'larg' || key === 'rarg') && isNode(value) ? walkSelect(value, inner) : visit(key, value, inner)
    if (problem) return problem
  }
  return undefined
}

function visit(key: string, value: unknown, scope: ReadonlySet<string>): string | undefined {
  if (forbiddenNodes.has(key)) return `${key.replace(/Stmt$/, '').replace(/Clause$/, ' clause')} is not allowed: only reading is`
  if (key === 'SelectStmt' && isNode(value)) return walkSelect(value, scope)
  if (key === 'CommonTableExpr' && isNode(value) && isNode(value.ctequery) && !('SelectStmt' in value.ctequery)) {
    return `the WITH part "${String(value.ctename)}" must be a SELECT`
  }
  if (key === 'FuncCall' && isNode(value)) {
    const parts = names(value.funcname)
    const name = parts.at(-1)?.toLowerCase() ?? ''
    if ((parts.length > 1 && parts[0] !== 'pg_catalog') || !allowedFunctions.has(name)) {
      return `function ${parts.join('.')}() is not allowed`
    }
  }
  if (key === 'RangeVar' && isNode(value)) {
    const table = String(value.relname ?? '')
    if (value.schemaname !== undefined || value.catalogname !== undefined) return `schema-qualified names are not allowed (${String(value.schemaname)}.${table})`
    if (!scope.has(table) && !(freeSqlTables as readonly string[]).includes(table)) {
      return `table ${table} is not readable; allowed: ${freeSqlTables.join(', ')}`
    }
  }
  if (key === 'TypeCast' && isNode(value)) {
    // An allow-list, as for functions: a cast to regclass, oid, a catalog table's row type or an
    // information_schema domain reaches objects the guard hides.
    const parts = names((value.typeName as { names?: unknown } | undefined)?.names)
    const typeName = parts.at(-1)?.toLowerCase() ?? ''
    if ((parts.length > 1 && parts[0] !== 'pg_catalog') || !allowedCastTypes.has(typeName)) {
      return `casts to ${parts.join('.')} are not allowed; allowed: ${[...allowedCastTypes].join(', ')}`
    }
  }
  return walk(value, scope)
}

/**
 * How deeply the tree nests, measured without recursion (the walk that follows recurses, so a tree nested too
 * deeply must be refused before it, rather than overflow the stack): a reason, or undefined.
 */
function tooDeep(tree: unknown): string | undefined {
  const pending: Array<{ node: unknown; depth: number; selects: number }> = [{ node: tree, depth: 0, selects: 0 }]
  while (pending.length > 0) {
    const { node, depth, selects } = pending.pop()!
    if (depth > maximumTreeDepth) return `it is nested more than ${maximumTreeDepth} levels deep`
    if (selects > maximumSelectNesting) return `it nests more than ${maximumSelectNesting} SELECTs in one another`
    if (Array.isArray(node)) {
      for (const item of node) pending.push({ node: item, depth: depth + 1, selects })
    } else if (isNode(node)) {
      for (const [key, value] of Object.entries(node)) pending.push({ node: value, depth: depth + 1, selects: key === 'SelectStmt' ? selects + 1 : selects })
    }
  }
  return undefined
}

/** One SELECT over the business tables with allowed functions, or the reason it is refused. */
export function guardSql(text: string): GuardVerdict {
  if (text.length > maximumSqlLength) return { ok: false, reason: `the query is longer than ${maximumSqlLength} characters` }
  if (text.includes('\u0000')) return { ok: false, reason: 'the query contains a NUL character' }
  let tree: { stmts?: Array<{ stmt?: Node }> }
  try {
    tree = parseSync(text) as typeof tree
  } catch (error) {
    return { ok: false, reason: `it does not parse: ${error instanceof Error ? error.message : String(error)}` }
  }
  const statements = tree.stmts ?? []
  if (statements.length !== 1) return { ok: false, reason: `exactly one statement is allowed; found ${statements.length}` }
  const statement = statements[0]!.stmt
  if (!statement || !('SelectStmt' in statement)) {
    return { ok: false, reason: `only SELECT is allowed; found ${Object.keys(statement ?? {})[0]?.replace(/Stmt$/, '') ?? 'nothing'}` }
  }
  const deep = tooDeep(statement)
  if (deep) return { ok: false, reason: deep }
  const problem = walk(statement, noNames)
  return problem ? { ok: false, reason: problem } : { ok: true }
}
