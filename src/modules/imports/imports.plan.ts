/**
 * Comparing checked sheet rows with the database (R-REG-7), shared by the three importers: each row
 * becomes «новый», «изменения: …» or «без изменений», with the steps that write it. Rows are matched
 * by full name + birth date (ё = е, any case); empty optional cells are not changes.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import type { Db } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { className } from "../../lib/names.ts";
import type { Sex } from "../../generated/prisma/enums.ts";
import type { CellValue, Column, DocKind, RowOf, SheetRow, SheetValues } from "./imports.cells.ts";
import { readSheet, type RowError } from "./imports.sheet.ts";

export type Ctx = { schoolId: number; actorId: number | null };

export interface PlanItem {
  row: number;
  label: string;
  action: "create" | "update" | "same";
  changes: string[];
}

export interface Plan {
  items: PlanItem[];
  errors: RowError[];
  /** Writes the planned changes; run in order inside one transaction. */
  steps: ((tx: Db) => Promise<void>)[];
}

/** Plans a register's checked rows against the database (nothing is written). */
export type Planner<R> = (db: Db, ctx: Ctx, rows: SheetRow<R>[]) => Promise<Plan>;

export interface PersonName {
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: Date | null;
}

/** The full name and birth date of a row (and nothing else of it, so that it may be spread into a new person). */
export const personOf = (v: PersonName): PersonName => ({ lastName: v.lastName, firstName: v.firstName, middleName: v.middleName, birthDate: v.birthDate });

/** The row's values of these keys that are given (not empty). */
export function given<R, K extends keyof R>(row: R, keys: readonly K[]): Partial<Pick<R, K>> {
  const out: Partial<Pick<R, K>> = {};
  for (const k of keys) if (row[k] !== null && row[k] !== undefined) out[k] = row[k];
  return out;
}

/** The column's title (for messages), by key. */
export const titleOf = (cols: readonly Column[], key: string) => cols.find((c) => c.key === key)?.title ?? key;

/** A cell value as stored text, for comparing and the audit log. */
export const str = (v: CellValue | null | undefined) =>
  v === null || v === undefined ? null : v instanceof Date ? isoDate(v) : typeof v === "object" ? `${v.grade}${v.letter}` : String(v);

/** A stored value as text, for comparing with a cell. */
const storedText = (v: unknown) => (v instanceof Date ? isoDate(v) : typeof v === "string" || typeof v === "number" ? String(v) : null);

/** Full name and birth date as one matching key (ё = е, any case). */
export const keyOf = (p: PersonName) =>
  [p.lastName, p.firstName, p.middleName ?? "", p.birthDate ? isoDate(p.birthDate) : ""].join("|").toLocaleLowerCase("ru").replace(/ё/g, "е");

/** Fields given in the row that differ from the stored ones: { key: new value } and their column titles. Empty cells are not changes. */
export function changed<R extends Record<K, CellValue | null>, K extends string>(
  cols: readonly Column[],
  row: R,
  stored: { [k in NoInfer<K>]?: unknown },
  keys: readonly K[],
): { data: Partial<Pick<R, K>>; titles: string[] } {
  const data: Partial<Pick<R, K>> = {};
  const titles: string[] = [];
  for (const k of keys) {
    const value = row[k];
    if (value === null || value === undefined) continue;
    if (storedText(stored[k]) === str(value)) continue;
    data[k] = value;
    titles.push(titleOf(cols, k));
  }
  return { data, titles };
}

/** Person fields an import may change. */
export interface PersonPatch {
  sex?: Sex | null;
  phone?: string | null;
  email?: string | null;
}
export const PERSON_FIELDS = ["sex", "phone", "email"] as const;

/** PersonProfile fields an import may change. */
export interface ProfilePatch {
  registrationAddress?: string | null;
  actualAddress?: string | null;
  docKind?: DocKind | null;
  docSeries?: string | null;
  docNumber?: string | null;
  docIssuedBy?: string | null;
  docIssuedAt?: Date | null;
  snils?: string | null;
  workPlace?: string | null;
  workPosition?: string | null;
}

