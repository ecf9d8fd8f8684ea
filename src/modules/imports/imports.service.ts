/**
 * Spreadsheet import and export of the registers (R-REG-7). An upload is read and checked row by row
 * (row number, column, what is wrong, in Russian), then compared with the database: each row becomes
 * «новый», «изменения: …» or «без изменений». Nothing is written until the whole file is valid and the
 * user confirms; then the file is checked again and written in one transaction. Rows are matched by
 * full name + birth date (or by login for staff), so re-importing the same file changes nothing.
 * Empty optional cells leave stored values as they are.
 */
import ExcelJS from "exceljs";
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import type { ParentRelation, Sex } from "../../generated/prisma/enums.ts";
import { applyMovementOrder, enrolNewStudents, type NewEnrolment } from "../movement/movement.service.ts";
import { hireStaff } from "../staff/staff.service.ts";
import { COLUMNS, DOC_NAMES, KIND_TITLES, RELATIONS, SEX_NAMES, readCell, type CellValue, type Column, type DocKind, type Kind } from "./imports.columns.ts";
import { clock } from "../../lib/clock.ts";

export interface RowError {
  row: number;
  column: string;
  message: string;
}

type Row = { row: number; v: Record<string, CellValue> };
type Ctx = { schoolId: number; actorId: number | null };

export interface PlanItem {
  row: number;
  label: string;
  action: "create" | "update" | "same";
  changes: string[];
}

interface Plan {
  items: PlanItem[];
  errors: RowError[];
  /** Writes the planned changes; run in order inside one transaction. */
  steps: ((tx: Db) => Promise<void>)[];
}

// ---------------------------------------------------------------- reading

/** Reads the first sheet: header row 1, data from row 2; empty rows are skipped. */
export async function readSheet(kind: Kind, data: Buffer): Promise<{ rows: Row[]; errors: RowError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ row: 0, column: "", message: "Файл не читается как таблица Excel (.xlsx)" }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ row: 0, column: "", message: "В файле нет листов" }] };
  const cols = COLUMNS[kind];
  const norm = (s: string) => s.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\*/g, "").replace(/\s+/g, " ").trim();
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => header.set(norm(String(cell.text ?? "")), col));
  const errors: RowError[] = [];
  const at = new Map<string, number>();
  for (const c of cols) {
    const idx = header.get(norm(c.title));
    if (idx) at.set(c.key, idx);
    else if (c.required) errors.push({ row: 1, column: c.title, message: "В первой строке нет этого столбца (скачайте шаблон)" });
  }
  if (errors.length) return { rows: [], errors };
  const rows: Row[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const sheetRow = ws.getRow(r);
    const raw = cols.map((c) => (at.has(c.key) ? sheetRow.getCell(at.get(c.key)!).value : null));
    if (raw.every((x) => x === null || x === undefined || String(typeof x === "object" && !(x instanceof Date) ? JSON.stringify(x) : x).trim() === ""))
      continue;
    const v: Record<string, CellValue> = {};
    cols.forEach((c, i) => {
      const res = readCell(c, raw[i]);
      if ("error" in res) errors.push({ row: r, column: c.title, message: res.error });
      else v[c.key] = res.value;
    });
    rows.push({ row: r, v });
  }
  if (!rows.length && !errors.length) errors.push({ row: 2, column: "", message: "В файле нет ни одной строки с данными" });
  return { rows, errors };
}

// ---------------------------------------------------------------- comparing with the database

const title = (kind: Kind, key: string) => COLUMNS[kind].find((c) => c.key === key)?.title ?? key;
const str = (v: CellValue | undefined) =>
  v === null || v === undefined ? null : v instanceof Date ? isoDate(v) : typeof v === "object" ? `${v.grade}${v.letter}` : String(v);
const keyOf = (p: { lastName: string; firstName: string; middleName: string | null; birthDate: Date | null }) =>
  [p.lastName, p.firstName, p.middleName ?? "", p.birthDate ? isoDate(p.birthDate) : ""].join("|").toLocaleLowerCase("ru").replace(/ё/g, "е");

function personOf(v: Record<string, CellValue>, prefix = "") {
  return {
    lastName: v[`${prefix}lastName`] as string,
    firstName: v[`${prefix}firstName`] as string,
    middleName: (v[`${prefix}middleName`] as string | null) ?? null,
    birthDate: (v[`${prefix}birthDate`] as Date | null) ?? null,
  };
}

