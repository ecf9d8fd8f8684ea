/**
 * The register of staff admitted to personal data (001 §3.14, R-SEC-7, issue 17): per staff member the
 * signed non-disclosure undertaking (обязательство о неразглашении) — its date, the document's number and
 * who recorded it. The personal-data sections of pupils' files and staff cards open only to a person in
 * this register (students.policy PD_SECTIONS, the staff card), whatever the role. Recorded and removed by
 * HR or the administrator (pd-register), audited; the register prints as a page, PDF and .xlsx.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma } from "../../lib/db.ts";
import { formatDate, today } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import type { ReportDoc } from "../reports/export.service.ts";
import { assertActive, lockStaff } from "./staff.common.ts";
import { workingOn } from "./staff.consent.ts";
import { TEXT } from "./staff.text.ts";

/** Records (or corrects) the undertaking of a working staff member. NotFound outside the school, Locked for a dismissed card. */
export async function recordUndertaking(actor: Actor, staffId: number, input: { date: Date; documentNumber: string }): Promise<void> {
  if (input.date.getTime() > today().getTime()) throw new ValidationError({ date: TEXT.futureDate });
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    assertActive(s);
    const before = await tx.pdUndertaking.findUnique({ where: { staffId: s.id } });
    const data = { date: input.date, documentNumber: input.documentNumber, recordedById: actor.userId, recordedAt: clock.now() };
    await tx.pdUndertaking.upsert({ where: { staffId: s.id }, create: { schoolId: actor.schoolId, staffId: s.id, ...data }, update: data });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "pd-undertaking",
      entityId: s.id,
      action: before ? "update" : "create",
      oldValue: before ? { date: formatDate(before.date), documentNumber: before.documentNumber } : null,
      newValue: { date: formatDate(input.date), documentNumber: input.documentNumber },
    });
  });
}

/** Removes the staff member from the register (the personal-data sections close to them at their next request). */
export async function removeUndertaking(actor: Actor, staffId: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    const before = await tx.pdUndertaking.findUnique({ where: { staffId: s.id } });
    if (!before) return;
    await tx.pdUndertaking.delete({ where: { id: before.id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "pd-undertaking",
      entityId: s.id,
      action: "delete",
      oldValue: { date: formatDate(before.date), documentNumber: before.documentNumber },
    });
  });
}

/** The register of the working staff: the admitted with their undertaking, and those without one. */
export async function pdRegister(actor: Actor) {
  const on = today();
  const staff = await prisma.staff.findMany({
    where: workingOn(actor.schoolId, on),
    include: {
      person: true,
      pdUndertaking: true,
      positions: { where: { OR: [{ toDate: null }, { toDate: { gte: on } }] }, orderBy: { id: "asc" } },
    },
  });
  staff.sort((a, b) => compareNames(a.person, b.person));
  const recorders = new Map(
    (
      await prisma.user.findMany({
        where: { schoolId: actor.schoolId, id: { in: staff.flatMap((s) => (s.pdUndertaking?.recordedById ? [s.pdUndertaking.recordedById] : [])) } },
        include: { person: true },
      })
    ).map((u) => [u.id, fullName(u.person)]),
  );
  const rows = staff.map((s) => ({
    staffId: s.id,
    name: fullName(s.person),
    position: s.positions.map((p) => p.title).join(", "),
    date: s.pdUndertaking?.date ?? null,
    documentNumber: s.pdUndertaking?.documentNumber ?? null,
    recordedBy: s.pdUndertaking?.recordedById ? (recorders.get(s.pdUndertaking.recordedById) ?? "") : s.pdUndertaking ? "импорт" : "",
  }));
  return { on, admitted: rows.filter((r) => r.date), missing: rows.filter((r) => !r.date) };
}

/** The register as a document (page, PDF, .xlsx). */
export function pdRegisterDoc(r: Awaited<ReturnType<typeof pdRegister>>): ReportDoc {
  return {
    title: "Реестр сотрудников, допущенных к обработке персональных данных",
    subtitle: `на ${formatDate(r.on)}`,
    tables: [
      {
        columns: [
          { header: "№", width: 24, xlsxWidth: 5 },
          { header: "ФИО", width: 150, xlsxWidth: 34 },
          { header: "Должность", width: 130, xlsxWidth: 30 },
          { header: "Дата обязательства", width: 70, xlsxWidth: 14 },
          { header: "Номер документа", width: 70, xlsxWidth: 16 },
          { header: "Записал", width: 90, xlsxWidth: 28 },
        ],
        rows: r.admitted.map((a, i) => [String(i + 1), a.name, a.position, formatDate(a.date), a.documentNumber ?? "", a.recordedBy]),
      },
    ],
    notes: r.missing.length ? [`Не допущены (обязательство не записано): ${r.missing.map((m) => m.name).join(", ")}.`] : [],
    signatures: ["Директор"],
    filename: `Реестр допущенных к ПДн ${formatDate(r.on)}`,
  };
}
