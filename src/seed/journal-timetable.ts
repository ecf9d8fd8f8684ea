/**
 * A deterministic weekly pattern for the seeded school: each teaching-load row
 * gets ceil(hoursPerWeek) weekly slots (day, lesson number), spread over the
 * class's school days. src/seed/timetable.ts turns it into the real timetable
 * (TimetableEntry rows with rooms), from which the journal's lessons are made.
 *
 * Rules the pattern keeps:
 * - a class never has two lessons at the same number on a day, except the
 *   subgroups of one subject that run in parallel (the class is split, each
 *   group with its own teacher — R-JRN-6);
 * - each day of a class is numbered from 1, without gaps where the teachers allow
 *   (a lesson pushed late by busy teachers moves down into a gap when they are free);
 * - a teacher is not booked twice at the same day and number where a matching
 *   exists (bipartite matching per class-day); the rest is counted as conflicts;
 * - a subject of two or more lessons a week has one inside a day (neither the
 *   first nor the last) where the teachers allow, so its control works can keep
 *   the assessment schedule's rules (keepOneInside, R-PLN-6).
 */

export interface LoadInput {
  id: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherId: number;
  hours: number;
}

export interface ClassInput {
  id: number;
  grade: number;
}

export interface WeeklySlot {
  /** 1 = Monday … 6 = Saturday */
  day: number;
  number: number;
}

export interface Timetable {
  /** Weekly slots of each load; the first lessonsInWeek(hours, w) are used in week w. */
  slots: Map<number, WeeklySlot[]>;
  /** School days of each class (5 or 6). */
  days: Map<number, number>;
  teacherConflicts: number;
}

/** Lessons of a load in week w (0-based): fractional hours alternate (0.5 → 0, 1, 0, 1 …). */
export function lessonsInWeek(hours: number, week: number): number {
  return Math.floor((week + 1) * hours + 1e-9) - Math.floor(week * hours + 1e-9);
}

/** Maximum lessons a day by grade (the eighth number only when the hours do not fit). */
function dailyCap(grade: number): number {
  return grade <= 1 ? 5 : grade <= 4 ? 6 : 7;
}

interface Block {
  loads: LoadInput[];
  teachers: number[];
  units: number;
}

/** Subgroup loads of one subject run in parallel when their teachers differ. */
function blocksOf(loads: LoadInput[]): Block[] {
  const blocks: Block[] = [];
  const parallel = new Map<number, Block[]>(); // subjectId → blocks of subgroup loads
  for (const load of loads) {
    const units = Math.ceil(load.hours - 1e-9);
    if (units <= 0) continue;
    if (load.subgroupId === null) {
      blocks.push({ loads: [load], teachers: [load.teacherId], units });
      continue;
    }
    const candidates = parallel.get(load.subjectId) ?? [];
    const fit = candidates.find((b) => !b.teachers.includes(load.teacherId) && !b.loads.some((l) => l.subgroupId === load.subgroupId));
    if (fit) {
      fit.loads.push(load);
      fit.teachers.push(load.teacherId);
      fit.units = Math.max(fit.units, units);
    } else {
      const block = { loads: [load], teachers: [load.teacherId], units };
      blocks.push(block);
      candidates.push(block);
      parallel.set(load.subjectId, candidates);
    }
  }
  return blocks;
}

/**
 * Kuhn's augmenting paths over numbers 1..max: item i may take number n when
 * ok(i, n); items try numbers in their own order. `ofItem` may hold a partial
 * matching to extend. Returns the number per item, or -1.
 */
