/**
 * The demo school's withdrawn consent (issue 17, R-SEC-6): one parent of a class other than the named
 * families' withdrew the consent to personal-data processing, recorded by demo.secretary through the
 * same service as the personal file's button, so the parent's account is blocked «отзыв согласия»,
 * the personal file and «Пользователи» say so, and the audit log holds the revocation and the block.
 * Idempotent: a school with a withdrawn consent is left as it is.
 */
import { loadActor } from "../access/actor.ts";
import { prisma } from "../lib/db.ts";
import { revokeConsent } from "../modules/students/accounts.service.ts";

export async function seedRevokedConsent(schoolId: number): Promise<{ parentLogin: string } | null> {
  if (await prisma.personalDataConsent.count({ where: { schoolId, revokedAt: { not: null } } })) return null;
  const secretary =
    (await prisma.user.findFirst({ where: { schoolId, login: "demo.secretary" }, select: { id: true } })) ??
    (await prisma.user.findFirst({
      where: { schoolId, blocked: false, roles: { some: { role: "SECRETARY" } } },
      orderBy: { id: "asc" },
      select: { id: true },
    }));
  const actor = secretary && (await loadActor(secretary.id));
  if (!actor) return null;
  // The named families' classes are left alone (their pages are what a visitor opens first).
  const named = await prisma.classMembership.findMany({
    where: {
      schoolId,
      toDate: null,
      student: { OR: [{ person: { user: { login: "demo.student" } } }, { parentLinks: { some: { parent: { user: { login: { startsWith: "demo." } } } } } }] },
    },
    select: { classId: true },
  });
  const link = await prisma.parentLink.findFirst({
    where: {
      schoolId,
      parent: {
        consent: { revokedAt: null },
        staff: null,
        user: { blocked: false, login: { not: { startsWith: "demo." } }, roles: { every: { role: "PARENT" } } },
      },
      student: { memberships: { some: { toDate: null, classId: { notIn: named.map((m) => m.classId) } } } },
    },
    orderBy: { id: "asc" },
    include: { parent: { include: { user: { select: { login: true } } } } },
  });
  if (!link?.parent.user) return null;
  await revokeConsent(actor, link.studentId, link.parentId);
  return { parentLogin: link.parent.user.login };
}
