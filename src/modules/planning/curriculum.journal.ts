/**
 * The curriculum's «marked» flags against the journal's settings (issue 23: School.ungradedGrades,
 * Subject.gradingMode). The curriculum never changes them by itself: the page shows where they
 * differ and the deputy (subjects) or the administrator (grades) applies them with one button,
 * through the writers of those settings (setup's subjects, admin's school settings), audited there.
 */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { prisma } from "../../lib/db.ts";
import { compareText } from "../../lib/names.ts";
import type { GradingMode } from "../../generated/prisma/enums.ts";
import { schoolSettings, updateSchoolSettings } from "../admin/school.service.ts";
import { updateSubject } from "../setup/subjects.service.ts";
import { loadCurricula } from "./curriculum.service.ts";

export const GRADING_NAMES: Record<GradingMode, string> = { MARKS: "отметки", PASS_FAIL: "зачёт / незачёт", NONE: "без отметок" };

export interface GradeDiff {
  grade: number;
  /** The curriculum has no marked subject in this grade. */
  planUnmarked: boolean;
}

export interface SubjectDiff {
  subjectId: number;
  name: string;
  grades: number[];
  current: GradingMode;
  suggested: GradingMode;
}

export interface JournalDiff {
  grades: GradeDiff[];
  subjects: SubjectDiff[];
}

/**
 * Where the year's curriculum and the journal's settings disagree: a grade with no marked subject
 * that the school marks (or the other way round), and a subject unmarked in every marked grade of
 * the plan that the journal marks (or marked in the plan but not in the journal). A subject found
 * only in unmarked grades says nothing about the subject.
 */
export async function journalDiff(schoolId: number, yearId: number): Promise<JournalDiff> {
  const [curricula, school, subjects] = await Promise.all([
    loadCurricula(prisma, schoolId, yearId),
    prisma.school.findUniqueOrThrow({ where: { id: schoolId }, select: { ungradedGrades: true } }),
    prisma.subject.findMany({ where: { schoolId } }),
  ]);
  const gradeMarked = new Map<number, boolean>();
  for (const c of curricula) if (c.items.length) gradeMarked.set(c.grade, (gradeMarked.get(c.grade) ?? false) || c.items.some((i) => i.marked));
  const grades = [...gradeMarked.entries()]
    .filter(([g, marked]) => marked === school.ungradedGrades.includes(g))
    .map(([grade, marked]) => ({ grade, planUnmarked: !marked }))
    .sort((a, b) => a.grade - b.grade);

  const seen = new Map<number, { marked: boolean; zachet: boolean; grades: Set<number> }>();
  for (const c of curricula) {
    if (!gradeMarked.get(c.grade)) continue;
    for (const i of c.items) {
      const s = seen.get(i.subjectId) ?? { marked: false, zachet: false, grades: new Set<number>() };
      s.marked ||= i.marked;
      s.zachet ||= /зач[её]т/i.test(i.assessmentForm ?? "");
      s.grades.add(c.grade);
      seen.set(i.subjectId, s);
    }
  }
  const out: SubjectDiff[] = [];
  for (const subject of subjects) {
    const s = seen.get(subject.id);
    if (!s) continue;
    let suggested: GradingMode | null = null;
    if (s.marked && subject.gradingMode !== "MARKS") suggested = "MARKS";
    if (!s.marked && subject.gradingMode === "MARKS") suggested = s.zachet ? "PASS_FAIL" : "NONE";
    if (suggested)
      out.push({ subjectId: subject.id, name: subject.name, grades: [...s.grades].sort((a, b) => a - b), current: subject.gradingMode, suggested });
  }
  out.sort((a, b) => compareText(a.name, b.name));
  return { grades, subjects: out };
}

/** What the actor may apply: subjects need «update subject», grades «update school» (the administrator). */
export function applyRights(actor: Actor) {
  return { subjects: can(actor, "update", "subject"), grades: can(actor, "update", "school") };
}

/**
 * «Применить к журналу»: sets the subjects' grading modes and the school's unmarked grades to what
 * the year's curriculum says, as far as the actor may (applyRights); returns how many changed.
 */
export async function applyJournalSettings(actor: Actor, yearId: number): Promise<{ subjects: number; grades: number }> {
  const diff = await journalDiff(actor.schoolId, yearId);
  const rights = applyRights(actor);
  let subjects = 0;
  if (rights.subjects)
    for (const d of diff.subjects) {
      const s = await prisma.subject.findFirstOrThrow({ where: { id: d.subjectId, schoolId: actor.schoolId } });
      await updateSubject(actor, s.id, { name: s.name, shortName: s.shortName, gradingMode: d.suggested, sortOrder: s.sortOrder });
      subjects++;
    }
  let grades = 0;
  if (rights.grades && diff.grades.length) {
    const settings = await schoolSettings(actor.schoolId);
    const set = new Set(settings.ungradedGrades);
    for (const g of diff.grades) {
      if (g.planUnmarked) set.add(g.grade);
      else set.delete(g.grade);
    }
    await updateSchoolSettings(actor, { ...settings, ungradedGrades: [...set].sort((a, b) => a - b) });
    grades = diff.grades.length;
  }
  return { subjects, grades };
}
