/**
 * The register «Сотрудники» as a spreadsheet (R-REG-7, R-REG-5): its columns, the typed row, and
 * how rows are matched (by login when given, else by full name + birth date), planned and exported.
 * A new employee is hired by an order (the position and the hire order are then required).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import { hireStaff } from "../staff/staff.service.ts";
import { personColumns, SEX_NAMES, type CellValue, type Column, type RowOf, type SheetValues } from "./imports.cells.ts";
import {
  changed,
  duplicateRows,
  keyOf,
  loadIndex,
  personOf,
  registerImporter,
  titleOf,
  updatePerson,
  PERSON_FIELDS,
  type Plan,
  type Planner,
} from "./imports.plan.ts";

export const STAFF_COLUMNS = [
  ...personColumns(""),
  { key: "birthDate", title: "Дата рождения", type: "date", required: true, width: 14, example: "12.03.1985", birth: "staff" },
  { key: "sex", title: "Пол", type: "sex", width: 6, example: "ж" },
  { key: "phone", title: "Телефон", type: "text", max: 40, width: 16, example: "+7 900 000-00-00" },
  { key: "email", title: "Эл. почта", type: "text", max: 200, width: 20 },
  { key: "personnelNumber", title: "Табельный номер", type: "text", max: 30, width: 10 },
  { key: "position", title: "Должность", type: "text", forNew: true, max: 200, width: 26, example: "Учитель математики" },
  { key: "rate", title: "Ставка", type: "rate", forNew: true, width: 8, example: 1 },
  { key: "hiredAt", title: "Дата приёма", type: "date", forNew: true, width: 14, example: "01.09.2026" },
  { key: "orderNumber", title: "Номер приказа о приёме", type: "text", forNew: true, max: 50, width: 12, example: "45-к" },
  { key: "orderDate", title: "Дата приказа о приёме", type: "date", forNew: true, width: 14, example: "28.08.2026" },
  { key: "login", title: "Логин", type: "text", max: 100, width: 14 },
] as const satisfies readonly Column[];

export type StaffRow = RowOf<typeof STAFF_COLUMNS>;

const title = (key: string) => titleOf(STAFF_COLUMNS, key);

const planStaff: Planner<StaffRow> = async (db, ctx, rows) => {
  const plan: Plan = { items: [], errors: duplicateRows(rows, (r) => (r.v.login ? `login:${r.v.login}` : keyOf(r.v)), title("lastName")), steps: [] };
  const index = await loadIndex(db, ctx.schoolId);
  for (const r of rows) {
    const v = r.v;
    const p = personOf(v);
    const label = fullName(p);
    // Matched by login when given (it must be the same person), else by full name and birth date.
    const person = v.login ? index.byLogin(v.login) : (index.same(p).find((x) => x.staff) ?? null);
    if (v.login && !person) {
      plan.errors.push({ row: r.row, column: title("login"), message: "Пользователь с таким логином не найден" });
      continue;
    }
    if (v.login && person && keyOf({ ...person, birthDate: null }) !== keyOf({ ...p, birthDate: null })) {
      plan.errors.push({ row: r.row, column: title("login"), message: `Логин принадлежит человеку ${fullName(person)}` });
      continue;
    }
    if (!person?.staff) {
      const cells: Record<string, CellValue | null> = v;
      const cols: readonly Column[] = STAFF_COLUMNS;
      const missing = cols.filter((c) => c.forNew && (cells[c.key] === null || cells[c.key] === undefined));
      for (const c of missing) plan.errors.push({ row: r.row, column: c.title, message: "Для нового сотрудника обязательно" });
      const { position, rate, hiredAt, orderNumber, orderDate } = v;
      if (position === null || rate === null || hiredAt === null || orderNumber === null || orderDate === null) continue;
      plan.items.push({ row: r.row, label, action: "create", changes: [] });
      const input = {
        ...p,
        birthDate: v.birthDate,
        sex: v.sex,
        phone: v.phone,
        email: v.email,
        personnelNumber: v.personnelNumber,
        serviceSince: null,
        teachingSince: null,
        position,
        rate,
        orderNumber,
        orderDate,
        date: hiredAt,
      };
      plan.steps.push(async (tx) => void (await hireStaff(ctx, input, tx)));
      continue;
    }
    const pc = changed(STAFF_COLUMNS, v, person, PERSON_FIELDS);
    const sc = changed(STAFF_COLUMNS, v, person.staff, ["personnelNumber"]);
    const titles = [...pc.titles, ...sc.titles];
    plan.items.push({ row: r.row, label, action: titles.length ? "update" : "same", changes: titles });
    if (titles.length) {
      const staffId = person.staff.id;
      const personId = person.id;
      const before: Record<string, unknown> = { ...person, ...person.staff };
      plan.steps.push(async (tx) => {
        await updatePerson(tx, ctx, personId, pc.data, {}, before);
        if (Object.keys(sc.data).length) await tx.staff.update({ where: { id: staffId }, data: sc.data });
      });
    }
  }
  return plan;
};

/** Current staff (hired and not dismissed by today), alphabetical, with the position of today and the hire order. */
async function exportStaff(actor: Actor): Promise<SheetValues<typeof STAFF_COLUMNS>[]> {
  const on = today();
  const staff = await prisma.staff.findMany({
    where: { schoolId: actor.schoolId, OR: [{ dismissedAt: null }, { dismissedAt: { gt: on } }] },
    include: {
      person: { include: { user: { select: { login: true } } } },
      positions: { orderBy: { fromDate: "asc" } },
      events: { where: { kind: "HIRE" }, orderBy: { date: "desc" }, take: 1 },
    },
  });
  staff.sort((a, b) => compareNames(a.person, b.person));
  return staff.map((s) => {
    const pos = s.positions.find((p) => !p.toDate || p.toDate >= on) ?? s.positions.at(-1);
    const hire = s.events[0];
    return {
      lastName: s.person.lastName,
      firstName: s.person.firstName,
      middleName: s.person.middleName,
      birthDate: s.person.birthDate,
      sex: s.person.sex ? SEX_NAMES[s.person.sex] : null,
      phone: s.person.phone,
      email: s.person.email,
      personnelNumber: s.personnelNumber,
      position: pos?.title ?? null,
      rate: pos ? Number(pos.rate) : null,
      hiredAt: s.hiredAt ?? hire?.date ?? null,
      orderNumber: hire?.orderNumber ?? null,
      orderDate: hire?.orderDate ?? null,
      login: s.person.user?.login ?? null,
    };
  });
}

export const staffImporter = registerImporter(STAFF_COLUMNS, planStaff, exportStaff);
