/**
 * The teacher's scenarios (issue 3): the home and «today» pages, the journal grid and saving a mark,
 * on the largest whole-class grid of the large school.
 */
import type { Cell, Scenario } from "../measure.ts";
import { log } from "../results.ts";
import { signIn } from "../session.ts";
import { noPasswordChange, type ScenarioContext } from "./context.ts";

/** The journal of the benchmark: a class, a subject, its teacher and the period of the grid. */
export interface JournalPick {
  classId: number;
  subjectId: number;
  teacherId: number;
  periodId: number;
  lessons: number;
  students: number;
  login: string;
  className: string;
  subject: string;
}

export async function journalScenarios(ctx: ScenarioContext): Promise<{ pick: JournalPick; cells: Cell[]; scenarios: Scenario[] }> {
  const { q, app } = ctx;
  const { today, isoDate, addDays } = await import("../../src/lib/dates.ts");
  const schoolId = ctx.db.seed.schoolId;
  const [school] = await q<{ lockDays: number }>(`SELECT "lockDays" FROM "School" WHERE id = $1`, [schoolId]);
  // The journal: the largest whole-class grid (students × lessons in one period) of a teacher — the
  // issue's 30 × 50 where the data has it (a quarter of 6-hour Russian: ~27 × 47 in November).
  const [pick] = await q<JournalPick>(
    `WITH l AS (
       SELECT l."classId", l."subjectId", l."teacherId", p.id AS "periodId", count(*)::int AS lessons
         FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId"
         JOIN "PeriodSet" ps ON ps."yearId" = c."yearId" AND c.grade BETWEEN ps."gradeFrom" AND ps."gradeTo"
         JOIN "StudyPeriod" p ON p."periodSetId" = ps.id AND l.date BETWEEN p."startDate" AND p."endDate"
        WHERE l."schoolId" = $1 AND l."subgroupId" IS NULL AND c.grade >= 2
        GROUP BY 1, 2, 3, 4)
     SELECT l.*, u.login, concat(c.grade, c.letter) AS "className", s.name AS subject,
            (SELECT count(*)::int FROM "ClassMembership" m WHERE m."classId" = l."classId" AND m."toDate" IS NULL) AS students
       FROM l JOIN "User" u ON u."personId" = l."teacherId" JOIN "SchoolClass" c ON c.id = l."classId" JOIN "Subject" s ON s.id = l."subjectId"
      WHERE u.blocked = false
      ORDER BY (SELECT count(*) FROM "ClassMembership" m WHERE m."classId" = l."classId" AND m."toDate" IS NULL) * l.lessons DESC, l."classId", l."subjectId"
      LIMIT 1`,
    [schoolId],
  );
  if (!pick) throw new Error("В базе замера нет уроков: журнал крупной школы не заполнен");
  await noPasswordChange(q, pick.login);
  log(`Журнал: ${pick.className}, ${pick.subject}, ${pick.students} учеников × ${pick.lessons} уроков (учитель ${pick.login})`);

  // Saving a mark: «Ответ на уроке» cells of this teacher's lessons inside the edit window (R-JRN-5).
  const to = today();
  const from = addDays(to, -Math.max(1, (school?.lockDays ?? 30) - 1));
  const cellRows = await q<{ lessonId: number; studentId: number; typeId: number; value: number | null }>(
    `SELECT l.id AS "lessonId", m."studentId", t.id AS "typeId",
            (SELECT k.value FROM "Mark" k JOIN "LessonWork" w ON w.id = k."workId" WHERE w."lessonId" = l.id AND w."assignmentTypeId" = t.id AND k."studentId" = m."studentId") AS value
       FROM "Lesson" l
       JOIN "ClassMembership" m ON m."classId" = l."classId" AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date)
       JOIN "AssignmentType" t ON t."schoolId" = l."schoolId" AND t.name = 'Ответ на уроке'
      WHERE l."classId" = $1 AND l."subjectId" = $2 AND l."teacherId" = $3 AND l."subgroupId" IS NULL AND l.date BETWEEN $4 AND $5
        AND NOT EXISTS (SELECT 1 FROM "Attendance" a WHERE a."lessonId" = l.id AND a."studentId" = m."studentId" AND a.code <> 'LATE')
      ORDER BY l.date, l.id, m."studentId"`,
    [pick.classId, pick.subjectId, pick.teacherId, isoDate(from), isoDate(to)],
  );
  const cells: Cell[] = cellRows.map((c) => ({
    path: `/journal/lessons/${c.lessonId}/marks`,
    body: { studentId: c.studentId, assignmentTypeId: c.typeId },
    value: c.value === 5 ? 4 : 5,
  }));
  log(`Сохранение отметки: ${cells.length} ячеек в уроках за последние ${school?.lockDays ?? 30} дней`);

  const teacher = await signIn(app.base, pick.login, ctx.password);
  const scenarios: Scenario[] = [
    { key: "home", title: "Главная страница учителя GET /", target: app, method: "GET", path: "/", session: teacher },
    { key: "today", title: "«Сегодня» учителя GET /today", target: app, method: "GET", path: "/today", session: teacher },
    {
      key: "journal",
      title: `Журнал ${pick.students}×${pick.lessons} GET /journal/:classId/:subjectId?period=ID`,
      target: app,
      method: "GET",
      path: `/journal/${pick.classId}/${pick.subjectId}?period=${pick.periodId}`,
      session: teacher,
      goal: 50,
    },
    {
      key: "mark",
      title: "Сохранение отметки POST /journal/lessons/:id/marks",
      target: app,
      method: "POST",
      path: cells[0]?.path ?? "/journal/lessons/0/marks",
      session: teacher,
      cells,
      goal: 20,
      ...(cells.length ? {} : { skip: "нет уроков в окне редактирования" }),
    },
  ];
  return { pick, cells, scenarios };
}
