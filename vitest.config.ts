import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-file.ts"],
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    // The files of a worker share its modules (the app's import is paid once per worker, not per file);
    // setup-file.ts gives each file the state a process of its own would have (tests/support/file-state.ts).
    isolate: false,
    // Two test files at a time: vitest's default on a 2-core machine is one (cores − 1), which leaves a core
    // idle while a file waits on PostgreSQL; each file has its own database (setup-file.ts), so files never share state.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
