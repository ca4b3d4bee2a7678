import { userInfo } from 'node:os'

let username: string | null | undefined

/**
 * Who runs a local surface (the CLI, MCP over stdio), for the audit log: `<surface>:<operating-system user>`, or
 * the surface alone when the system has no name for the process's user.
 */
export function localActor(surface: string): string {
  if (username === undefined) {
    try {
      username = userInfo().username
    } catch {
      // userInfo throws when the uid has no passwd entry (a container run with a bare --user): no name to record.
      username = null
    }
  }
  return username ? `${surface}:${username}` : surface
}
