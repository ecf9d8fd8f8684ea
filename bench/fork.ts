/** Runs a job in a forked tsx process that answers once over IPC with { ok, result | error } (load generators). */
import { fork } from "node:child_process";

export function forkJob<J, R>(file: string, job: J, env: NodeJS.ProcessEnv = process.env): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { execArgv: ["--import", "tsx"], env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let done = false;
    child.once("message", (m: { ok: boolean; result?: R; error?: string }) => {
      done = true;
      if (m.ok) resolve(m.result!);
      else reject(new Error(m.error));
    });
    child.once("exit", (code) => done || reject(new Error(`Генератор нагрузки завершился с кодом ${code}`)));
    child.send(job as object);
  });
}
