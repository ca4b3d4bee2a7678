/** Whether the database is prepared (connected, migrated): the server starts before it is, when it is down. */
export type ReadinessState = { ready: true } | { ready: false; reason: string }

export interface Readiness {
  current(): ReadinessState
}

/** Tests and in-process callers hand createApp a database that is already prepared. */
export const alwaysReady: Readiness = { current: () => ({ ready: true }) }
