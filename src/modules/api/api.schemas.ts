/**
 * The JSON API's schemas (issue 21): the input of every endpoint (query, path, body) and the shape
 * of every answer, in zod. The same schemas validate requests (api.http.ts) and make the OpenAPI
 * document (openapi.ts); the tests validate real answers against the document.
 */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "../../lib/validation.ts";
import { API_TEXT } from "./api.text.ts";

extendZodWithOpenApi(z);

const id = z.number().int().positive();
const isoDay = z.string({ message: API_TEXT.badDate }).regex(/^\d{4}-\d{2}-\d{2}$/, API_TEXT.badDate);
const instant = z.string().openapi({ format: "date-time" });

// ---- input ----

/** A positive integer id in a path (documented here; handlers read it with idParam: anything else is a 404, as on the pages). */
export const idPath = (name: string) =>
  z
    .string()
    .regex(/^\d{1,10}$/, API_TEXT.badId)
    .openapi({ param: { name, in: "path" }, example: "1" });

export const studentPath = z.object({ studentId: idPath("studentId") });
export const journalPath = z.object({ classId: idPath("classId"), subjectId: idPath("subjectId") });

export const weekQuery = z.object({
  week: isoDay.optional().openapi({ description: "Любой день недели, ГГГГ-ММ-ДД (по умолчанию — сегодня)", example: "2026-11-16" }),
});

export const periodQuery = z.object({
  period: z
    .string()
    .regex(/^\d{1,10}$/, API_TEXT.badId)
    .optional()
    .openapi({ description: "Id учебного периода (по умолчанию — текущий)" }),
});

export const dateQuery = z.object({
  date: isoDay.optional().openapi({ description: "День, ГГГГ-ММ-ДД (по умолчанию — сегодня)" }),
});

export const journalQuery = z.object({
  period: z
    .string()
    .regex(/^\d{1,10}$/, API_TEXT.badId)
    .optional()
    .openapi({ description: "Id учебного периода (по умолчанию — текущий)" }),
  subgroup: z
    .string()
    .regex(/^\d{1,10}$/, API_TEXT.badId)
    .optional()
    .openapi({ description: "Id подгруппы" }),
});

export const pageQuery = z.object({
  page: z.coerce.number({ message: API_TEXT.badPage }).int(API_TEXT.badPage).min(1, API_TEXT.badPage).max(10_000, API_TEXT.badPage).optional(),
});

export const messagesQuery = pageQuery.extend({
  folder: z.enum(["inbox", "archive", "sent"], { message: API_TEXT.badFolder }).optional().openapi({ description: "Папка (по умолчанию inbox)" }),
});

export const markBody = z
  .object({
    lessonId: id,
    studentId: id,
    assignmentTypeId: id.openapi({ description: "Вид работы" }),
    value: z.union([z.number().int().min(1).max(5), z.null()]).openapi({ description: "Отметка 1–5; null удаляет отметку" }),
    comment: z.string().max(500).nullable().optional(),
    reason: z.string().max(500).nullable().optional().openapi({ description: "Причина исправления (для исправления старше срока)" }),
  })
  .openapi("MarkInput");

// ---- answers ----

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string().openapi({ example: "Не найдено" }),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi("Error");

const person = z.object({ id, name: z.string() });

export const meSchema = z
  .object({
    user: z.object({ id, login: z.string(), fullName: z.string(), roles: z.array(z.object({ code: z.string(), name: z.string() })) }),
    school: z.object({ id, name: z.string() }),
    student: person.nullable().openapi({ description: "Свой дневник (у ученика)" }),
    children: z.array(person).openapi({ description: "Дети, чьи дневники доступны (у родителя)" }),
    token: z.object({ scope: z.enum(["read", "write"]) }),
  })
  .openapi("Me");

const diaryMark = z.object({ value: z.number().int(), kind: z.string(), workTopic: z.string().nullable(), comment: z.string().nullable() });

const diaryLesson = z.object({
  lessonId: id.nullable(),
  number: z.number().int().nullable(),
  time: z.string().nullable().openapi({ example: "08:30–09:15" }),
  subject: z.string(),
  topic: z.string().nullable(),
  homework: z.object({ text: z.string(), due: isoDay.nullable() }).nullable(),
  cancelled: z.boolean(),
  change: z.string().nullable(),
  substitute: z.string().nullable(),
  marks: z.array(diaryMark),
  attendance: z.object({ code: z.string(), label: z.string(), title: z.string() }).nullable(),
});