/** Fields given in the row that differ from the stored ones: { key: new value }. Empty cells are not changes. */
function changed(kind: Kind, v: Record<string, CellValue>, stored: Record<string, unknown>, keys: string[]) {
  const out: Record<string, CellValue> = {};
  for (const k of keys) {
    const value = v[k];
    if (value === null || value === undefined) continue;
    const before = stored[k] instanceof Date ? isoDate(stored[k] as Date) : stored[k] === null || stored[k] === undefined ? null : String(stored[k]);
    if (before !== str(value)) out[k] = value;
  }
  return { data: out, titles: Object.keys(out).map((k) => title(kind, k)) };
}

const PERSON_FIELDS = ["sex", "phone", "email"];

/**
 * The school's people loaded once per check (a 1000-row file must not cost thousands of queries):
 * by full name + birth date, by full name alone, open class memberships, parent links, logins.
 */
async function loadIndex(db: Db, schoolId: number) {
  const [persons, open, links] = await Promise.all([
    db.person.findMany({ where: { schoolId }, include: { profile: true, staff: true, student: true, user: { select: { login: true } } } }),
    db.classMembership.findMany({ where: { schoolId, toDate: null }, include: { class: true }, orderBy: { fromDate: "asc" } }),
    db.parentLink.findMany({ where: { schoolId } }),
  ]);
  type P = (typeof persons)[number];
  const group = (key: (p: P) => string) => {
    const m = new Map<string, P[]>();
    for (const p of persons) m.set(key(p), [...(m.get(key(p)) ?? []), p]);
    return m;
  };
  const byKey = group((p) => keyOf(p));
  const byName = group((p) => keyOf({ ...p, birthDate: null }));
  const byLogin = new Map(persons.filter((p) => p.user).map((p) => [p.user!.login.toLowerCase(), p]));
  const openByStudent = new Map(open.map((m) => [m.studentId, m]));
  const link = new Map(links.map((l) => [`${l.parentId}:${l.studentId}`, l]));
  return {
    same: (p: Parameters<typeof keyOf>[0]) => byKey.get(keyOf(p)) ?? [],
    sameName: (p: Parameters<typeof keyOf>[0]) => byName.get(keyOf({ ...p, birthDate: null })) ?? [],
    byLogin: (login: string) => byLogin.get(login.toLowerCase()) ?? null,
    open: (studentId: number) => openByStudent.get(studentId) ?? null,
    link: (parentId: number, studentId: number) => link.get(`${parentId}:${studentId}`) ?? null,
    linksOf: (studentId: number) => links.filter((l) => l.studentId === studentId),
    byId: (id: number) => persons.find((p) => p.id === id) ?? null,
  };
}

async function updatePerson(
  tx: Db,
  ctx: Ctx,
  personId: number,
  personData: Record<string, CellValue>,
  profileData: Record<string, CellValue>,
  before: Record<string, unknown>,
) {
  if (Object.keys(personData).length) await tx.person.update({ where: { id: personId }, data: personData as never });
  if (Object.keys(profileData).length)
    await tx.personProfile.upsert({
      where: { personId },
      create: { schoolId: ctx.schoolId, personId, ...(profileData as object) },
      update: profileData as never,
    });
  const all = { ...personData, ...profileData };
  if (Object.keys(all).length)
    await audit(tx, {
      schoolId: ctx.schoolId,
      actorId: ctx.actorId,
      entity: "person",
      entityId: personId,
      action: "import-update",
      oldValue: Object.fromEntries(Object.keys(all).map((k) => [k, before[k] instanceof Date ? isoDate(before[k] as Date) : (before[k] ?? null)])),
      newValue: Object.fromEntries(Object.entries(all).map(([k, x]) => [k, str(x)])),
    });
}

function duplicateRows(rows: Row[], key: (r: Row) => string, kind: Kind, column: string): RowError[] {
  const seen = new Map<string, number>();
  const errors: RowError[] = [];
  for (const r of rows) {
    const k = key(r);
    const first = seen.get(k);
    if (first) errors.push({ row: r.row, column: title(kind, column), message: `Повторяет строку ${first}` });
    else seen.set(k, r.row);
  }
  return errors;
}

