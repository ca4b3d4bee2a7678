import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'evals/**/*.test.ts', 'bench/**/*.test.ts'],
    // Each test file opens its own embedded database (about 4 s when fresh), so give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default leaves one core free (one worker on a 2-core CI machine); the files wait on PostgreSQL, child
    // processes and Chromium as much as on the CPU, so they run two at a time.
    maxWorkers: 2,
    globalSetup: ['src/testing/global-setup.ts'],
  },
})
