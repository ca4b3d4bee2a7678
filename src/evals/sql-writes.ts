import { parseSync } from 'libpg-query'
import { loadSqlParser } from '../free-sql/sql-guard.ts'

/**
 * Whether SQL an answer ran could change data: PostgreSQL's own parser finds any write, DDL, lock or
 * procedure call anywhere in the tree (a data-modifying WITH included). SQL that does not parse is judged by
 * its keywords instead, outside comments and quoted text.
 */
const writingNodes = new Set([
  'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'TruncateStmt', 'CopyStmt', 'intoClause', 'lockingClause',
  'CreateStmt', 'CreateTableAsStmt', 'AlterTableStmt', 'DropStmt', 'RenameStmt', 'GrantStmt', 'GrantRoleStmt',
  'CallStmt', 'DoStmt', 'CreateFunctionStmt', 'IndexStmt', 'ViewStmt', 'VacuumStmt', 'ClusterStmt', 'ReindexStmt',
])

const writingKeywords = /\b(insert|update|delete|merge|truncate|copy|create|alter|drop|grant|revoke|call|do|vacuum|reindex|cluster)\b/i

function findWritingNode(tree: unknown): string | undefined {
  if (Array.isArray(tree)) {
    for (const item of tree) {
      const found = findWritingNode(item)
      if (found) return found
    }
    return undefined
  }
  if (typeof tree !== 'object' || tree === null) return undefined
  for (const [key, value] of Object.entries(tree)) {
    if (writingNodes.has(key)) return key
    const found = findWritingNode(value)
    if (found) return found
  }
  return undefined
}

function withoutCommentsOrQuotes(text: string): string {
  return text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""')
}

/** The kind of write the SQL makes ("UpdateStmt", "keyword delete"), or undefined when it only reads. */
export async function findWrite(text: string): Promise<string | undefined> {
  await loadSqlParser()
  let tree: unknown
  try {
    tree = parseSync(text)
  } catch {
    const keyword = writingKeywords.exec(withoutCommentsOrQuotes(text))
    return keyword ? `keyword ${keyword[1]!.toLowerCase()}` : undefined
  }
  return findWritingNode(tree)
}
