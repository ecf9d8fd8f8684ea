/**
 * The pages' service results as the API's answers (api.schemas.ts): dates as ГГГГ-ММ-ДД, instants
 * as ISO strings, ids and plain values only (no HTML, no page-only flags).
 */
import type { z } from "../../lib/validation.ts";
import { isoDate } from "../../lib/dates.ts";
import type { BoardPage } from "../announcements/announcements.service.ts";
import type { DiaryWeek, MarksPage, PeriodOption } from "../diary/diary.service.ts";
import type { Grid } from "../journal/journal.service.ts";
import type { ListPage } from "../messages/messages.service.ts";
import type { TodayLesson } from "../schedule/today.service.ts";
import type { announcementsSchema, diaryWeekSchema, gridSchema, marksSchema, messagesSchema, timetableSchema, todaySchema } from "./api.schemas.ts";

type Out<S extends z.ZodType> = z.input<S>;

const day = (d: Date | null): string | null => (d ? isoDate(d) : null);

const periodOut = (p: Pick<PeriodOption, "id" | "name" | "startDate" | "endDate">) => ({
  id: p.id,
  name: p.name,
  startDate: isoDate(p.startDate),
  endDate: isoDate(p.endDate),
});

export function diaryWeekOut(w: DiaryWeek): Out<typeof diaryWeekSchema> {
  return {
    student: { id: w.student.id, name: w.student.name },
    weekStart: isoDate(w.monday),
    weekEnd: isoDate(w.saturday),
    days: w.days.map((d) => ({
      date: d.iso,
      weekday: d.weekday,
      className: d.className,
      lessons: d.lessons.map((l) => ({
        lessonId: l.id,
        number: l.number,
        time: l.time,
        subject: l.subject,
        topic: l.topic,
        homework: l.homework ? { text: l.homework, due: day(l.homeworkDue) } : null,
        cancelled: l.cancelled,
        change: l.change,
        substitute: l.substitute,
        marks: l.marks.map((m) => ({ value: m.value, kind: m.kind, workTopic: m.workTopic, comment: m.comment })),
        attendance: l.attendance ? { code: l.attendance.kind, label: l.attendance.code, title: l.attendance.title } : null,
      })),
    })),
    homeworkDue: w.due.map((h) => ({ due: isoDate(h.due), subject: h.subject, text: h.homework, given: isoDate(h.given) })),
    markless: w.markless,
  };
}

export function timetableOut(w: DiaryWeek): Out<typeof timetableSchema> {
  return {
    student: { id: w.student.id, name: w.student.name },
    weekStart: isoDate(w.monday),
    weekEnd: isoDate(w.saturday),
    days: w.days.map((d) => ({
      date: d.iso,
      weekday: d.weekday,
      className: d.className,
      lessons: d.lessons.map((l) => ({
        number: l.number,
        time: l.time,
        subject: l.subject,
        cancelled: l.cancelled,
        change: l.change,
        substitute: l.substitute,
      })),
    })),
  };
}

export function marksOut(m: MarksPage): Out<typeof marksSchema> {
  return {
    student: { id: m.student.id, name: m.student.name },
    className: m.className,
    period: m.period ? periodOut(m.period) : null,
    periods: m.periods.map(periodOut),
    subjects: m.rows.map((r) => ({
      subjectId: r.subjectId,
      subject: r.subject,
      marks: r.marks.map((k) => ({ value: k.value, date: isoDate(k.date), kind: k.kind, weight: k.weight, workTopic: k.workTopic, comment: k.comment })),
      average: r.average,
      classAverage: r.classAverage,
      forecast: r.forecast,
      periodFinal: r.periodFinal,
    })),
    markless: m.markless,
  };
}

export function announcementsOut(b: BoardPage): Out<typeof announcementsSchema> {
  return {
    items: b.items.map((a) => ({
      id: a.id,
      title: a.title,
      excerpt: a.excerpt,
      author: a.authorName,
      audience: a.audienceLabel,
      pinned: a.pinned,
      unread: a.unread,
      createdAt: a.createdAt.toISOString(),
      files: a.files,
    })),
    page: b.page,
    hasNext: b.hasNext,
  };
}

export function messagesOut(l: ListPage): Out<typeof messagesSchema> {
  return {
    folder: l.folder,
    items: l.items.map((c) => ({
      id: c.id,
      subject: c.subject,
      with: c.otherName,
      snippet: c.snippet,
      lastMessageAt: c.lastMessageAt.toISOString(),
      unread: c.unread,
      files: c.files,
    })),
    page: l.page,
    pages: l.pages,
    total: l.total,
    hasNext: l.page < l.pages,
  };
}

/** The class and subject of a lesson's grid, read from its link (/journal/:classId/:subjectId). */
function journalOfUrl(url: string): { classId: number; subjectId: number } | null {
  const m = /^\/journal\/(\d+)\/(\d+)/.exec(url);
  return m ? { classId: Number(m[1]), subjectId: Number(m[2]) } : null;
}

export function todayOut(date: Date, lessons: TodayLesson[]): Out<typeof todaySchema> {
  return {
    date: isoDate(date),
    lessons: lessons.map((l) => ({
      lessonId: l.id,
      number: l.number,
      time: l.time,
      className: l.className,
      subject: l.subject,
      subgroup: l.subgroup,
      room: l.room,
      substitutedBy: l.substitutedBy,
      substituteFor: l.substituteFor,
      missing: l.missing,
      journal: journalOfUrl(l.gridUrl),
    })),
  };
}

export function gridOut(g: Grid): Out<typeof gridSchema> {
  return {
    class: { id: g.cls.id, name: `${g.cls.grade}${g.cls.letter}`, year: g.cls.yearName },
    subject: { id: g.subject.id, name: g.subject.name },
    subgroup: g.subgroup,
    period: g.period ? periodOut(g.period) : null,
    periods: g.periods.map(periodOut),
    canWrite: g.ownLoad,
    lessons: g.lessons.map((l) => ({
      lessonId: l.id,
      date: isoDate(l.date),
      number: l.number,
      topic: l.topic,
      homework: l.homework,
      locked: l.locked,
      future: l.future,
      marksAccess: l.marks,
      works: l.cols.map((c) => ({ assignmentTypeId: c.typeId, name: c.name, weight: c.weight })),
    })),
    students: g.rows.map((r) => ({
      studentId: r.id,
      name: r.name,
      average: r.avg,
      final: r.final,
      cells: r.cells.map((c) => ({ member: c.member, attendance: c.att, marks: c.marks.map((m) => m.v) })),
    })),
    classAverage: g.classAvg,
  };
}