/**
 * The school's people loaded once per check (a 1000-row file must not cost thousands of queries):
 * by full name + birth date, by full name alone, open class memberships, parent links, logins.
 */
export async function loadIndex(db: Db, schoolId: number) {
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
    same: (p: PersonName) => byKey.get(keyOf(p)) ?? [],
    sameName: (p: PersonName) => byName.get(keyOf({ ...p, birthDate: null })) ?? [],
    byLogin: (login: string) => byLogin.get(login.toLowerCase()) ?? null,
    open: (studentId: number) => openByStudent.get(studentId) ?? null,
    link: (parentId: number, studentId: number) => link.get(`${parentId}:${studentId}`) ?? null,
    linksOf: (studentId: number) => links.filter((l) => l.studentId === studentId),
    byId: (id: number) => persons.find((p) => p.id === id) ?? null,
  };
}

/** Writes changed person and profile fields of an existing person, audited (old → new). */
export async function updatePerson(tx: Db, ctx: Ctx, personId: number, personData: PersonPatch, profileData: ProfilePatch, before: Record<string, unknown>) {
  if (Object.keys(personData).length) await tx.person.update({ where: { id: personId }, data: personData });
  if (Object.keys(profileData).length)
    await tx.personProfile.upsert({
      where: { personId },
      create: { ...profileData, schoolId: ctx.schoolId, personId },
      update: profileData,
    });
  const all: Record<string, CellValue | null | undefined> = { ...personData, ...profileData };
  const old = (k: string) => {
    const v = before[k];
    return v instanceof Date ? isoDate(v) : (v ?? null);
  };
  if (Object.keys(all).length)
    await audit(tx, {
      schoolId: ctx.schoolId,
      actorId: ctx.actorId,
      entity: "person",
      entityId: personId,
      action: "import-update",
      oldValue: Object.fromEntries(Object.keys(all).map((k) => [k, old(k)])),
      newValue: Object.fromEntries(Object.entries(all).map(([k, x]) => [k, str(x)])),
    });
}

/** «Повторяет строку N» for rows whose key an earlier row of the file already had. */
export function duplicateRows<R>(rows: SheetRow<R>[], key: (r: SheetRow<R>) => string, column: string): RowError[] {
  const seen = new Map<string, number>();
  const errors: RowError[] = [];
  for (const r of rows) {
    const k = key(r);
    const first = seen.get(k);
    if (first) errors.push({ row: r.row, column, message: `Повторяет строку ${first}` });
    else seen.set(k, r.row);
  }
  return errors;
}

/** The current year and its classes by name («5А»). */
export async function currentClasses(db: Db, schoolId: number) {
  const year = await db.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } });
  const classes = year ? await db.schoolClass.findMany({ where: { schoolId, yearId: year.id } }) : [];
  return { year, byName: new Map(classes.map((c) => [className(c), c])) };
}

/** A register's preview of an uploaded file: rows read, row errors (by row), the planned rows and the steps that write them. */
export interface Preview {
  rows: number;
  errors: RowError[];
  items: PlanItem[];
  steps: Plan["steps"];
}

/** One register's import and export, whatever its row type. */
export interface RegisterImporter {
  columns: readonly Column[];
  /** Reads and checks a file against the database; nothing is written. */
  preview(db: Db, ctx: Ctx, data: Buffer): Promise<Preview>;
  /** The register's rows in the import layout (so that they import back unchanged). */
  exportRows(actor: Actor): Promise<object[]>;
}

/** A register's importer from its columns, its planner of typed rows and its export. */
export function registerImporter<C extends readonly Column[]>(
  columns: C,
  plan: Planner<RowOf<C>>,
  exportRows: (actor: Actor) => Promise<SheetValues<C>[]>,
): RegisterImporter {
  return {
    columns,
    async preview(db, ctx, data) {
      const sheet = await readSheet(columns, data);
      const planned = sheet.errors.some((e) => e.row <= 1) ? { items: [], errors: [], steps: [] } : await plan(db, ctx, sheet.rows);
      const errors = [...sheet.errors, ...planned.errors].sort((a, b) => a.row - b.row);
      return { rows: sheet.count, errors, items: planned.items, steps: planned.steps };
    },
    exportRows,
  };
}
