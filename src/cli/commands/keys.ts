import { Option, type Command } from 'commander'
import { createApiKey, listApiKeys, revokeApiKey } from '../../auth/api-keys.ts'
import type { Sql } from '../../db/database.ts'
import { roles, type Role } from '../../privacy/mask.ts'
import { CliError, exitCodes } from '../cli-error.ts'
import { formatTable } from '../format-table.ts'
import { withRuntime } from '../with-runtime.ts'

// Managing keys needs no demo data: an empty database stays empty.
const withSql = <T>(work: (sql: Sql) => Promise<T>): Promise<T> => withRuntime((runtime) => work(runtime.database.sql), { seedIfEmpty: false })

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys (HTTP API, web chat, MCP over HTTP)')

  keys
    .command('create')
    .description('Create a key; it is printed once')
    .requiredOption('--name <name>', 'who the key is for')
    .addOption(new Option('--role <role>', 'what the key may see').choices(roles).default('viewer'))
    .addHelpText('after', '\nExample:\n  luxx-analyst keys create --name "Claude Desktop" --role analyst')
    .action(async (options: { name: string; role: Role }) => {
      const { key, token } = await withSql((sql) => createApiKey(sql, options.name, options.role))
      console.log(`Created key ${key.key_prefix}… for ${key.name} (${key.role}). Keep it now; it is not shown again:\n${token}`)
    })

  keys
    .command('list')
    .description('List keys (never the keys themselves)')
    .addHelpText('after', '\nExample:\n  luxx-analyst keys list')
    .action(async () => {
      const list = await withSql((sql) => listApiKeys(sql))
      console.log(formatTable(list.map(({ id, name, role, key_prefix, created_at, last_used_at, revoked_at }) => ({ id, name, role, prefix: key_prefix, created_at, last_used_at, revoked_at }))))
    })

  keys
    .command('revoke')
    .description('Revoke a key by id or prefix')
    .argument('<id>', 'key id or prefix (as listed)')
    .addHelpText('after', '\nExample:\n  luxx-analyst keys revoke luxx_Ab12C')
    .action(async (id: string) => {
      const revoked = await withSql((sql) => revokeApiKey(sql, id))
      if (!revoked) throw new CliError(`No active key matches '${id}'. See luxx-analyst keys list.`, exitCodes.usage)
      console.log(`Revoked ${revoked.key_prefix}… (${revoked.name}).`)
    })
}
