/**
 * Who is taught a lesson of the seeded journal: the students (by position) who
 * are members of the class, and of the subgroup for a subgroup's load, on the
 * lesson's day (R-JRN-6); marks and attendance are given to them only.
 */
import type { LoadInput } from "./journal-timetable.ts";

interface Span {
  from: number;
  to: number; // inclusive, ms; Infinity when open
}

interface Membership {
  studentId: number;
  fromDate: Date;
  toDate: Date | null;
}

/** Appends a value to the list of a key. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
const covers = (s: Span, t: number) => s.from <= t && t <= s.to;
const span = (from: Date, to: Date | null): Span => ({ from: from.getTime(), to: to ? to.getTime() : Infinity });

/** The roster of a load on a day (ms), from the class and subgroup memberships; `studentIdx` gives a student's position. */
export function rosters(
  memberships: readonly (Membership & { classId: number })[],
  subMembers: readonly (Membership & { subgroupId: number })[],
  studentIdx: ReadonlyMap<number, number>,
): (load: LoadInput, t: number) => number[] {
  const classMembers = new Map<number, { s: number; span: Span }[]>();
  for (const m of memberships) push(classMembers, m.classId, { s: studentIdx.get(m.studentId)!, span: span(m.fromDate, m.toDate) });
  const subMembersOf = new Map<number, { s: number; span: Span }[]>();
  for (const m of subMembers) {
    const s = studentIdx.get(m.studentId);
    if (s !== undefined) push(subMembersOf, m.subgroupId, { s, span: span(m.fromDate, m.toDate) });
  }
  return function rosterOf(load: LoadInput, t: number): number[] {
    const inClass = (classMembers.get(load.classId) ?? []).filter((m) => covers(m.span, t)).map((m) => m.s);
    if (load.subgroupId === null) return [...new Set(inClass)];
    const inGroup = new Set((subMembersOf.get(load.subgroupId) ?? []).filter((m) => covers(m.span, t)).map((m) => m.s));
    return [...new Set(inClass.filter((s) => inGroup.has(s)))];
  };
}

/** Whether a student (by position) is a member of some class on a day (ms): a student who has left is not attested. */
export function memberOn(memberships: readonly Membership[], studentIdx: ReadonlyMap<number, number>): (s: number, t: number) => boolean {
  const spans = new Map<number, Span[]>();
  for (const m of memberships) push(spans, studentIdx.get(m.studentId)!, span(m.fromDate, m.toDate));
  return (s, t) => (spans.get(s) ?? []).some((sp) => covers(sp, t));
}
