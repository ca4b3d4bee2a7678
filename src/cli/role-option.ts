import { Option } from 'commander'
import type { Config } from '../config/config.ts'
import { roles, type Role } from '../privacy/mask.ts'

/**
 * `--role`: what personal data a local command shows. The operator at their own terminal is the machine's owner,
 * an admin, unless `--role` or LUXX_CLI_ROLE says otherwise.
 */
export const roleOption = () => new Option('--role <role>', 'role to act as (default LUXX_CLI_ROLE, or admin)').choices(roles)

export function localRole(option: Role | undefined, config: Pick<Config, 'LUXX_CLI_ROLE'>): Role {
  return option ?? config.LUXX_CLI_ROLE
}
