/**
 * Endpoints of a teacher's app (issue 21): today's lessons, a journal's grid and mark entry. Mark
 * entry is the grid's autosave (saveMark): the same schema (markInput), the same record rules
 * (R-ACL-2 own load, R-JRN-5 the 30-day lock, closed years) inside the same transaction.
 */
import type { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { parseIsoDate, today } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { idParam } from "../../lib/http.ts";
import { field } from "../../lib/validation.ts";
import { getGrid, markInput, saveMark } from "../journal/journal.service.ts";
import { todayLessons } from "../schedule/today.service.ts";
import { parsed, pathId } from "./api.http.ts";
import { defineEndpoint } from "./api.registry.ts";
import { dateQuery, gridSchema, journalPath, journalQuery, markBody, savedMarkSchema, todaySchema } from "./api.schemas.ts";
import { API_TEXT } from "./api.text.ts";
import { gridOut, todayOut } from "./api.views.ts";

/** The grid's autosave input with the lesson it belongs to. */
const apiMarkInput = markInput.extend({ lessonId: field.id("урок") });

export function teacherEndpoints(router: Router): void {
  defineEndpoint(router, {
    method: "get",
    path: "/teacher/today",
    tag: "Учитель",
    summary: "Уроки учителя на день (как страница «Сегодня»): что ещё не заполнено",
    request: { query: dateQuery },
    response: todaySchema,
    guards: [requirePermission("today", "view")],
    handler: async (req) => {
      const { date } = parsed(dateQuery, req.query);
      const day = date === undefined ? today() : parseIsoDate(date);
      if (!day) throw new ValidationError({ date: API_TEXT.badDate }, API_TEXT.validation);
      return todayOut(day, await todayLessons(actorOf(req), day));
    },
  });

  defineEndpoint(router, {
    method: "get",
    path: "/journal/:classId/:subjectId",
    tag: "Учитель",
    summary: "Журнал класса по предмету за период: уроки, виды работ, отметки, посещаемость, средние",
    request: { params: journalPath, query: journalQuery },
    response: gridSchema,
    guards: [requirePermission("journal", "view")],
    handler: async (req) => {
      const q = parsed(journalQuery, req.query);
      const grid = await getGrid(actorOf(req), {
        classId: idParam(req, "classId"),
        subjectId: idParam(req, "subjectId"),
        subgroupId: q.subgroup === undefined ? null : pathId(q.subgroup),
        periodId: q.period === undefined ? null : pathId(q.period),
      });
      return gridOut(grid);
    },
  });

  defineEndpoint(router, {
    method: "post",
    path: "/journal/marks",
    tag: "Учитель",
    summary: "Поставить, изменить или удалить отметку (как автосохранение журнала)",
    description: "Нужен токен с правами «Чтение и запись». Правила те же, что в журнале: своя нагрузка, 30 дней, закрытый год.",
    request: { body: { content: { "application/json": { schema: markBody } } } },
    response: savedMarkSchema,
    write: true,
    guards: [requirePermission("journal", "update")],
    handler: async (req) => {
      const { lessonId, ...input } = parsed(apiMarkInput, req.body);
      return saveMark(actorOf(req), lessonId, input);
    },
  });
}