async function planStaff(db: Db, ctx: Ctx, rows: Row[]): Promise<Plan> {
  const plan: Plan = {
    items: [],
    errors: duplicateRows(rows, (r) => (r.v.login ? `login:${r.v.login}` : keyOf(personOf(r.v))), "staff", "lastName"),
    steps: [],
  };
  const index = await loadIndex(db, ctx.schoolId);
  for (const r of rows) {
    const p = personOf(r.v);
    const label = fullName(p);
    let person = null;
    if (r.v.login) {
      person = index.byLogin(String(r.v.login));
      if (!person) {
        plan.errors.push({ row: r.row, column: title("staff", "login"), message: "Пользователь с таким логином не найден" });
        continue;
      }
      if (keyOf({ ...person, birthDate: null }) !== keyOf({ ...p, birthDate: null })) {
        plan.errors.push({ row: r.row, column: title("staff", "login"), message: `Логин принадлежит человеку ${fullName(person)}` });
        continue;
      }
    } else {
      person = index.same(p).find((x) => x.staff) ?? null;
    }
    if (!person?.staff) {
      const missing = COLUMNS.staff.filter((c) => c.forNew && (r.v[c.key] === null || r.v[c.key] === undefined));
      for (const c of missing) plan.errors.push({ row: r.row, column: c.title, message: "Для нового сотрудника обязательно" });
      if (missing.length) continue;
      plan.items.push({ row: r.row, label, action: "create", changes: [] });
      const input = {
        ...p,
        birthDate: p.birthDate!,
        sex: (r.v.sex as Sex | null) ?? null,
        phone: (r.v.phone as string | null) ?? null,
        email: (r.v.email as string | null) ?? null,
        personnelNumber: (r.v.personnelNumber as string | null) ?? null,
        serviceSince: null,
        teachingSince: null,
        position: r.v.position as string,
        rate: r.v.rate as number,
        orderNumber: r.v.orderNumber as string,
        orderDate: r.v.orderDate as Date,
        date: r.v.hiredAt as Date,
      };
      plan.steps.push(async (tx) => void (await hireStaff(ctx, input, tx)));
      continue;
    }
    const pc = changed("staff", r.v, person as never, PERSON_FIELDS);
    const sc = changed("staff", r.v, person.staff as never, ["personnelNumber"]);
    const titles = [...pc.titles, ...sc.titles];
    plan.items.push({ row: r.row, label, action: titles.length ? "update" : "same", changes: titles });
    if (titles.length) {
      const staffId = person.staff.id;
      const before = { ...person, ...person.staff } as Record<string, unknown>;
      plan.steps.push(async (tx) => {
        await updatePerson(tx, ctx, person.id, pc.data, {}, before);
        if (Object.keys(sc.data).length) await tx.staff.update({ where: { id: staffId }, data: sc.data as never });
      });
    }
  }
  return plan;
}

const STUDENT_PROFILE = ["registrationAddress", "actualAddress", "docKind", "docSeries", "docNumber", "docIssuedBy", "docIssuedAt", "snils"];

async function currentClasses(db: Db, schoolId: number) {
  const year = await db.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } });
  const classes = year ? await db.schoolClass.findMany({ where: { schoolId, yearId: year.id } }) : [];
  return { year, byName: new Map(classes.map((c) => [className(c), c])) };
}

