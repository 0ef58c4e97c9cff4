import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // better-sqlite3 is a native addon: forks isolate it cleanly; the machine has 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    // Budgets that only bound a failure (tests wait for conditions): with both cores busy a CLI start alone takes
    // 7-15 s (~290 TypeScript modules through tsx's loader hooks), and several tests start a few.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-adb-port.ts'],
  },
});
