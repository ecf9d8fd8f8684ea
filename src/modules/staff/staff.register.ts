/** The register of staff (R-REG-5): the list of current or dismissed staff and the full personal card. */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { compareNames, fullName, searchForm } from "../../lib/names.ts";
import { isDismissed } from "./staff.common.ts";
import { CATEGORY_NAMES, EDUCATION_LEVELS, type EducationLevel } from "./staff.text.ts";

export const PAGE_SIZE = 25;

const norm = searchForm;

/** The register: current staff (or the dismissed), searchable by name and position, alphabetical. */
export async function listStaff(actor: Actor, opts: { q: string; page: number; dismissed: boolean }) {
  const rows = await prisma.staff.findMany({
    where: { schoolId: actor.schoolId },
    include: {
      person: { include: { user: { select: { login: true, blocked: true } } } },
      positions: true,
      qualifications: { orderBy: { assignedAt: "desc" }, take: 1 },
    },
  });
  const on = today();
  const filtered = rows
    .filter((s) => isDismissed(s, on) === opts.dismissed)
    .map((s) => ({
      id: s.id,
      name: fullName(s.person),
      person: s.person,
      birthDate: s.person.birthDate,
      login: s.person.user?.login ?? null,
      blocked: s.person.user?.blocked ?? false,
      positions: s.positions
        .filter((p) => !p.toDate || p.toDate.getTime() >= on.getTime() || opts.dismissed)
        .map((p) => `${p.title} (${Number(p.rate).toString().replace(".", ",")})`),
      category: s.qualifications[0] ? CATEGORY_NAMES[s.qualifications[0].category] : "",
      hiredAt: s.hiredAt,
      dismissedAt: s.dismissedAt,
      dismissReason: s.dismissReason,
    }))
    .filter((r) => !opts.q || norm(`${r.name} ${r.positions.join(" ")}`).includes(norm(opts.q)));
  filtered.sort((a, b) => compareNames(a.person, b.person));
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, opts.page), pages);
  return { items: filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, pages, total: filtered.length };
}

/**
 * The full personal card, or NotFound outside the actor's school. Without the actor's own non-disclosure
 * undertaking (001 §3.14, issue 17) the personal data — birth date, contacts, personnel number and the
 * sections — is not read at all (`pdClosed`); positions, orders, consent and the login stay.
 */
export async function getCard(actor: Actor, staffId: number) {
  const open = actor.pdAdmitted;
  const s = await prisma.staff.findFirst({
    where: { id: staffId, schoolId: actor.schoolId },
    include: {
      person: { include: { user: { select: { id: true, login: true, blocked: true, roles: true } }, consent: true } },
      pdUndertaking: true,
      positions: { orderBy: [{ fromDate: "asc" }, { id: "asc" }] },
      events: { orderBy: [{ date: "asc" }, { id: "asc" }] },
      education: { orderBy: { graduationYear: "asc" }, where: open ? {} : { id: -1 } },
      qualifications: { orderBy: { assignedAt: "asc" }, where: open ? {} : { id: -1 } },
      awards: { orderBy: { date: "asc" }, where: open ? {} : { id: -1 } },
      trainings: { orderBy: { fromDate: "asc" }, where: open ? {} : { id: -1 } },
      methodical: { orderBy: { date: "asc" }, where: open ? {} : { id: -1 } },
    },
  });
  if (!s) throw new NotFound();
  const year = actor.currentYearId;
  const loads = year
    ? await prisma.teachingLoad.findMany({ where: { schoolId: actor.schoolId, yearId: year, teacherId: s.personId }, include: { class: true, subject: true } })
    : [];
  const hours = loads.reduce((a, l) => a + Number(l.hoursPerWeek), 0);
  const closed = open ? {} : { personnelNumber: null, person: { ...s.person, birthDate: null, phone: null, email: null } };
  return { ...s, ...closed, name: fullName(s.person), dismissed: isDismissed(s), loads, hours, pdClosed: !open };
}

/** The name of an education level (the code itself when unknown). */
export function educationName(level: string): string {
  return EDUCATION_LEVELS[level as EducationLevel] ?? level;
}
