/**
 * The demo school's journals against their plans (R-JRN-11): plan-ktp.ts writes every plan from the
 * journal's given lessons and links those lessons to their topics, so every journal would be exactly
 * on track. Real journals are not: this makes a few exceptions, so the behind/ahead figure of the
 * journal, «Сегодня» and «Выполнение программы» shows something to read —
 *   - demo.teacher's first journal with an approved plan: the last two lessons given repeat an earlier
 *     topic («Повторение: …»), the plan's next topics wait — behind;
 *   - the first journal of another teacher: the last lesson repeats the topic before it — behind;
 *   - a journal of a third class: the last lesson moves on to the plan's next topic, the topic due is
 *     skipped — ahead by an hour, with a skipped topic in the report.
 * Only lessons given up to today change (topic text and link), nothing of marks or attendance. Idempotent
 * in effect: run once after seedThematicPlans (a journal already changed has a «Повторение» lesson).
 */
import { prisma } from "../lib/db.ts";
import { today } from "../lib/dates.ts";

interface Linked {
  id: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherId: number;
  planItemId: number;
  topic: string | null;
}

export async function varyPlanPace(schoolId: number, prefix = "demo"): Promise<{ behind: number; ahead: number }> {
  const day = today();
  const [teacher, assignments] = await Promise.all([
    prisma.user.findFirst({ where: { schoolId, login: `${prefix}.teacher` }, select: { personId: true } }),
    prisma.planAssignment.findMany({
      where: { schoolId, plan: { status: "APPROVED", supersededAt: null } },
      select: {
        classId: true,
        subgroupId: true,
        subjectId: true,
        plan: { select: { items: { select: { id: true, position: true, topic: true }, orderBy: { position: "asc" } } } },
      },
      orderBy: [{ classId: "asc" }, { subjectId: "asc" }, { subgroupId: "asc" }],
    }),
  ]);
  if (!assignments.length) return { behind: 0, ahead: 0 };
  if (await prisma.lesson.count({ where: { schoolId, topic: { startsWith: "Повторение: " }, planItemId: { not: null } } })) return { behind: 0, ahead: 0 };

  /** The journal's lessons up to today linked to its plan, latest first. */
  const lessonsOf = async (a: (typeof assignments)[number]): Promise<Linked[]> =>
    (await prisma.lesson.findMany({
      where: { schoolId, classId: a.classId, subjectId: a.subjectId, subgroupId: a.subgroupId || null, date: { lte: day }, planItemId: { not: null } },
      select: { id: true, classId: true, subgroupId: true, subjectId: true, teacherId: true, planItemId: true, topic: true },
      orderBy: [{ date: "desc" }, { number: "desc" }, { id: "desc" }],
      take: 12,
    })) as Linked[];
  const topicOf = (a: (typeof assignments)[number], id: number) => a.plan.items.find((i) => i.id === id);

  /** Relinks the journal's last `n` lessons to the latest earlier topic that none of them is on. */
  const repeat = async (a: (typeof assignments)[number], lessons: Linked[], n: number): Promise<boolean> => {
    const last = lessons.slice(0, n);
    const earlier = lessons.slice(n).find((l) => !last.some((x) => x.planItemId === l.planItemId));
    const item = earlier && topicOf(a, earlier.planItemId);
    if (last.length < n || !item) return false;
    await prisma.lesson.updateMany({ where: { id: { in: last.map((l) => l.id) } }, data: { planItemId: item.id, topic: `Повторение: ${item.topic}` } });
    return true;
  };

  let behind = 0;
  let ahead = 0;
  const used = new Set<number>();
  // demo.teacher's first journal: behind by two lessons.
  for (const a of assignments) {
    const lessons = await lessonsOf(a);
    if (!teacher || lessons[0]?.teacherId !== teacher.personId) continue;
    if (await repeat(a, lessons, 2)) {
      behind++;
      used.add(a.classId);
    }
    break;
  }
  // Another teacher's journal in another class: behind by one; a third class: ahead by one.
  for (const a of assignments) {
    if (used.has(a.classId) || behind + ahead >= 3) continue;
    const lessons = await lessonsOf(a);
    if (!lessons.length || lessons[0]!.teacherId === teacher?.personId) continue;
    if (behind < 2) {
      if (await repeat(a, lessons, 1)) {
        behind++;
        used.add(a.classId);
      }
      continue;
    }
    const current = topicOf(a, lessons[0]!.planItemId);
    const next = current && a.plan.items.find((i) => i.position === current.position + 1);
    // Only when the last lesson is the one lesson of its topic: moving it on skips that topic.
    if (!next || lessons.filter((l) => l.planItemId === current.id).length !== 1) continue;
    await prisma.lesson.update({ where: { id: lessons[0]!.id }, data: { planItemId: next.id, topic: next.topic } });
    ahead++;
    used.add(a.classId);
  }
  return { behind, ahead };
}
