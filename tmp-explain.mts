import { startEmbeddedDb } from "./src/lib/embedded-db.ts";
import pg from "pg";
import fs from "node:fs";
const db = await startEmbeddedDb({ dataDir: "/work/main/data/bench", port: 45998, persistent: true, quiet: true });
const c = new pg.Client({ connectionString: db.url("journal_bench") }); await c.connect();
const src = fs.readFileSync("src/modules/diary/diary.week.ts", "utf8");
const sql = src.slice(src.indexOf("const WEEK_SQL = `") + 18, src.indexOf("`;", src.indexOf("const WEEK_SQL")));
const asrc = fs.readFileSync("src/access/actor.ts", "utf8");
const sel = asrc.slice(asrc.indexOf("const ACTOR_SELECT = `") + 22, asrc.indexOf("`;", asrc.indexOf("const ACTOR_SELECT")));
const school = (await c.query(`select "schoolId" from "Student" where id=1`)).rows[0].schoolId;
const params = [school, 1, "2026-11-16", "2026-11-21", "2026-09-21", [1]];
const sid = (await c.query(`select sid from session where sess->'passport'->>'user' is not null and expire > now() limit 1`)).rows[0]?.sid;
const sa = `SELECT se.sess, a.id AS "actorUserId", a.* FROM "session" se LEFT JOIN LATERAL (${sel} WHERE u.id = CASE WHEN se.sess->'passport'->>'user' ~ '^[0-9]{1,9}$' THEN (se.sess->'passport'->>'user')::int END) a ON true WHERE se.sid = $1 AND se.expire >= to_timestamp($2)`;
async function bench(name: string, text: string, values: unknown[]) {
  for (let i = 0; i < 20; i++) await c.query({ name, text, values });
  const t0 = performance.now();
  for (let i = 0; i < 500; i++) await c.query({ name, text, values });
  console.log(name, ((performance.now() - t0) / 500).toFixed(3), "ms");
}
await bench("one", "SELECT 1", []);
await bench("sa", sa, [sid, Math.ceil(Date.now() / 1000)]);
await bench("week", sql, params);
const ex = await c.query({ text: "EXPLAIN (ANALYZE, SUMMARY ON) " + sql, values: params });
console.log(ex.rows.map((r: any) => r["QUERY PLAN"]).join("\n"));
if (process.env.ALT) { await bench("alt", fs.readFileSync(process.env.ALT, "utf8"), params); }
await c.end(); await db.stop();