export const diaryWeekSchema = z
  .object({
    student: person,
    weekStart: isoDay,
    weekEnd: isoDay,
    days: z.array(z.object({ date: isoDay, weekday: z.string(), className: z.string().nullable(), lessons: z.array(diaryLesson) })),
    homeworkDue: z.array(z.object({ due: isoDay, subject: z.string(), text: z.string(), given: isoDay })),
    markless: z.string().nullable(),
  })
  .openapi("DiaryWeek");

const periodOut = z.object({ id, name: z.string(), startDate: isoDay, endDate: isoDay });

export const marksSchema = z
  .object({
    student: person,
    className: z.string().nullable(),
    period: periodOut.nullable(),
    periods: z.array(periodOut),
    subjects: z.array(
      z.object({
        subjectId: id,
        subject: z.string(),
        marks: z.array(
          z.object({
            value: z.number().int(),
            date: isoDay,
            kind: z.string(),
            weight: z.number(),
            workTopic: z.string().nullable(),
            comment: z.string().nullable(),
          }),
        ),
        average: z.number().nullable().openapi({ description: "Средний взвешенный балл ученика" }),
        classAverage: z.number().nullable().openapi({ description: "Средний балл класса (без имён одноклассников)" }),
        forecast: z.number().nullable(),
        periodFinal: z.string().nullable(),
      }),
    ),
    markless: z.string().nullable(),
  })
  .openapi("Marks");

export const timetableSchema = z
  .object({
    student: person,
    weekStart: isoDay,
    weekEnd: isoDay,
    days: z.array(
      z.object({
        date: isoDay,
        weekday: z.string(),
        className: z.string().nullable(),
        lessons: z.array(
          z.object({
            number: z.number().int().nullable(),
            time: z.string().nullable(),
            subject: z.string(),
            cancelled: z.boolean(),
            change: z.string().nullable(),
            substitute: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi("Timetable");

const pageInfo = { page: z.number().int(), hasNext: z.boolean() };

export const announcementsSchema = z
  .object({
    items: z.array(
      z.object({
        id,
        title: z.string(),
        excerpt: z.string(),
        author: z.string(),
        audience: z.string(),
        pinned: z.boolean(),
        unread: z.boolean(),
        createdAt: instant,
        files: z.number().int(),
      }),
    ),
    ...pageInfo,
  })
  .openapi("Announcements");

export const messagesSchema = z
  .object({
    folder: z.enum(["inbox", "archive", "sent"]),
    items: z.array(
      z.object({ id, subject: z.string(), with: z.string(), snippet: z.string(), lastMessageAt: instant, unread: z.number().int(), files: z.number().int() }),
    ),
    ...pageInfo,
    pages: z.number().int(),
    total: z.number().int(),
  })
  .openapi("Messages");

export const todaySchema = z
  .object({
    date: isoDay,
    lessons: z.array(
      z.object({
        lessonId: id,
        number: z.number().int().nullable(),
        time: z.string(),
        className: z.string(),
        subject: z.string(),
        subgroup: z.string().nullable(),
        room: z.string().nullable(),
        substitutedBy: z.string().nullable(),
        substituteFor: z.string().nullable(),
        missing: z.array(z.string()),
        journal: z.object({ classId: id, subjectId: id }).nullable(),
      }),
    ),
  })
  .openapi("Today");

export const gridSchema = z
  .object({
    class: z.object({ id, name: z.string(), year: z.string() }),
    subject: z.object({ id, name: z.string() }),
    subgroup: z.object({ id, name: z.string() }).nullable(),
    period: periodOut.nullable(),
    periods: z.array(periodOut),
    canWrite: z.boolean().openapi({ description: "Учитель ведёт этот журнал (своя нагрузка)" }),
    lessons: z.array(
      z.object({
        lessonId: id,
        date: isoDay,
        number: z.number().int().nullable(),
        topic: z.string().nullable(),
        homework: z.string().nullable(),
        locked: z.boolean(),
        future: z.boolean(),
        marksAccess: z.enum(["edit", "reason", "ro"]),
        works: z.array(z.object({ assignmentTypeId: id, name: z.string(), weight: z.number() })),
      }),
    ),
    students: z.array(
      z.object({
        studentId: id,
        name: z.string(),
        average: z.number().nullable(),
        final: z.string().nullable(),
        cells: z.array(z.object({ member: z.boolean(), attendance: z.string().nullable(), marks: z.array(z.number().int().nullable()) })),
      }),
    ),
    classAverage: z.number().nullable(),
  })
  .openapi("JournalGrid");

export const savedMarkSchema = z
  .object({ mark: z.object({ id, value: z.number().int(), comment: z.string().nullable() }).nullable(), corrected: z.boolean() })
  .openapi("SavedMark");
