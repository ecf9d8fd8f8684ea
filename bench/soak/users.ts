/**
 * The users of `npm run soak`: teachers saving «Ответ на уроке» marks in their own lessons inside the
 * edit window, parents reading diary weeks of their own children (with --operations also their
 * marks and messages), deputies opening reports; all signed in before the run.
 */
import type { Query } from "../prepare.ts";
import { log } from "../results.ts";
import { signIn } from "../session.ts";
import type { SoakUser } from "./loader.ts";
import type { SoakOptions } from "./options.ts";

export interface SoakUsers {
  users: SoakUser[];
  nTeachers: number;
  nParents: number;
  nDeputies: number;
  /** Distinct teacher accounts behind the teacher users. */
  teacherAccounts: number;
  /** Cells the teachers save marks in. */
  cells: number;
}

export async function soakUsers(q: Query, base: string, schoolId: number, OPTS: SoakOptions, password: string): Promise<SoakUsers> {
  const { today, isoDate, addDays } = await import("../../src/lib/dates.ts");
  // Teachers: «Ответ на уроке» cells of their own whole-class lessons inside the edit window.
  const [school] = await q<{ lockDays: number }>(`SELECT "lockDays" FROM "School" WHERE id = $1`, [schoolId]);
  const to = today();
  const from = addDays(to, -Math.max(1, (school?.lockDays ?? 30) - 2));
  const cellRows = await q<{ login: string; lessonId: number; studentId: number; typeId: number; value: number | null }>(
    `SELECT u.login, l.id AS "lessonId", m."studentId", t.id AS "typeId",
            (SELECT k.value FROM "Mark" k JOIN "LessonWork" w ON w.id = k."workId" WHERE w."lessonId" = l.id AND w."assignmentTypeId" = t.id AND k."studentId" = m."studentId") AS value
       FROM "Lesson" l
       JOIN "User" u ON u."personId" = l."teacherId" AND u."schoolId" = l."schoolId" AND NOT u.blocked
       JOIN "ClassMembership" m ON m."classId" = l."classId" AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date)
       JOIN "AssignmentType" t ON t."schoolId" = l."schoolId" AND t.name = 'Ответ на уроке'
       JOIN "SchoolClass" sc ON sc.id = l."classId" AND sc.grade > 1
       JOIN "Subject" sj ON sj.id = l."subjectId" AND sj."gradingMode" = 'MARKS'
      WHERE l."schoolId" = $1 AND l."subgroupId" IS NULL AND l.date BETWEEN $2 AND $3
        AND NOT EXISTS (SELECT 1 FROM "Attendance" a WHERE a."lessonId" = l.id AND a."studentId" = m."studentId" AND a.code <> 'LATE')
      ORDER BY u.login, l.date, l.id, m."studentId"`,
    [schoolId, isoDate(from), isoDate(to)],
  );
  const byTeacher = new Map<string, typeof cellRows>();
  for (const r of cellRows) byTeacher.set(r.login, [...(byTeacher.get(r.login) ?? []), r]);
  const teacherLogins = [...byTeacher.keys()];
  if (!teacherLogins.length) throw new Error("В окне редактирования нет уроков учителей: журнал крупной школы не заполнен");
  // Virtual teacher users round-robin over the teachers; a teacher's cells are split between their users.
  const perTeacher = new Map<string, number>();
  for (let i = 0; i < OPTS.teachers; i++)
    perTeacher.set(teacherLogins[i % teacherLogins.length]!, (perTeacher.get(teacherLogins[i % teacherLogins.length]!) ?? 0) + 1);

  // Parents: distinct parents, one of their own children in a class; the last eight school weeks.
  const parentRows = await q<{ login: string; studentId: number }>(
    `SELECT DISTINCT ON (u.id) u.login, pl."studentId"
       FROM "User" u
       JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
       JOIN "ParentLink" pl ON pl."parentId" = u."personId"
       JOIN "ClassMembership" cm ON cm."studentId" = pl."studentId" AND cm."toDate" IS NULL
      WHERE u."schoolId" = $1 AND NOT u.blocked
      ORDER BY u.id, pl."studentId" LIMIT $2`,
    [schoolId, OPTS.parents],
  );
  const weeks = Array.from({ length: 8 }, (_, k) => isoDate(addDays(to, -7 * k)));

  // Deputies: the school's deputy accounts (virtual users round-robin over them), opening the class
  // summary sheets (PDF) of every class and the month's journal check of the whole school.
  const deputyRows = OPTS.deputies
    ? await q<{ login: string }>(
        `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'DEPUTY' WHERE u."schoolId" = $1 AND NOT u.blocked ORDER BY u.id`,
        [schoolId],
      )
    : [];
  const classIds = (await q<{ id: number }>(`SELECT id FROM "SchoolClass" WHERE "schoolId" = $1 AND grade > 1 ORDER BY id`, [schoolId])).map((c) => c.id);
  const month = isoDate(addDays(to, -30)).slice(0, 7);
  const deputyPaths = [...classIds.map((id) => `/reports/paper/${id}/summary.pdf`), `/reports/check?month=${month}`];
  const deputyLogins = deputyRows.slice(0, OPTS.deputies).map((d) => d.login);

  const logins = [...perTeacher.keys(), ...parentRows.map((p) => p.login), ...deputyLogins];
  await q(`UPDATE "User" SET "mustChangePassword" = false, "failedLogins" = 0, "lockedUntil" = NULL WHERE "schoolId" = $1 AND login = ANY($2)`, [
    schoolId,
    logins,
  ]).catch(async () => q(`UPDATE "User" SET "mustChangePassword" = false WHERE "schoolId" = $1 AND login = ANY($2)`, [schoolId, logins]));
  log(`Вход ${logins.length} пользователей ...`);
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  for (let i = 0; i < logins.length; i += 8) {
    await Promise.all(
      logins.slice(i, i + 8).map(async (l) => {
        const s = await signIn(base, l, password);
        sessions.set(l, { cookie: s.header(), csrf: s.csrf });
      }),
    );
  }

  const users: SoakUser[] = [];
  for (const [login, n] of perTeacher) {
    const cells = byTeacher.get(login)!.map((c) => ({ lessonId: c.lessonId, studentId: c.studentId, typeId: c.typeId, value: c.value === 5 ? 4 : 5 }));
    for (let k = 0; k < n; k++) {
      const mine = cells.filter((_, j) => j % n === k);
      if (mine.length) users.push({ kind: "teacher", login, ...sessions.get(login)!, cells: mine });
    }
  }
  // Families also open their messages (the list of conversations) now and then.
  const familyPaths = (studentId: number) => [
    ...weeks.map((w) => `/diary/${studentId}/week?date=${w}`),
    ...(OPTS.operations ? ["/messages", `/diary/${studentId}/marks`] : []),
  ];
  for (const p of parentRows) users.push({ kind: "parent", login: p.login, cookie: sessions.get(p.login)!.cookie, paths: familyPaths(p.studentId) });
  for (let i = 0; deputyLogins.length && i < OPTS.deputies; i++) {
    const login = deputyLogins[i % deputyLogins.length]!;
    users.push({ kind: "deputy", login, cookie: sessions.get(login)!.cookie, paths: deputyPaths });
  }
  const nTeachers = users.filter((u) => u.kind === "teacher").length;
  const nDeputies = users.filter((u) => u.kind === "deputy").length;
  const nParents = users.length - nTeachers - nDeputies;
  log(
    `Пользователей: ${users.length} (учителей ${nTeachers} — ${teacherLogins.length} разных, ${cellRows.length} ячеек; родителей ${nParents}); ` +
      `${OPTS.seconds} с, пауза между запросами в среднем ${OPTS.thinkMs} мс, генераторов ${OPTS.loaders}`,
  );
  return { users, nTeachers, nParents, nDeputies, teacherAccounts: teacherLogins.length, cells: cellRows.length };
}
