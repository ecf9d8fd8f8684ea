/**
 * Planning (issue 16) on the large school, whose plans bench/prepare.ts seeds from its journal as the demo
 * school's are (seedThematicPlans):
 *   plan-progress      «Выполнение программы» of the whole school for the year, the deputy (goal ≤ 1 s);
 *   plan-progress-pdf  the same as PDF (goal ≤ 2 s);
 *   plan-import        a КТП of 200 rows through the pages: the upload (POST /planning/plans/:id/import), its
 *                      preview (GET …/import/:uploadId) and the write (POST …/import/:uploadId), timed end to end
 *                      from this process (goal ≤ 1 s), into a draft plan «[замер]» of the deputy's, removed after.
 * The journal grid's «по плану» indicator is in the `journal` scenario (journal.ts) once plans exist.
 */
import ExcelJS from "exceljs";
import { selected } from "../env.ts";
import type { Row, Scenario } from "../measure.ts";
import { median, percentile } from "../stats.ts";
import { log } from "../results.ts";
import { csrfFrom, signIn, type Session } from "../session.ts";
import { noPasswordChange, type ScenarioContext } from "./context.ts";

export const PLANNING_KEYS = ["plan-progress", "plan-progress-pdf", "plan-import"] as const;
const IMPORT_ROWS = 200;
const IMPORT_RUNS = 10;
const MARK = "[замер]";

export async function planningScenarios(
  ctx: ScenarioContext,
): Promise<{ scenarios: Scenario[]; runners: Map<string, () => Promise<Row[]>>; teardown: () => Promise<void> }> {
  const { q, app, db } = ctx;
  const runners = new Map<string, () => Promise<Row[]>>();
  const none = { scenarios: [], runners, teardown: async () => {} };
  if (!selected(...PLANNING_KEYS)) return none;
  const schoolId = db.seed.schoolId;
  const [dep] = await q<{ login: string; personId: number }>(
    `SELECT u.login, u."personId" FROM "User" u JOIN "UserRole" r ON r."userId" = u.id
      WHERE u."schoolId" = $1 AND r.role = 'DEPUTY' AND NOT u.blocked ORDER BY u.id LIMIT 1`,
    [schoolId],
  );
  const [plans] = await q<{ n: number; items: number }>(
    `SELECT count(DISTINCT p.id)::int AS n, count(i.id)::int AS items FROM "ThematicPlan" p LEFT JOIN "PlanItem" i ON i."planId" = p.id
      WHERE p."schoolId" = $1 AND NOT p."isTemplate" AND p.status = 'APPROVED'`,
    [schoolId],
  );
  if (!dep || !plans?.n) return none;
  await noPasswordChange(q, dep.login);
  const deputy = await signIn(app.base, dep.login, ctx.password);
  log(`Планирование: заместитель ${dep.login}; утверждённых КТП в школе ${plans.n}, тем в них ${plans.items}`);

  const cleanup = async () => {
    await q(`DELETE FROM "ThematicPlan" WHERE "schoolId" = $1 AND title LIKE $2`, [schoolId, `${MARK}%`]);
  };
  await cleanup(); // what an interrupted run may have left

  const scenarios: Scenario[] = [
    {
      key: "plan-progress",
      title: "«Выполнение программы» всей школы за год, заместитель GET /planning/progress",
      target: app,
      method: "GET",
      path: "/planning/progress",
      session: deputy,
      goal: 1000,
    },
    {
      key: "plan-progress-pdf",
      title: "«Выполнение программы» всей школы за год, PDF GET /planning/progress/report.pdf",
      target: app,
      method: "GET",
      path: "/planning/progress/report.pdf",
      session: deputy,
      goal: 2000,
    },
    {
      key: "plan-import",
      title: `Загрузка КТП из файла: ${IMPORT_ROWS} строк, загрузка + проверка + запись`,
      target: app,
      method: "POST",
      path: "/planning/plans/:id/import",
      session: deputy,
      goal: 1000,
    },
  ];
  runners.set("plan-import", async () => [await measureImport(ctx, scenarios[2]!, deputy, dep.personId)]);
  return { scenarios: scenarios.filter((s) => selected(s.key)), runners, teardown: cleanup };
}

