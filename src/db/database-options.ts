/** How to open the database: its own file, so the embedded engine can take it without importing database.ts (which opens the engine). */
export interface DatabaseOptions {
  databaseUrl?: string | undefined
  analyticsDatabaseUrl?: string | undefined
  dataDir: string
  /**
   * Tests and tools open an in-memory embedded database. A watchdog restart (a runaway query) brings it back as it
   * started, from `loadDataDir` or empty: writes since are lost. An engine on disk keeps every committed write.
   */
  inMemory?: boolean
  /** A dump of a prepared embedded database to start from (tests load a migrated template). */
  loadDataDir?: Blob | undefined
  /** Embedded engine: longest one query may run outside a time-limited call (LUXX_EMBEDDED_QUERY_LIMIT_MS, default 30 s). */
  embeddedQueryLimitMs?: number | undefined
  /** Embedded engine: told why the watchdog restarted the engine (default: a line on stderr). */
  reportEmbeddedRestart?: ((message: string) => void) | undefined
}
