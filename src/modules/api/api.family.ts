/**
 * Endpoints of a family's app (issue 21): who am I, a student's diary week, marks of a period and
 * timetable. Each calls the diary's own services, which decide access as for the pages (R-ACL-1:
 * another family's or another school's student is a 404).
 */
import type { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { ROLE_NAMES } from "../../access/roles.ts";
import { parseIsoDate, today } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { idParam } from "../../lib/http.ts";
import { diaryStudents, getDiaryWeek, getMarksPage } from "../diary/diary.service.ts";
import { parsed, pathId, tokenOf } from "./api.http.ts";
import { defineEndpoint } from "./api.registry.ts";
import { diaryWeekSchema, marksSchema, meSchema, periodQuery, studentPath, timetableSchema, weekQuery } from "./api.schemas.ts";
import { API_TEXT } from "./api.text.ts";
import { diaryWeekOut, marksOut, timetableOut } from "./api.views.ts";

/** ?week=ГГГГ-ММ-ДД → the date (today when absent); 422 for a date that does not exist. */
function weekOf(query: unknown): Date {
  const { week } = parsed(weekQuery, query);
  if (week === undefined) return today();
  const d = parseIsoDate(week);
  if (!d) throw new ValidationError({ week: API_TEXT.badDate }, API_TEXT.validation);
  return d;
}

export function familyEndpoints(router: Router): void {
  defineEndpoint(router, {
    method: "get",
    path: "/me",
    tag: "Профиль",
    summary: "Владелец токена: ФИО, роли, школа, свой дневник (ученик) и дети (родитель)",
    response: meSchema,
    handler: async (req, res) => {
      const actor = actorOf(req);
      const students = await diaryStudents(actor);
      return {
        user: { id: actor.userId, login: actor.login, fullName: actor.fullName, roles: [...actor.roles].map((code) => ({ code, name: ROLE_NAMES[code] })) },
        school: { id: actor.schoolId, name: actor.schoolName },
        student: students.filter((s) => s.id === actor.studentId).map((s) => ({ id: s.id, name: s.name }))[0] ?? null,
        children: students.filter((s) => s.id !== actor.studentId).map((s) => ({ id: s.id, name: s.name })),
        token: { scope: tokenOf(res).canWrite ? ("write" as const) : ("read" as const) },
      };
    },
  });

  defineEndpoint(router, {
    method: "get",
    path: "/students/:studentId/diary",
    tag: "Дневник",
    summary: "Неделя дневника: уроки, темы, домашние задания, отметки, посещаемость",
    description: "Как страница «Дневник» → неделя. Ответ с ETag: повторный запрос с If-None-Match получает 304, если неделя не изменилась.",
    request: { params: studentPath, query: weekQuery },
    response: diaryWeekSchema,
    guards: [requirePermission("diary", "view")],
    handler: async (req) => {
      const now = today();
      const studentId = idParam(req, "studentId");
      return diaryWeekOut(await getDiaryWeek(actorOf(req), studentId, weekOf(req.query), now));
    },
  });

  defineEndpoint(router, {
    method: "get",
    path: "/students/:studentId/marks",
    tag: "Дневник",
    summary: "Оценки за период по предметам: средний взвешенный балл, средний балл класса, прогноз, итоговая",
    request: { params: studentPath, query: periodQuery },
    response: marksSchema,
    guards: [requirePermission("diary", "view")],
    handler: async (req) => {
      const studentId = idParam(req, "studentId");
      const { period } = parsed(periodQuery, req.query);
      return marksOut(await getMarksPage(actorOf(req), studentId, period === undefined ? null : pathId(period), today()));
    },
  });

  defineEndpoint(router, {
    method: "get",
    path: "/students/:studentId/timetable",
    tag: "Дневник",
    summary: "Расписание ученика на неделю (с отменами, переносами и заменами)",
    request: { params: studentPath, query: weekQuery },
    response: timetableSchema,
    guards: [requirePermission("diary", "view")],
    handler: async (req) => {
      const studentId = idParam(req, "studentId");
      return timetableOut(await getDiaryWeek(actorOf(req), studentId, weekOf(req.query), today()));
    },
  });
}
