/**
 * Reports (issue 6): the deputy's monthly check of the whole school (last full month of the data), and
 * the year's summary sheet of the benchmark's class, the forecast report of the school and of that class, that
 * class's report cards as one PDF, a page per pupil, for the period of the journal pick, and the ГИА analysis (issue 17).
 * Signs the deputy in only when BENCH_ONLY asks for them.
 */
import { selected } from "../env.ts";
import type { Scenario } from "../measure.ts";
import { log } from "../results.ts";
import { signIn } from "../session.ts";
import { noPasswordChange, type ScenarioContext } from "./context.ts";
import type { JournalPick } from "./journal.ts";

export async function reportScenarios(ctx: ScenarioContext, pick: JournalPick): Promise<Scenario[]> {
  const { q, app, db } = ctx;
  if (
    !selected(
      "report-check",
      "report-check-pdf",
      "report-summary",
      "report-summary-xlsx",
      "report-forecast",
      "report-forecast-pdf",
      "report-cards-pdf",
      "report-gia",
    )
  )
    return [];
  const [dep] = await q<{ login: string }>(
    `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id WHERE u."schoolId" = $1 AND r.role = 'DEPUTY' AND NOT u.blocked ORDER BY u.id LIMIT 1`,
    [db.seed.schoolId],
  );
  if (!dep) return [];
  await noPasswordChange(q, dep.login);
  const deputy = await signIn(app.base, dep.login, ctx.password);
  const until = new Date(`${db.seed.until}T00:00:00Z`);
  const month = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  log(`Отчёты: заместитель ${dep.login}, проверка журналов за ${month}, сводная ведомость ${pick.className}`);
  return [
    {
      key: "report-check",
      title: `Проверка журналов всей школы за месяц GET /reports/check?month=${month}`,
      target: app,
      method: "GET",
      path: `/reports/check?month=${month}`,
      session: deputy,
      goal: 2000,
    },
    {
      key: "report-check-pdf",
      title: "Проверка журналов всей школы, PDF GET /reports/check.pdf",
      target: app,
      method: "GET",
      path: `/reports/check.pdf?month=${month}`,
      session: deputy,
      goal: 2000,
    },
    {
      key: "report-summary",
      title: `Сводная ведомость класса ${pick.className}, PDF GET /reports/paper/:classId/summary.pdf`,
      target: app,
      method: "GET",
      path: `/reports/paper/${pick.classId}/summary.pdf`,
      session: deputy,
      goal: 500,
    },
    {
      key: "report-summary-xlsx",
      title: `Сводная ведомость класса ${pick.className}, .xlsx`,
      target: app,
      method: "GET",
      path: `/reports/paper/${pick.classId}/summary.xlsx`,
      session: deputy,
      goal: 500,
    },
    {
      key: "report-forecast",
      title: "Прогноз и группа риска всей школы GET /reports/forecast (issue 17)",
      target: app,
      method: "GET",
      path: "/reports/forecast",
      session: deputy,
      goal: 1000,
    },
    {
      key: "report-gia",
      title: "Анализ результатов ГИА всей школы GET /reports/gia (issue 17)",
      target: app,
      method: "GET",
      path: "/reports/gia",
      session: deputy,
      goal: 500,
    },
    {
      key: "report-forecast-pdf",
      title: `Прогноз и группа риска класса ${pick.className}, PDF GET /reports/forecast.pdf?class=`,
      target: app,
      method: "GET",
      path: `/reports/forecast.pdf?class=${pick.classId}`,
      session: deputy,
      goal: 1000,
    },
    {
      key: "report-cards-pdf",
      title: `Табель успеваемости класса ${pick.className} (${pick.students} учеников), один PDF GET /reports/report-cards.pdf?class=&period= (issue 17)`,
      target: app,
      method: "GET",
      path: `/reports/report-cards.pdf?class=${pick.classId}&period=${pick.periodId}`,
      session: deputy,
      goal: 1000,
    },
  ];
}
