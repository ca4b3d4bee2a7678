import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../paths.ts'

// Without parameters, sql.unsafe and .simple() use the multi-statement protocol: `SELECT 1; COMMIT; DROP …`
// would run as three statements. Only the migration runner may use it, for migration files; the free-SQL
// fragment uses unsafe with the extended protocol forced (checked below).
const allowed = new Set(['src/db/migrate.ts', 'src/db/free-query.ts'])

// `.unsafe(`, `.unsafe<Record<string, unknown>[]>(` (a type argument, nested or not, changes nothing) or `.simple()`.
const multiStatementCall = /\.unsafe\s*(<[^()]*>)?\s*\(|\.simple\s*\(\s*\)/

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

describe('SQL protocol', () => {
  it('uses the multi-statement protocol nowhere but in the migration runner', () => {
    const offenders = ['src', 'tools', 'bench', 'evals']
      .flatMap((folder) => {
        try {
          return sourceFiles(join(packageRoot, folder))
        } catch {
          return []
        }
      })
      .map((path) => relative(packageRoot, path))
      .filter((path) => !allowed.has(path))
      .filter((path) => multiStatementCall.test(readFileSync(join(packageRoot, path), 'utf8')))
    expect(offenders).toEqual([])
  })

  it('sends free-form SQL over the extended protocol only', () => {
    expect(readFileSync(join(packageRoot, 'src/db/free-query.ts'), 'utf8')).toMatch(/\{ simple: false \}/)
  })
})
