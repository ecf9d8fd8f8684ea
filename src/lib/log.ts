/**
 * The application's structured log (issue 20): one JSON object per line (pino), with the time, the
 * process and what happened. Never personal data: requests are logged by their route pattern
 * («/journal/:id»), never their URL or query (a search for a pupil's name), with the user's id only;
 * no bodies, headers, cookies, passwords or tokens. LOG_LEVEL sets the level (default info; tests:
 * silent unless LOG_LEVEL is given); LOG_REQUESTS=true adds a line per request.
 */
import type { Writable } from "node:stream";
import pino, { type Logger } from "pino";

function create(destination?: Writable): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info");
  const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

export let log: Logger = create();

/** Sends the log to `destination` at `level` (a test reads what would be written); restore() puts it back. */
export function captureLog(destination: Writable, level = "trace"): { restore: () => void } {
  const previous = log;
  log = create(destination);
  log.level = level;
  return { restore: () => (log = previous) };
}