async function planStudents(db: Db, ctx: Ctx, rows: Row[]): Promise<Plan> {
  const plan: Plan = { items: [], errors: duplicateRows(rows, (r) => keyOf(personOf(r.v)), "students", "lastName"), steps: [] };
  const { year, byName } = await currentClasses(db, ctx.schoolId);
  const index = await loadIndex(db, ctx.schoolId);
  const newOnes: NewEnrolment[] = [];
  plan.steps.push(async (tx) => void (await enrolNewStudents(tx, ctx, newOnes)));
  for (const r of rows) {
    const p = personOf(r.v);
    const label = fullName(p);
    const c = r.v.className as { grade: number; letter: string };
    const cls = byName.get(className(c));
    if (!cls) {
      plan.errors.push({
        row: r.row,
        column: title("students", "className"),
        message: year ? `Класса ${className(c)} нет в учебном году ${year.name}` : "В школе нет текущего учебного года",
      });
      continue;
    }
    const same = index.same(p).find((x) => x.student);
    const enrolInput = {
      kind: "ENROL" as const,
      number: (r.v.orderNumber as string | null) ?? "",
      orderDate: (r.v.orderDate as Date | null) ?? (r.v.enrolDate as Date),
      effectiveDate: r.v.enrolDate as Date,
      toClassId: cls.id,
      reason: null,
    };
    const needOrder = () => {
      if (!r.v.orderNumber) plan.errors.push({ row: r.row, column: title("students", "orderNumber"), message: "Для зачисления нужен номер приказа" });
      if (!r.v.orderDate) plan.errors.push({ row: r.row, column: title("students", "orderDate"), message: "Для зачисления нужна дата приказа" });
      if (!within(r.v.enrolDate as Date, year!.startDate, year!.endDate))
        plan.errors.push({ row: r.row, column: title("students", "enrolDate"), message: `Дата вне учебного года ${year!.name}` });
    };
    const profileInput = Object.fromEntries(STUDENT_PROFILE.filter((k) => r.v[k] !== null && r.v[k] !== undefined).map((k) => [k, r.v[k]]));
    if (!same) {
      needOrder();
      plan.items.push({ row: r.row, label, action: "create", changes: [`зачисление в ${className(cls)}`] });
      newOnes.push({
        person: {
          ...p,
          birthDate: p.birthDate!,
          sex: (r.v.sex as Sex | null) ?? null,
          phone: (r.v.phone as string | null) ?? null,
          email: (r.v.email as string | null) ?? null,
        },
        profile: Object.keys(profileInput).length ? profileInput : null,
        number: enrolInput.number,
        orderDate: enrolInput.orderDate,
        effectiveDate: enrolInput.effectiveDate,
        toClassId: cls.id,
        reason: null,
      });
      continue;
    }
    const person = same;
    const studentId = person.student!.id;
    const open = index.open(studentId);
    const pc = changed("students", r.v, person as never, PERSON_FIELDS);
    const prc = changed("students", r.v, (person.profile ?? {}) as never, STUDENT_PROFILE);
    const titles = [...pc.titles, ...prc.titles];
    let enrol = false;
    if (open && open.classId !== cls.id) {
      plan.errors.push({
        row: r.row,
        column: title("students", "className"),
        message: `Ученик числится в классе ${className(open.class)}: перевод оформляется приказом в книге движения`,
      });
      continue;
    }
    if (!open) {
      needOrder();
      enrol = true;
      titles.push(`зачисление в ${className(cls)}`);
    }
    plan.items.push({ row: r.row, label, action: titles.length ? "update" : "same", changes: titles });
    if (titles.length) {
      const before = { ...person, ...(person.profile ?? {}) } as Record<string, unknown>;
      plan.steps.push(async (tx) => {
        await updatePerson(tx, ctx, person.id, pc.data, prc.data, before);
        if (enrol) await applyMovementOrder(tx, ctx, { ...enrolInput, studentId });
      });
    }
  }
  return plan;
}

function within(d: Date, from: Date, to: Date) {
  return d.getTime() >= from.getTime() && d.getTime() <= to.getTime();
}