/** A КТП sheet of `rows` topics in the import layout (the template's header row), sections every 10 topics. */
async function planSheet(rows: number): Promise<Buffer> {
  const { planTemplate } = await import("../../src/modules/planning/plan-import.service.ts");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await planTemplate()) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const col = new Map<string, number>();
  ws.getRow(1).eachCell((cell, i) => col.set(typeof cell.value === "string" ? cell.value : "", i));
  const at = (title: string) => {
    const i = [...col].find(([t]) => t.startsWith(title))?.[1];
    if (!i) throw new Error(`В шаблоне КТП нет столбца «${title}»`);
    return i;
  };
  const [no, section, topic, hours] = [at("№"), at("Раздел"), at("Тема"), at("Часы")];
  for (let r = 0; r < rows; r++) {
    const row = ws.getRow(r + 2);
    row.getCell(no).value = r + 1;
    if (r % 10 === 0) row.getCell(section).value = `Раздел ${r / 10 + 1}`;
    row.getCell(topic).value = `Тема ${r + 1}: повторение и закрепление пройденного`;
    row.getCell(hours).value = 1;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * IMPORT_RUNS imports (after one warm-up) of the same 200-row file into a fresh draft plan of the deputy's, each
 * the three requests a teacher makes; checks that the plan then has the 200 topics.
 */
async function measureImport(ctx: ScenarioContext, sc: Scenario, session: Session, authorId: number): Promise<Row> {
  const { q, app, db } = ctx;
  const [subject] = await q<{ id: number; grade: number }>(
    `SELECT p."subjectId" AS id, p.grade FROM "ThematicPlan" p WHERE p."schoolId" = $1 AND NOT p."isTemplate" ORDER BY p.id LIMIT 1`,
    [db.seed.schoolId],
  );
  if (!subject) return { scenario: sc, note: "нет КТП в школе" };
  const file = await planSheet(IMPORT_ROWS);
  const times: number[] = [];
  let topics = 0;
  for (let i = 0; i <= IMPORT_RUNS; i++) {
    const [plan] = await q<{ id: number }>(
      `INSERT INTO "ThematicPlan" ("schoolId", "subjectId", grade, "yearId", title, "authorId", status, "updatedAt")
       SELECT $1, $2, $3, y.id, $4, $5, 'DRAFT', now() FROM "AcademicYear" y WHERE y."schoolId" = $1 AND y.status = 'CURRENT' RETURNING id`,
      [db.seed.schoolId, subject.id, subject.grade, `${MARK} загрузка ${i + 1}`, authorId],
    );
    const t0 = performance.now();
    const form = new FormData();
    form.set("_csrf", session.csrf);
    form.set("file", new Blob([new Uint8Array(file)], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), "ktp.xlsx");
    const up = await fetch(`${app.base}/planning/plans/${plan!.id}/import`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { cookie: session.header() },
    });
    await up.text();
    const preview = up.headers.get("location");
    if (up.status !== 302 || !preview) return { scenario: sc, note: `ошибка: загрузка ответила ${up.status}` };
    const page = await fetch(`${app.base}${preview}`, { headers: { cookie: session.header() } });
    const html = await page.text();
    if (page.status !== 200) return { scenario: sc, note: `ошибка: проверка ответила ${page.status}` };
    const write = await fetch(`${app.base}${preview}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: session.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrfFrom(html) }).toString(),
    });
    await write.text();
    if (write.status !== 302 || write.headers.get("location") !== `/planning/plans/${plan!.id}`)
      return { scenario: sc, note: `ошибка: запись ответила ${write.status}` };
    if (i > 0) times.push(performance.now() - t0);
    [{ n: topics }] = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "PlanItem" WHERE "planId" = $1`, [plan!.id])) as [{ n: number }];
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    scenario: sc,
    serverMedian: median(times),
    single: {
      p95: percentile(sorted, 95),
      note: `${IMPORT_RUNS} загрузок подряд, время трёх запросов со стороны клиента; в КТП после записи тем: ${topics} (ожидалось ${IMPORT_ROWS})`,
    },
  };
}
