/** What the scenarios are built from: the benchmark database, the servers, the seeded accounts' password. */
import type express from "express";
import type { BenchDb, Query } from "../prepare.ts";
import type { Timed } from "../servers.ts";

export interface ScenarioContext {
  db: BenchDb;
  q: Query;
  /** The app and the bare Express app beside it (`bareApp` takes the baselines' extra routes). */
  app: Timed;
  bare: Timed;
  bareApp: express.Express;
  /** The password of every seeded account. */
  password: string;
}

/** Seeded accounts need no password change; make sure of it for the one about to sign in. */
export async function noPasswordChange(q: Query, login: string): Promise<void> {
  await q(`UPDATE "User" SET "mustChangePassword" = false WHERE login = $1`, [login]);
}