async function planParents(db: Db, ctx: Ctx, rows: Row[]): Promise<Plan> {
  const plan: Plan = {
    items: [],
    errors: duplicateRows(rows, (r) => `${keyOf(personOf(r.v))}#${keyOf(personOf(r.v, "child."))}`, "parents", "lastName"),
    steps: [],
  };
  /** Parents created by earlier rows of this file: key → person id (filled while writing). */
  const created = new Map<string, number>();
  const planned = new Set<string>();
  const index = await loadIndex(db, ctx.schoolId);
  for (const r of rows) {
    const p = personOf(r.v);
    const label = `${fullName(p)} → ${fullName(personOf(r.v, "child."))}`;
    const child = index.same(personOf(r.v, "child.")).find((x) => x.student);
    if (!child) {
      plan.errors.push({ row: r.row, column: title("parents", "child.lastName"), message: "Ученик с такими ФИО и датой рождения не найден" });
      continue;
    }
    const studentId = child.student!.id;
    let parent = null;
    if (p.birthDate) parent = index.same(p)[0] ?? null;
    if (!parent) {
      const sameName = index.sameName(p);
      parent = sameName.find((x) => x.phone && r.v.phone && x.phone === r.v.phone) ?? null;
      parent ??= sameName.find((x) => index.linksOf(studentId).some((l) => l.parentId === x.id)) ?? null;
    }
    const relation = r.v.relation as ParentRelation;
    const pKey = keyOf(p) + "|" + (r.v.phone ?? "");
    const profileInput = Object.fromEntries(["workPlace", "workPosition"].filter((k) => r.v[k]).map((k) => [k, r.v[k]]));
    if (!parent) {
      const again = planned.has(pKey);
      planned.add(pKey);
      plan.items.push({ row: r.row, label, action: "create", changes: [again ? "связь с ребёнком" : "новый родитель"] });
      plan.steps.push(async (tx) => {
        let personId = created.get(pKey);
        if (!personId) {
          const person = await tx.person.create({
            data: {
              schoolId: ctx.schoolId,
              ...p,
              sex: relation === "MOTHER" ? "FEMALE" : relation === "FATHER" ? "MALE" : null,
              phone: (r.v.phone as string | null) ?? null,
              email: (r.v.email as string | null) ?? null,
            },
          });
          if (Object.keys(profileInput).length)
            await tx.personProfile.create({ data: { schoolId: ctx.schoolId, personId: person.id, ...(profileInput as object) } });
          await audit(tx, {
            schoolId: ctx.schoolId,
            actorId: ctx.actorId,
            entity: "person",
            entityId: person.id,
            action: "create",
            newValue: { ...p, birthDate: p.birthDate ? isoDate(p.birthDate) : null, phone: r.v.phone ?? null, source: "импорт" },
          });
          personId = person.id;
          created.set(pKey, personId);
        }
        await tx.parentLink.create({ data: { schoolId: ctx.schoolId, parentId: personId, studentId, relation } });
        await audit(tx, {
          schoolId: ctx.schoolId,
          actorId: ctx.actorId,
          entity: "parent-link",
          entityId: personId,
          action: "create",
          newValue: { studentId, relation },
        });
      });
      continue;
    }
    const full = parent;
    const link = index.link(parent.id, studentId);
    const pc = changed("parents", r.v, full as never, ["phone", "email"]);
    const prc = changed("parents", r.v, (full.profile ?? {}) as never, ["workPlace", "workPosition"]);
    const titles = [...pc.titles, ...prc.titles];
    if (!link) titles.push("связь с ребёнком");
    else if (link.relation !== relation) titles.push(title("parents", "relation"));
    plan.items.push({ row: r.row, label, action: titles.length ? "update" : "same", changes: titles });
    if (titles.length) {
      const before = { ...full, ...(full.profile ?? {}) } as Record<string, unknown>;
      plan.steps.push(async (tx) => {
        await updatePerson(tx, ctx, full.id, pc.data, prc.data, before);
        if (!link) await tx.parentLink.create({ data: { schoolId: ctx.schoolId, parentId: full.id, studentId, relation } });
        else if (link.relation !== relation) await tx.parentLink.update({ where: { id: link.id }, data: { relation } });
        if (!link || link.relation !== relation)
          await audit(tx, {
            schoolId: ctx.schoolId,
            actorId: ctx.actorId,
            entity: "parent-link",
            entityId: full.id,
            action: link ? "update" : "create",
            oldValue: link ? { relation: link.relation } : null,
            newValue: { studentId, relation },
          });
      });
    }
  }
  return plan;
}

const PLANNERS: Record<Kind, (db: Db, ctx: Ctx, rows: Row[]) => Promise<Plan>> = { staff: planStaff, students: planStudents, parents: planParents };

/** Reads and checks a file against the database; nothing is written. */
export async function previewFile(db: Db, ctx: Ctx, kind: Kind, data: Buffer) {
  const { rows, errors } = await readSheet(kind, data);
  const bad = new Set(errors.map((e) => e.row));
  const plan = errors.some((e) => e.row <= 1)
    ? { items: [], errors: [], steps: [] }
    : await PLANNERS[kind](
        db,
        ctx,
        rows.filter((r) => !bad.has(r.row)),
      );
  const all = [...errors, ...plan.errors].sort((a, b) => a.row - b.row);
  return { rows: rows.length, errors: all, items: plan.items, steps: plan.steps };
}

