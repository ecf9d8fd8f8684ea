/** What the runs print and record: the log line, the machine, the files in bench/results/. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const log = (line: string) => console.log(line);

/** The processor's model name (/proc/cpuinfo, else Node's view of the first core). */
export function cpuModel(fallback: string): string {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  return /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? fallback;
}

/** Writes `text` to bench/results/<name> (the folder is made when missing); returns the file's path. */
export function writeResult(name: string, text: string): string {
  const file = path.join(import.meta.dirname, "results", name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** UTC now as «2026-12-07 09:30», the heading of a report. */
export const reportDate = () => new Date().toISOString().slice(0, 16).replace("T", " ");
