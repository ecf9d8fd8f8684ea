/**
 * The teaching load of a seed plan (R-PLN-2): every subject of the curriculum
 * for every class (two rows, one per subgroup, for the split subjects,
 * R-JRN-6), spread over as many teachers of the right specialty as keep
 * everyone at a realistic load; then the class teachers and the rooms.
 */
import {
  MAX_TEACHER_HOURS,
  SPECIALTIES,
  SUBGROUP_NAMES,
  SUBJECTS,
  TARGET_TEACHER_HOURS,
  isSplit,
  specialtyFor,
  type Specialty,
  type SubjectKey,
} from "./curriculum.ts";
import type { PlanClass, PlanLoad, PlanRoom, PlanSubgroup } from "./plan-types.ts";

/** What one teacher takes as a whole: a specialty's subjects in one class, or one subgroup of a split subject. */
export interface Bundle {
  specialty: Specialty;
  cls: number;
  subgroup: number | null;
  items: { subject: SubjectKey; hours: number }[];
  hours: number;
}

export interface TeacherSlot {
  specialty: Specialty;
  bundles: Bundle[];
  hours: number;
}

/** The subgroups (students filled in later) and the load bundles of the classes. */
export function planLoadBundles(classes: readonly PlanClass[]): { subgroups: PlanSubgroup[]; bundles: Bundle[] } {
  const subgroups: PlanSubgroup[] = [];
  const bundles: Bundle[] = [];
  classes.forEach((c, cls) => {
    const shared = new Map<Specialty, Bundle>();
    for (const subject of SUBJECTS) {
      const hours = subject.hours[c.grade - 1] ?? 0;
      if (!hours) continue;
      const specialty = specialtyFor(subject.key, c.grade);
      if (isSplit(subject.key, c.grade)) {
        for (const name of SUBGROUP_NAMES) {
          subgroups.push({ cls, subject: subject.key, name, students: [] });
          bundles.push({ specialty, cls, subgroup: subgroups.length - 1, items: [{ subject: subject.key, hours }], hours });
        }
      } else {
        let b = shared.get(specialty);
        if (!b) {
          b = { specialty, cls, subgroup: null, items: [], hours: 0 };
          shared.set(specialty, b);
          bundles.push(b);
        }
        b.items.push({ subject: subject.key, hours });
        b.hours += hours;
      }
    }
  });
  return { subgroups, bundles };
}

/** Teachers per specialty: every primary class has its own teacher; the other specialties are balanced. */
export function planTeachers(bundles: readonly Bundle[]): TeacherSlot[] {
  const slots: TeacherSlot[] = [];
  for (const specialty of SPECIALTIES) {
    const own = bundles.filter((b) => b.specialty === specialty);
    if (!own.length) continue;
    if (specialty === "primary") for (const b of own) slots.push({ specialty, bundles: [b], hours: b.hours });
    else slots.push(...allocate(specialty, own));
  }
  return slots;
}

/**
 * Spreads the bundles of one specialty over as few teachers as keep everyone
 * at or below MAX_TEACHER_HOURS (largest bundle first to the least loaded
 * teacher; the two subgroups of a class go to different teachers when possible).
 */
function allocate(specialty: Specialty, bundles: readonly Bundle[]): TeacherSlot[] {
  const total = bundles.reduce((s, b) => s + b.hours, 0);
  const ordered = [...bundles].sort((a, b) => b.hours - a.hours || a.cls - b.cls || (a.subgroup ?? -1) - (b.subgroup ?? -1));
  for (let n = Math.max(1, Math.ceil(total / TARGET_TEACHER_HOURS)); ; n++) {
    const slots: TeacherSlot[] = Array.from({ length: n }, () => ({ specialty, bundles: [], hours: 0 }));
    for (const b of ordered) {
      const byLoad = slots.map((s, i) => ({ s, i })).sort((x, y) => x.s.hours - y.s.hours || x.i - y.i);
      const teachesOtherGroup = (s: TeacherSlot) =>
        b.subgroup !== null && s.bundles.some((o) => o.cls === b.cls && o.subgroup !== null && o.items[0]!.subject === b.items[0]!.subject);
      const slot = (byLoad.find((x) => !teachesOtherGroup(x.s)) ?? byLoad[0]!).s;
      slot.bundles.push(b);
      slot.hours += b.hours;
    }
    if (slots.every((s) => s.hours <= MAX_TEACHER_HOURS)) return slots;
  }
}

/**
 * Class teachers: the primary teacher of the class; above grade 4, the teacher
 * not yet leading a class who has the most hours in it. `keepFree` leads none.
 */
export function chooseClassTeachers(classes: PlanClass[], loads: readonly PlanLoad[], keepFree: number): Set<number> {
  const leading = new Set<number>([keepFree]);
  classes.forEach((c, cls) => {
    const hoursIn = new Map<number, number>();
    for (const l of loads) if (l.cls === cls) hoursIn.set(l.teacher, (hoursIn.get(l.teacher) ?? 0) + l.hours);
    const candidates = [...hoursIn.entries()].filter(([t]) => !leading.has(t)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const teacher = candidates[0]?.[0];
    if (teacher === undefined) throw new Error(`Seed: no free teacher to lead ${c.grade}${c.letter}`);
    c.teacher = teacher;
    leading.add(teacher);
  });
  leading.delete(keepFree);
  return leading;
}

/** Rooms: the first floor for the primary school, gyms and workshops; classrooms upstairs. Sets each class's home room. */
export function planRooms(classes: PlanClass[], upperFloors: number): PlanRoom[] {
  const rooms: PlanRoom[] = [];
  const primaryCount = classes.filter((c) => c.grade <= 4).length;
  for (let i = 1; i <= Math.max(10, primaryCount); i++) rooms.push({ name: String(100 + i), floor: 1, capacity: 28, note: "Кабинет начальных классов" });
  rooms.push(
    { name: "Спортзал", floor: 1, capacity: 60, note: "Большой спортивный зал" },
    { name: "Малый спортзал", floor: 1, capacity: 30, note: null },
    { name: "Мастерская 1", floor: 1, capacity: 15, note: "Труд (технология): столярная и слесарная мастерская" },
    { name: "Мастерская 2", floor: 1, capacity: 15, note: "Труд (технология): кабинет домоводства" },
    { name: "Актовый зал", floor: 2, capacity: 250, note: null },
    { name: "Библиотека", floor: 2, capacity: 30, note: "Читальный зал" },
  );
  const special: Record<string, string> = {
    "205": "Кабинет информатики",
    "206": "Кабинет информатики",
    "210": "Кабинет музыки",
    "211": "Кабинет ИЗО",
    "301": "Кабинет химии",
    "302": "Кабинет физики",
    "303": "Кабинет биологии",
    "312": "Кабинет ОБЗР",
  };
  for (let floor = 2; floor <= upperFloors + 1; floor++)
    for (let i = 1; i <= 12; i++) {
      const name = String(floor * 100 + i);
      rooms.push({ name, floor, capacity: special[name] === "Кабинет информатики" ? 15 : 30, note: special[name] ?? null });
    }
  const primaryRooms = rooms.filter((r) => r.note === "Кабинет начальных классов").map((r) => r.name);
  const upperRooms = rooms.filter((r) => r.floor >= 2 && /^\d+$/.test(r.name) && !r.note).map((r) => r.name);
  let p = 0;
  let u = 0;
  for (const c of classes) c.homeRoom = c.grade <= 4 ? primaryRooms[p++ % primaryRooms.length]! : upperRooms[u++ % upperRooms.length]!;
  return rooms;
}