// ---------------------------------------------------------------- uploads

export async function storeUpload(actor: Actor, kind: Kind, fileName: string, data: Buffer) {
  // Files never confirmed are not kept longer than a day (they hold personal data).
  await prisma.importUpload.deleteMany({ where: { schoolId: actor.schoolId, appliedAt: null, createdAt: { lt: new Date(Date.now() - 86_400_000) } } });
  return prisma.importUpload.create({
    data: { schoolId: actor.schoolId, userId: actor.userId, kind, fileName: fileName.slice(0, 200), data: new Uint8Array(data) },
  });
}

/** The actor's own upload, or NotFound. */
export async function getUpload(actor: Actor, id: number) {
  const u = await prisma.importUpload.findFirst({ where: { id, schoolId: actor.schoolId, userId: actor.userId } });
  if (!u) throw new NotFound();
  return { ...u, kind: u.kind as Kind, data: Buffer.from(u.data) };
}

/**
 * Writes a confirmed upload in one transaction, after checking it again against the current data.
 * ValidationError (nothing written) when it no longer passes; returns the counts.
 */
export async function applyUpload(actor: Actor, id: number) {
  const upload = await getUpload(actor, id);
  if (upload.appliedAt) throw new ValidationError({ _form: "Этот файл уже загружен" });
  const ctx = { schoolId: actor.schoolId, actorId: actor.userId };
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "ImportUpload" WHERE id = ${upload.id} FOR UPDATE`;
      const fresh = await tx.importUpload.findUniqueOrThrow({ where: { id: upload.id }, select: { appliedAt: true } });
      if (fresh.appliedAt) throw new ValidationError({ _form: "Этот файл уже загружен" });
      const result = await previewFile(tx, ctx, upload.kind, upload.data);
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

function sheetFor(wb: ExcelJS.Workbook, name: string, cols: Column[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = cols.map((c) => ({
    header: c.required || c.forNew ? `${c.title}*` : c.title,
    key: c.key,
    width: c.width ?? 14,
    style: c.type === "date" ? { numFmt: "dd.mm.yyyy" } : {},
  }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

async function bufferOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An empty sheet with the column titles (required ones marked *), one example row and a notes sheet. */
export async function template(kind: Kind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheetFor(wb, KIND_TITLES[kind], COLUMNS[kind]);
  const example = Object.fromEntries(COLUMNS[kind].map((c) => [c.key, c.example ?? null]));
  ws.addRow(example).font = { italic: true, color: { argb: "FF777777" } };
  const notes = wb.addWorksheet("Пояснения");
  notes.columns = [
    { header: "Столбец", key: "t", width: 32 },
    { header: "Как заполнять", key: "h", width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  const hint: Record<string, string> = {
    date: "Дата: ДД.ММ.ГГГГ или ячейка с форматом даты",
    sex: "«м» или «ж»",
    rate: "Число, например 1 или 0,5",
    relation: "мать, отец, опекун или другое",
    class: "Класс текущего учебного года, например 5А",
    doc: Object.values(DOC_NAMES).join(", "),
    text: "Текст",
  };
  for (const c of COLUMNS[kind])
    notes.addRow({ t: c.required ? `${c.title} (обязательно)` : c.forNew ? `${c.title} (обязательно для новых)` : c.title, h: hint[c.type] });
  notes.addRow({});
  notes.addRow({
    t: "Важно",
    h: "Строка-пример (серым курсивом) перед загрузкой удалите. Строки сопоставляются по ФИО и дате рождения (сотрудники — также по логину); повторная загрузка того же файла ничего не меняет; пустые необязательные ячейки не стирают сохранённые данные.",
  });
  return bufferOf(wb);
}

const sexName = (s: Sex | null) => (s ? SEX_NAMES[s] : null);

/** The register as a sheet in the import layout (so that it imports back unchanged). */
export async function exportRegister(actor: Actor, kind: Kind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheetFor(wb, KIND_TITLES[kind], COLUMNS[kind]);
  const on = today();
  if (kind === "staff") {
    const staff = await prisma.staff.findMany({
      where: { schoolId: actor.schoolId, OR: [{ dismissedAt: null }, { dismissedAt: { gt: on } }] },
      include: {
        person: { include: { user: { select: { login: true } } } },
        positions: { orderBy: { fromDate: "asc" } },
        events: { where: { kind: "HIRE" }, orderBy: { date: "desc" }, take: 1 },
      },
    });
    staff.sort((a, b) => compareNames(a.person, b.person));
    for (const s of staff) {
      const pos = s.positions.find((p) => !p.toDate || p.toDate >= on) ?? s.positions.at(-1);
      const hire = s.events[0];
      ws.addRow({
        lastName: s.person.lastName,
        firstName: s.person.firstName,
        middleName: s.person.middleName,
        birthDate: s.person.birthDate,
        sex: sexName(s.person.sex),
        phone: s.person.phone,
        email: s.person.email,
        personnelNumber: s.personnelNumber,
        position: pos?.title ?? null,
        rate: pos ? Number(pos.rate) : null,
        hiredAt: s.hiredAt ?? hire?.date ?? null,
        orderNumber: hire?.orderNumber ?? null,
        orderDate: hire?.orderDate ?? null,
        login: s.person.user?.login ?? null,
      });
    }
  } else if (kind === "students") {
    const { year } = await currentClasses(prisma, actor.schoolId);
    const ms = year
      ? await prisma.classMembership.findMany({
          where: { schoolId: actor.schoolId, toDate: null, class: { yearId: year.id } },
          include: {
            class: true,
            student: {
              include: {
                person: { include: { profile: true } },
                movementOrders: { where: { kind: "ENROL", cancelledAt: null }, orderBy: { effectiveDate: "desc" } },
              },
            },
          },
        })
      : [];
    ms.sort((a, b) => a.class.grade - b.class.grade || a.class.letter.localeCompare(b.class.letter, "ru") || compareNames(a.student.person, b.student.person));
    for (const m of ms) {
      const p = m.student.person;
      const order = m.student.movementOrders.find((o) => o.toClassId === m.classId);
      const pr = p.profile;
      ws.addRow({
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: p.middleName,
        birthDate: p.birthDate,
        sex: sexName(p.sex),
        className: className(m.class),
        enrolDate: m.fromDate,
        orderNumber: order?.number ?? null,
        orderDate: order?.orderDate ?? null,
        phone: p.phone,
        email: p.email,
        registrationAddress: pr?.registrationAddress ?? null,
        actualAddress: pr?.actualAddress ?? null,
        docKind: pr?.docKind ? DOC_NAMES[pr.docKind as DocKind] : null,
        docSeries: pr?.docSeries ?? null,
        docNumber: pr?.docNumber ?? null,
        docIssuedBy: pr?.docIssuedBy ?? null,
        docIssuedAt: pr?.docIssuedAt ?? null,
        snils: pr?.snils ?? null,
      });
    }
  } else {
    const links = await prisma.parentLink.findMany({
      where: { schoolId: actor.schoolId },
      include: { parent: { include: { profile: true } }, student: { include: { person: true } } },
    });
    links.sort((a, b) => compareNames(a.parent, b.parent) || compareNames(a.student.person, b.student.person));
    for (const l of links) {
      const p = l.parent;
      const c = l.student.person;
      ws.addRow({
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: p.middleName,
        birthDate: p.birthDate,
        phone: p.phone,
        email: p.email,
        relation: RELATIONS[l.relation],
        workPlace: p.profile?.workPlace ?? null,
        workPosition: p.profile?.workPosition ?? null,
        "child.lastName": c.lastName,
        "child.firstName": c.firstName,
        "child.middleName": c.middleName,
        "child.birthDate": c.birthDate,
      });
    }
  }
  return bufferOf(wb);
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
  ms.forEach((m, i) =>
    ws.addRow([i + 1, fullName(m.student.person), m.student.person.birthDate, sexName(m.student.person.sex), m.student.person.phone, m.fromDate]),
  );
  ws.getColumn(2).width = 36;
  for (const c of [3, 6]) {
    ws.getColumn(c).width = 14;
    ws.getColumn(c).numFmt = "dd.mm.yyyy";
  }
  return { name: className(cls), data: await bufferOf(wb) };
}
