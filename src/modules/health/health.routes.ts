/** GET /health: 200 when the database answers, 503 when it does not (load balancers, monitoring). */
import { Router } from "express";
import { pgPool } from "../../lib/db.ts";

export const healthRouter = Router();

healthRouter.get("/health", async (_req, res) => {
  try {
    await Promise.race([pgPool().query("SELECT 1"), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000))]);
    res.json({ status: "ok", database: "ok" });
  } catch {
    res.status(503).json({ status: "unavailable", database: "unreachable" });
  }
});
