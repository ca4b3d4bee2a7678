import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'evals/**/*.test.ts'],
    // Each test file opens its own embedded database (about 4 s when fresh), so give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['src/testing/global-setup.ts'],
  },
})