function match(ok: (item: number, n: number) => boolean, order: number[][], max: number, ofItem: number[]): number[] {
  const ofNumber = new Array<number>(max + 1).fill(-1);
  ofItem.forEach((n, i) => n > 0 && (ofNumber[n] = i));
  const tryItem = (i: number, seen: boolean[]): boolean => {
    for (const n of order[i]!) {
      if (n > max || seen[n] || !ok(i, n)) continue;
      seen[n] = true;
      if (ofNumber[n] === -1 || tryItem(ofNumber[n]!, seen)) {
        ofNumber[n] = i;
        ofItem[i] = n;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < ofItem.length; i++) if (ofItem[i]! <= 0) tryItem(i, []);
  return ofItem;
}

/**
 * Builds the weekly pattern. Classes are taken in the given order, loads in
 * the given order; `rand(n)` gives an integer in [0, n) from the caller's seeded
 * generator, so the same school always gets the same pattern.
 */
export function buildTimetable(classes: ClassInput[], loads: LoadInput[], weekDays: number, rand: (n: number) => number): Timetable {
  const slots = new Map<number, WeeklySlot[]>();
  const days = new Map<number, number>();
  const busy = new Set<string>(); // teacherId:day:number
  const teacherDays = new Map<string, number>(); // teacherId:dayIndex → lessons
  let teacherConflicts = 0;

  const byClass = new Map<number, LoadInput[]>();
  for (const l of loads) byClass.set(l.classId, [...(byClass.get(l.classId) ?? []), l]);

  // Larger timetables first: they are the hardest to fit around busy teachers.
  const ordered = [...classes].sort((a, b) => b.grade - a.grade);
  for (const cls of ordered) {
    const classDays = cls.grade <= 1 ? Math.min(5, weekDays) : weekDays;
    days.set(cls.id, classDays);
    const blocks = blocksOf(byClass.get(cls.id) ?? []).sort((a, b) => b.units - a.units || a.loads[0]!.id - b.loads[0]!.id);

    // 1. Days: each unit of a block on the day with the fewest units of that block, then the lightest day.
    //    Teachers' days already filled by other classes weigh in, so their lessons spread too.
    const perDay: number[][] = Array.from({ length: classDays }, () => []); // block indexes per day
    blocks.forEach((block, bi) => {
      for (let u = 0; u < block.units; u++) {
        let best = -1;
        let bestKey = Infinity;
        for (let k = 0; k < classDays; k++) {
          const d = (k + bi) % classDays;
          const same = perDay[d]!.filter((x) => x === bi).length;
          const full = perDay[d]!.length >= dailyCap(cls.grade) ? 1 : 0;
          const teacherDay = Math.max(...block.teachers.map((t) => teacherDays.get(`${t}:${d}`) ?? 0));
          const key = full * 100_000 + same * 10_000 + teacherDay * 10 + perDay[d]!.length * 12;
          if (key < bestKey) [best, bestKey] = [d, key];
        }
        perDay[best]!.push(bi);
        for (const t of block.teachers) teacherDays.set(`${t}:${best}`, (teacherDays.get(`${t}:${best}`) ?? 0) + 1);
      }
    });

    // 2. Numbers 1..n for each day, matched against the teachers' free numbers.
    const placed: Placed[] = [];
    for (let d = 0; d < classDays; d++) {
      const items = perDay[d]!;
      const n = items.length;
      // Numbers 1..n first (a day without gaps); items whose teachers are busy there
      // may then move later in the day, up to the grade's daily maximum.
      const cap = Math.max(n, dailyCap(cls.grade));
      const order = items.map(() => [...shuffled(n, rand), ...Array.from({ length: cap - n }, (_, k) => n + k + 1)]);
      const ok = (i: number, num: number) => blocks[items[i]!]!.teachers.every((t) => !busy.has(`${t}:${d + 1}:${num}`));
      const got = match(ok, order, cap, match(ok, order, n, new Array<number>(n).fill(-1)));
      compact(got, ok);
      const free = new Set(Array.from({ length: n }, (_, k) => k + 1));
      got.forEach((num) => num > 0 && free.delete(num));
      items.forEach((bi, i) => {
        let num = got[i]!;
        if (num <= 0) {
          num = [...free][0]!;
          free.delete(num);
          teacherConflicts++;
        }
        for (const t of blocks[bi]!.teachers) busy.add(`${t}:${d + 1}:${num}`);
        placed.push({ day: d, block: bi, number: num });
      });
    }
    // 3. A subject of several lessons a week gets at least one lesson inside a day (R-PLN-6).
    keepOneInside(placed, blocks, busy);
    const unitSeen = new Map<number, number>();
    for (const { day, block: bi, number } of placed) {
      const unit = unitSeen.get(bi) ?? 0;
      unitSeen.set(bi, unit + 1);
      for (const load of blocks[bi]!.loads) {
        // Each member load uses the block's first ceil(hours) units.
        if (unit < Math.ceil(load.hours - 1e-9)) slots.set(load.id, [...(slots.get(load.id) ?? []), { day: day + 1, number }]);
      }
    }
  }
  // Stable order inside a week, so "the first k units" means the earliest days.
  for (const list of slots.values()) list.sort((a, b) => a.day - b.day || a.number - b.number);
  return { slots, days, teacherConflicts };
}

interface Placed {
  /** 0-based day of the week. */
  day: number;
  block: number;
  number: number;
}

/**
 * The schedule of assessment procedures forbids a control work on the first or the last lesson of a
 * class's day unless the subject has one lesson a week (R-PLN-6, the letter СК-228/03): a block of two
 * or more lessons a week whose every lesson came out first or last of its day swaps one of them with a
 * lesson inside that day (of a block that keeps another such lesson, or has one lesson a week) where
 * all the teachers are free at the other number. The day's numbers stay the same, so no gap appears.
 */
function keepOneInside(placed: Placed[], blocks: readonly Block[], busy: Set<string>): void {
  const bounds = (day: number) => {
    const numbers = placed.filter((p) => p.day === day).map((p) => p.number);
    return [Math.min(...numbers), Math.max(...numbers)] as const;
  };
  const inside = (p: Placed) => {
    const [first, last] = bounds(p.day);
    return first < p.number && p.number < last;
  };
  // Teachers of `who` free at the number on the day, apart from the lessons `leaving` it.
  const free = (who: Block, day: number, number: number, leaving: Block) =>
    who.teachers.every((t) => !busy.has(`${t}:${day + 1}:${number}`) || leaving.teachers.includes(t));
  blocks.forEach((block, bi) => {
    if (block.units < 2) return;
    const mine = placed.filter((p) => p.block === bi);
    if (mine.some(inside)) return;
    for (const p of mine)
      for (const q of placed) {
        if (q.day !== p.day || q.block === bi || !inside(q)) continue;
        const other = blocks[q.block]!;
        if (other.units >= 2 && !placed.some((x) => x !== q && x.block === q.block && inside(x))) continue;
        if (!free(block, p.day, q.number, other) || !free(other, p.day, p.number, block)) continue;
        for (const t of block.teachers) busy.delete(`${t}:${p.day + 1}:${p.number}`);
        for (const t of other.teachers) busy.delete(`${t}:${p.day + 1}:${q.number}`);
        [p.number, q.number] = [q.number, p.number];
        for (const t of block.teachers) busy.add(`${t}:${p.day + 1}:${p.number}`);
        for (const t of other.teachers) busy.add(`${t}:${p.day + 1}:${q.number}`);
        return;
      }
  });
}

/**
 * Closes gaps in a day: while a number below the day's last lesson is free, the
 * latest lesson whose teachers are free at it moves there (the day then starts
 * at the 1st lesson and has no «окна» where the teachers allow).
 */
function compact(got: number[], ok: (item: number, n: number) => boolean): void {
  for (let moved = true; moved;) {
    moved = false;
    const used = new Set(got.filter((n) => n > 0));
    const last = Math.max(0, ...used);
    for (let gap = 1; gap < last && !moved; gap++) {
      if (used.has(gap)) continue;
      const candidates = got
        .map((n, i) => [n, i] as const)
        .filter(([n, i]) => n > gap && ok(i, gap))
        .sort((a, b) => b[0] - a[0]);
      if (candidates.length) {
        got[candidates[0]![1]] = gap;
        moved = true;
      }
    }
  }
}

function shuffled(n: number, rand: (n: number) => number): number[] {
  const a = Array.from({ length: n }, (_, k) => k + 1);
  for (let i = a.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
