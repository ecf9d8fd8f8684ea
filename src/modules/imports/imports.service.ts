/**
 * Spreadsheet import and export of the registers (R-REG-7). An upload is read and checked row by row
 * (row number, column, what is wrong, in Russian), then compared with the database: each row becomes
 * «новый», «изменения: …» or «без изменений». Nothing is written until the whole file is valid and the
 * user confirms; then the file is checked again and written in one transaction. Rows are matched by
 * full name + birth date (or by login for staff), so re-importing the same file changes nothing.
 * Empty optional cells leave stored values as they are.
 *
 * Each register has its importer (typed rows, its columns, planning and export): staff.import.ts,
 * students.import.ts, parents.import.ts; the sheet reading and writing is in imports.sheet.ts.
 */
import ExcelJS from "exceljs";
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { clock } from "../../lib/clock.ts";
import { SEX_NAMES } from "./imports.cells.ts";
import { KIND_TITLES, kindOf, type Kind } from "./imports.columns.ts";
import type { Ctx, Preview, RegisterImporter } from "./imports.plan.ts";
import { canExportClassList } from "./imports.policy.ts";
import { bufferOf, sheetFor, templateSheet } from "./imports.sheet.ts";
import { parentsImporter } from "./parents.import.ts";
import { staffImporter } from "./staff.import.ts";
import { studentsImporter } from "./students.import.ts";

export type { RowError } from "./imports.sheet.ts";
export type { PlanItem, Preview } from "./imports.plan.ts";

const IMPORTERS: Record<Kind, RegisterImporter> = { staff: staffImporter, students: studentsImporter, parents: parentsImporter };

const ctxOf = (actor: Actor): Ctx => ({ schoolId: actor.schoolId, actorId: actor.userId });

// ---------------------------------------------------------------- uploads

export async function storeUpload(actor: Actor, kind: Kind, fileName: string, data: Buffer) {
  // Files never confirmed are not kept longer than a day (they hold personal data). Compared with
  // createdAt, which the database sets on the real clock, so this is real time, not the school's.
  await prisma.importUpload.deleteMany({ where: { schoolId: actor.schoolId, appliedAt: null, createdAt: { lt: new Date(Date.now() - 86_400_000) } } });
  return prisma.importUpload.create({
    data: { schoolId: actor.schoolId, userId: actor.userId, kind, fileName: fileName.slice(0, 200), data: new Uint8Array(data) },
  });
}

/** The actor's own upload, or NotFound. */
export async function getUpload(actor: Actor, id: number) {
  const u = await prisma.importUpload.findFirst({ where: { id, schoolId: actor.schoolId, userId: actor.userId } });
  const kind = kindOf(u?.kind);
  if (!u || !kind) throw new NotFound();
  return { ...u, kind, data: Buffer.from(u.data) };
}

/** Reads and checks an upload against the database: rows, row errors and the planned rows; nothing is written. */
export async function previewUpload(actor: Actor, upload: { kind: Kind; data: Buffer }): Promise<Omit<Preview, "steps">> {
  const p = await IMPORTERS[upload.kind].preview(prisma, ctxOf(actor), upload.data);
  return { rows: p.rows, errors: p.errors, items: p.items };
}

/**
 * Writes a confirmed upload in one transaction, after checking it again against the current data.
 * ValidationError (nothing written) when it no longer passes; returns the counts.
 */
export async function applyUpload(actor: Actor, id: number) {
  const upload = await getUpload(actor, id);
  if (upload.appliedAt) throw new ValidationError({ _form: "Этот файл уже загружен" });
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "ImportUpload" WHERE id = ${upload.id} FOR UPDATE`;
      const fresh = await tx.importUpload.findUniqueOrThrow({ where: { id: upload.id }, select: { appliedAt: true } });
      if (fresh.appliedAt) throw new ValidationError({ _form: "Этот файл уже загружен" });
      const result = await IMPORTERS[upload.kind].preview(tx, ctxOf(actor), upload.data);
      if (result.errors.length) throw new ValidationError({ _form: `В файле есть ошибки (${result.errors.length}): данные не записаны` });
      for (const step of result.steps) await step(tx);
      await tx.importUpload.update({ where: { id: upload.id }, data: { appliedAt: clock.now(), data: new Uint8Array() } });
      const counts = { create: 0, update: 0, same: 0 };
      for (const i of result.items) counts[i.action]++;
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "import",
        entityId: upload.id,
        action: upload.kind,
        newValue: { fileName: upload.fileName, ...counts },
      });
      return counts;
    },
    { timeout: 300_000, maxWait: 20_000 },
  );
}

// ---------------------------------------------------------------- templates and export

/** An empty sheet with the column titles (required ones marked *), one example row and a notes sheet. */
export async function template(kind: Kind): Promise<Buffer> {
  return templateSheet(KIND_TITLES[kind], IMPORTERS[kind].columns);
}

/** The register as a sheet in the import layout (so that it imports back unchanged). */
export async function exportRegister(actor: Actor, kind: Kind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheetFor(wb, KIND_TITLES[kind], IMPORTERS[kind].columns);
  for (const row of await IMPORTERS[kind].exportRows(actor)) ws.addRow(row);
  return bufferOf(wb);
}

/** The classes of the current year whose lists the actor may export (none without the right). */
export async function classListOptions(actor: Actor): Promise<{ value: number; label: string }[]> {
  if (!canExportClassList(actor) || !actor.currentYearId) return [];
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: actor.currentYearId },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  return classes.map((c) => ({ value: c.id, label: className(c) }));
}

/** A class list on a day: number, full name, birth date, sex, phone. */
export async function exportClassList(actor: Actor, classId: number): Promise<{ name: string; data: Buffer }> {
  const cls = await prisma.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId }, include: { year: true } });
  if (!cls) throw new NotFound();
  const on = today();
  const day = on < cls.year.startDate ? cls.year.startDate : on > cls.year.endDate ? cls.year.endDate : on;
  const ms = await prisma.classMembership.findMany({
    where: { schoolId: actor.schoolId, classId, fromDate: { lte: day }, OR: [{ toDate: null }, { toDate: { gte: day } }] },
    include: { student: { include: { person: true } } },
  });
  ms.sort((a, b) => compareNames(a.student.person, b.student.person));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`Класс ${className(cls)}`);
  ws.addRow([`Список класса ${className(cls)}, ${cls.year.name}, на ${isoDate(day).split("-").reverse().join(".")}`]).font = { bold: true };
  ws.addRow(["№", "ФИО", "Дата рождения", "Пол", "Телефон", "В классе с"]).font = { bold: true };
  ms.forEach((m, i) => {
    const p = m.student.person;
    ws.addRow([i + 1, fullName(p), p.birthDate, p.sex ? SEX_NAMES[p.sex] : null, p.phone, m.fromDate]);
  });
  ws.getColumn(2).width = 36;
  for (const c of [3, 6]) {
    ws.getColumn(c).width = 14;
    ws.getColumn(c).numFmt = "dd.mm.yyyy";
  }
  return { name: className(cls), data: await bufferOf(wb) };
}
