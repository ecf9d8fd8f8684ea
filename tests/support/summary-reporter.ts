/**
 * Prints the plain closing line CI recognises: "N passed, N failed". A test file that fails to
 * load and an error outside any test (a failing global setup, an unhandled rejection) count as
 * failures, so the line never says "0 failed" for a run that did not pass. Before it, the slowest
 * files (the suite must stay under 15 minutes on a 2-core machine: speed up the top of this list).
 */
import path from "node:path";
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === "passed") passed++;
        else if (s === "failed") failed++;
        else skipped++;
      }
      if (m.state() === "failed" && ![...m.children.allTests()].some((t) => t.result().state === "failed")) failed++;
    }
    failed += unhandledErrors.length;
    if (reason !== "passed" && failed === 0) failed = 1;
    const slow = modules
      .map((m) => ({ file: path.relative(process.cwd(), m.moduleId), ms: m.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12);
    if (modules.length > 12) console.log(`\nСамые долгие файлы:\n${slow.map((x) => `  ${(x.ms / 1000).toFixed(1).padStart(6)} с  ${x.file}`).join("\n")}`);
    console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  }
}
