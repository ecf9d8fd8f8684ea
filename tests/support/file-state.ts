/**
 * State of the test support that belongs to one test file. The files of a worker share its modules
 * (vitest.config.ts: isolate: false), so a helper that keeps something for the file it serves (the
 * app built on this file's database, say) registers here how to forget it; setup-file.ts runs these
 * after each file, and the next file starts as it would in a process of its own.
 */
type Reset = () => void | Promise<void>;

const resets = new Set<Reset>();

/** `reset` runs after every test file of this worker (from the one that loaded the helper on). */
export function resetAfterEachFile(reset: Reset): void {
  resets.add(reset);
}

/** Runs the registered resets (setup-file.ts, after each file). */
export async function resetFileState(): Promise<void> {
  for (const reset of resets) await reset();
}
