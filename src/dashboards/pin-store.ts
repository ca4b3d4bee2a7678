import { mayAccess, type Caller } from '../auth/caller.ts'
import type { Sql, TransactionSql } from '../db/database.ts'
import { storableJson, storableText } from '../db/storable-text.ts'
import { runTransaction } from '../db/transaction.ts'

/**
 * Answers pinned to dashboards (migrations/0017_dashboard_pins.sql). A pin keeps the tool calls of an answer, run
 * again with the dashboard's filters whenever it loads. Pins are their owner's, as conversations are: another key
 * neither lists nor changes them (they read as missing), and admins see and change everyone's.
 */

/** A tool call as a pin keeps it: what to run again. */
export interface PinnedCall {
  name: string
  arguments: Record<string, unknown>
}

export interface Pin {
  id: string
  dashboardId: string
  position: number
  title: string
  toolCalls: PinnedCall[]
  answerId: string | null
  createdAt: string
}

interface PinRow {
  id: string
  dashboard_id: string
  position: number
  title: string
  tool_calls: PinnedCall[]
  answer_id: string | null
  /** ISO 8601: the connection parses timestamps to ISO text (src/db/database.ts). */
  created_at: string
  owner_key_id: string | null
}

function pinOf(row: PinRow): Pin {
  return {
    id: row.id,
    dashboardId: row.dashboard_id,
    position: row.position,
    title: row.title,
    toolCalls: row.tool_calls,
    answerId: row.answer_id,
    createdAt: row.created_at,
  }
}

/** The caller's pins (an admin: everyone's), on one dashboard or all, in their order. */
export async function listPins(sql: Sql, caller: Caller, dashboardId?: string): Promise<Pin[]> {
  const rows = await sql<PinRow[]>`
    select id, dashboard_id, position, title, tool_calls, answer_id, created_at, owner_key_id
    from dashboard_pins
    where (${caller.role === 'admin'} or owner_key_id is not distinct from ${caller.keyId}::uuid)
      ${dashboardId === undefined ? sql`` : sql`and dashboard_id = ${dashboardId}`}
    order by dashboard_id, position, created_at, id`
  return rows.map(pinOf)
}

/** Pins the calls at the end of the caller's pins on that dashboard. */
export async function createPin(
  sql: Sql,
  caller: Caller,
  pin: { dashboardId: string; title: string; toolCalls: PinnedCall[]; answerId: string },
): Promise<Pin> {
  return runTransaction(sql, 'Pinning the answer', async (transaction) => {
    await lockOwnerPins(transaction, caller.keyId)
    const [row] = await transaction<PinRow[]>`
      insert into dashboard_pins (owner_key_id, dashboard_id, position, title, tool_calls, answer_id)
      values (
        ${caller.keyId}, ${pin.dashboardId},
        (select coalesce(max(position), 0) + 1 from dashboard_pins
         where owner_key_id is not distinct from ${caller.keyId}::uuid and dashboard_id = ${pin.dashboardId}),
        ${storableText(pin.title)}, ${transaction.json(storableJson(pin.toolCalls))}, ${pin.answerId})
      returning id, dashboard_id, position, title, tool_calls, answer_id, created_at, owner_key_id`
    return pinOf(row!)
  })
}

/**
 * Concurrent changes to one owner's pins queue here, so positions stay 1, 2, 3… An advisory lock, since there may be
 * no row to lock yet; the key is the owner (the machine's owner, without a key, has one of its own).
 */
async function lockOwnerPins(transaction: TransactionSql, ownerKeyId: string | null): Promise<void> {
  await transaction`select pg_advisory_xact_lock(hashtext('dashboard_pins:' || coalesce(${ownerKeyId}::text, 'local')))`
}

/** The pin, when it exists and the caller may change it, locked for the change. */
async function ownPin(transaction: TransactionSql, caller: Caller, id: string): Promise<PinRow | undefined> {
  const [found] = await transaction<Pick<PinRow, 'owner_key_id'>[]>`select owner_key_id from dashboard_pins where id = ${id}`
  if (!found || !mayAccess(caller, found.owner_key_id)) return undefined
  await lockOwnerPins(transaction, found.owner_key_id)
  const [row] = await transaction<PinRow[]>`
    select id, dashboard_id, position, title, tool_calls, answer_id, created_at, owner_key_id
    from dashboard_pins where id = ${id} for update`
  return row
}

/**
 * Renames a pin and moves it to `position` among its owner's pins on its dashboard (1 is first; past the end is
 * last), renumbering the others. Undefined when there is no such pin the caller may change.
 */
export async function updatePin(sql: Sql, caller: Caller, id: string, change: { title?: string; position?: number }): Promise<Pin | undefined> {
  return runTransaction(sql, 'Changing the pin', async (transaction) => {
    const pin = await ownPin(transaction, caller, id)
    if (!pin) return undefined
    if (change.title !== undefined) await transaction`update dashboard_pins set title = ${storableText(change.title)} where id = ${id}`
    if (change.position !== undefined) {
      const siblings = await transaction<{ id: string }[]>`
        select id from dashboard_pins
        where owner_key_id is not distinct from ${pin.owner_key_id}::uuid and dashboard_id = ${pin.dashboard_id} and id <> ${id}
        order by position, created_at, id`
      const order = siblings.map((sibling) => sibling.id)
      order.splice(Math.min(change.position, order.length + 1) - 1, 0, id)
      await renumber(transaction, order)
    }
    const [row] = await transaction<PinRow[]>`
      select id, dashboard_id, position, title, tool_calls, answer_id, created_at, owner_key_id from dashboard_pins where id = ${id}`
    return pinOf(row!)
  })
}

/** Removes a pin and closes the gap it leaves; false when there is no such pin the caller may remove. */
export async function removePin(sql: Sql, caller: Caller, id: string): Promise<boolean> {
  return runTransaction(sql, 'Removing the pin', async (transaction) => {
    const pin = await ownPin(transaction, caller, id)
    if (!pin) return false
    await transaction`delete from dashboard_pins where id = ${id}`
    const rest = await transaction<{ id: string }[]>`
      select id from dashboard_pins
      where owner_key_id is not distinct from ${pin.owner_key_id}::uuid and dashboard_id = ${pin.dashboard_id}
      order by position, created_at, id`
    await renumber(transaction, rest.map((row) => row.id))
    return true
  })
}

/** Positions 1, 2, 3… in the order given (a dashboard holds a handful of pins: one update each). */
async function renumber(transaction: TransactionSql, ids: string[]): Promise<void> {
  for (const [index, id] of ids.entries()) {
    await transaction`update dashboard_pins set position = ${index + 1} where id = ${id} and position <> ${index + 1}`
  }
}
