/**
 * End-to-end tests in a real browser (npm run test:e2e): Debian's chromium
 * driven by playwright-core against the app started on a free port with a fresh
 * embedded PostgreSQL and the demo school (tests/e2e/support/global-setup.ts).
 * The files are named *.e2e.ts so the unit/integration run (vitest.config.ts) never picks them up.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["tests/e2e/support/global-setup.ts"],
    include: ["tests/e2e/**/*.e2e.ts"],
    pool: "forks",
    // One browser at a time: the scenarios share one app and one database.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
