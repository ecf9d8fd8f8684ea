/**
 * Helpers of the tests of «the journal follows the plan» (next-topic.test.ts, progress.test.ts):
 * a plan assigned to a journal written straight with Prisma, lessons on given days.
 */
import { prisma } from "../../src/lib/db.ts";
import { addDays, today } from "../../src/lib/dates.ts";
import type { PlanStatus, PlanWorkKind } from "../../src/generated/prisma/enums.ts";
import type { JournalSchool } from "../journal/helpers.ts";

export type ItemDef = [topic: string, hours: number, workKind?: PlanWorkKind | null];

/** A plan of the class's grade with these topics, assigned to the journal (class × subject, subgroup 0), APPROVED by default. */
export async function assignedPlan(
  s: JournalSchool,
  items: ItemDef[],
  opts: { cls?: "5А" | "5Б"; subject?: "math" | "russian" | "english"; status?: PlanStatus; author?: number; subgroupId?: number } = {},
) {
  const cls = s.classes[opts.cls ?? "5А"]!;
  const subjectId = s.subjects[opts.subject ?? "math"].id;
  const plan = await prisma.thematicPlan.create({
    data: {
      schoolId: s.schoolId,
      subjectId,
      grade: cls.grade,
      yearId: s.year.id,
      title: `КТП ${cls.grade} класс`,
      authorId: opts.author ?? s.users.teacherMath.personId,
      status: opts.status ?? "APPROVED",
      items: {
        create: items.map(([topic, hours, workKind], i) => ({
          schoolId: s.schoolId,
          position: i + 1,
          topic,
          hours,
          workKind: workKind ?? null,
          section: i === 0 ? "Раздел 1" : null,
        })),
      },
    },
    include: { items: { orderBy: { position: "asc" } } },
  });
  await prisma.planAssignment.create({
    data: { schoolId: s.schoolId, planId: plan.id, yearId: s.year.id, classId: cls.id, subgroupId: opts.subgroupId ?? 0, subjectId },
  });
  return { planId: plan.id, items: plan.items };
}

/** A lesson of a journal `daysAgo` days before today (negative: ahead), with its topic and plan topic. */
export async function lessonOn(
  s: JournalSchool,
  daysAgo: number,
  opts: {
    cls?: "5А" | "5Б";
    subject?: "math" | "russian" | "english";
    topic?: string | null;
    planItemId?: number | null;
    number?: number;
    teacher?: number;
  } = {},
) {
  return prisma.lesson.create({
    data: {
      schoolId: s.schoolId,
      classId: s.classes[opts.cls ?? "5А"]!.id,
      subjectId: s.subjects[opts.subject ?? "math"].id,
      teacherId: opts.teacher ?? s.users.teacherMath.personId,
      date: addDays(today(), -daysAgo),
      number: opts.number ?? 2,
      topic: opts.topic ?? null,
      planItemId: opts.planItemId ?? null,
    },
  });
}

const unescape = (v: string) =>
  v
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The fields a browser would send from the form posting to `action` (checked boxes, selected options, text), without the CSRF token. */
export function formFields(html: string, action: string): Record<string, string | string[]> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`Нет формы ${action}`);
  const form = html.slice(start, html.indexOf("</form>", start));
  const out: Record<string, string | string[]> = {};
  const put = (name: string, value: string) => {
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  };
  const attr = (attrs: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];
  for (const m of form.matchAll(/<input\b([^>]*)>/g)) {
    const a = m[1]!;
    const name = attr(a, "name");
    const type = attr(a, "type") ?? "text";
    if (!name || name === "_csrf" || type === "submit" || ((type === "checkbox" || type === "radio") && !/\schecked\b/.test(a))) continue;
    put(name, unescape(attr(a, "value") ?? ""));
  }
  for (const m of form.matchAll(/<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2]!.matchAll(/<option value="([^"]*)"([^>]*)>/g)];
    const chosen = options.find((o) => /\sselected\b/.test(o[2]!)) ?? options[0];
    put(m[1]!, unescape(chosen?.[1] ?? ""));
  }
  for (const m of form.matchAll(/<textarea\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) put(m[1]!, unescape(m[2]!));
  return out;
}
