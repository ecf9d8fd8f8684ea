/**
 * The register «Ученики» as a spreadsheet (R-REG-7, R-REG-3): its columns, the typed row, and how
 * rows are matched (full name + birth date), planned and exported. A student not in a class is
 * enrolled by an ENROL order of the movement book (new students in bulk); a transfer to another
 * class is not an import's business (the movement book does it by an order).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { birthDateProblem } from "../../lib/birth-dates.ts";
import { within } from "../../lib/dates.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { applyMovementOrder, enrolNewStudents, type NewEnrolment } from "../movement/movement.service.ts";
import { DOC_NAMES, personColumns, SEX_NAMES, type Column, type RowOf, type SheetValues } from "./imports.cells.ts";
import {
  changed,
  currentClasses,
  duplicateRows,
  given,
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

export const STUDENT_COLUMNS = [
  ...personColumns(""),
  { key: "birthDate", title: "Дата рождения", type: "date", required: true, width: 14, example: "05.05.2015", birth: "pupil" },
  { key: "sex", title: "Пол", type: "sex", width: 6, example: "ж" },
  { key: "className", title: "Класс", type: "class", required: true, width: 7, example: "5А" },
  { key: "enrolDate", title: "Дата зачисления", type: "date", required: true, width: 14, example: "01.09.2026" },
  { key: "orderNumber", title: "Номер приказа о зачислении", type: "text", max: 50, width: 12, example: "101-у" },
  { key: "orderDate", title: "Дата приказа о зачислении", type: "date", width: 14, example: "25.08.2026" },
  { key: "phone", title: "Телефон", type: "text", max: 40, width: 16 },
  { key: "email", title: "Эл. почта", type: "text", max: 200, width: 20 },
  { key: "registrationAddress", title: "Адрес регистрации", type: "text", max: 500, width: 30 },
  { key: "actualAddress", title: "Фактический адрес", type: "text", max: 500, width: 30 },
  { key: "docKind", title: "Документ", type: "doc", width: 22, example: "Свидетельство о рождении" },
  { key: "docSeries", title: "Серия документа", type: "text", max: 20, width: 10, example: "II-БО" },
  { key: "docNumber", title: "Номер документа", type: "text", max: 30, width: 12, example: "123456" },
  { key: "docIssuedBy", title: "Кем выдан", type: "text", max: 300, width: 26 },
  { key: "docIssuedAt", title: "Дата выдачи", type: "date", width: 14 },
  { key: "snils", title: "СНИЛС", type: "text", max: 20, width: 16 },
] as const satisfies readonly Column[];

export type StudentRow = RowOf<typeof STUDENT_COLUMNS>;

/** The columns kept in the person's profile. */
const STUDENT_PROFILE = ["registrationAddress", "actualAddress", "docKind", "docSeries", "docNumber", "docIssuedBy", "docIssuedAt", "snils"] as const;

const title = (key: string) => titleOf(STUDENT_COLUMNS, key);

const planStudents: Planner<StudentRow> = async (db, ctx, rows) => {
  const plan: Plan = { items: [], errors: duplicateRows(rows, (r) => keyOf(r.v), title("lastName")), steps: [] };
  const { year, byName } = await currentClasses(db, ctx.schoolId);
  const index = await loadIndex(db, ctx.schoolId);
  const newOnes: NewEnrolment[] = [];
  plan.steps.push(async (tx) => void (await enrolNewStudents(tx, ctx, newOnes)));
  for (const r of rows) {
    const v = r.v;
    const p = personOf(v);
    const label = fullName(p);
    const cls = byName.get(className(v.className));
    if (!cls || !year) {
      const message = year ? `Класса ${className(v.className)} нет в учебном году ${year.name}` : "В школе нет текущего учебного года";
      plan.errors.push({ row: r.row, column: title("className"), message });
      continue;
    }
    // Issue 23: the age must fit the class (the cell check above knows only the pupil range).
    const tooOld = birthDateProblem(v.birthDate, "pupil", { grade: cls.grade, on: v.enrolDate });
    if (tooOld) {
      plan.errors.push({ row: r.row, column: title("birthDate"), message: tooOld });
      continue;
    }
    const same = index.same(p).find((x) => x.student);
    const enrolInput = {
      kind: "ENROL" as const,
      number: v.orderNumber ?? "",
      orderDate: v.orderDate ?? v.enrolDate,
      effectiveDate: v.enrolDate,
      toClassId: cls.id,
      reason: null,
    };
    const needOrder = () => {
      if (!v.orderNumber) plan.errors.push({ row: r.row, column: title("orderNumber"), message: "Для зачисления нужен номер приказа" });
      if (!v.orderDate) plan.errors.push({ row: r.row, column: title("orderDate"), message: "Для зачисления нужна дата приказа" });
      if (!within(v.enrolDate, year.startDate, year.endDate))
        plan.errors.push({ row: r.row, column: title("enrolDate"), message: `Дата вне учебного года ${year.name}` });
    };
    const profile = given(v, STUDENT_PROFILE);
    if (!same) {
      needOrder();
      plan.items.push({ row: r.row, label, action: "create", changes: [`зачисление в ${className(cls)}`] });
      newOnes.push({
        person: { ...p, birthDate: v.birthDate, sex: v.sex, phone: v.phone, email: v.email },
        profile: Object.keys(profile).length ? profile : null,
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
    const pc = changed(STUDENT_COLUMNS, v, person, PERSON_FIELDS);
    const prc = changed(STUDENT_COLUMNS, v, person.profile ?? {}, STUDENT_PROFILE);
    const titles = [...pc.titles, ...prc.titles];
    let enrol = false;
    if (open && open.classId !== cls.id) {
      plan.errors.push({
        row: r.row,
        column: title("className"),
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
      const before: Record<string, unknown> = { ...person, ...(person.profile ?? {}) };
      plan.steps.push(async (tx) => {
        await updatePerson(tx, ctx, person.id, pc.data, prc.data, before);
        if (enrol) await applyMovementOrder(tx, ctx, { ...enrolInput, studentId });
      });
    }
  }
  return plan;
};

/** Students of the current year's classes (open memberships), by class and name, with their enrolment order. */
async function exportStudents(actor: Actor): Promise<SheetValues<typeof STUDENT_COLUMNS>[]> {
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
  return ms.map((m) => {
    const p = m.student.person;
    const order = m.student.movementOrders.find((o) => o.toClassId === m.classId);
    const pr = p.profile;
    return {
      lastName: p.lastName,
      firstName: p.firstName,
      middleName: p.middleName,
      birthDate: p.birthDate,
      sex: p.sex ? SEX_NAMES[p.sex] : null,
      className: className(m.class),
      enrolDate: m.fromDate,
      orderNumber: order?.number ?? null,
      orderDate: order?.orderDate ?? null,
      phone: p.phone,
      email: p.email,
      registrationAddress: pr?.registrationAddress ?? null,
      actualAddress: pr?.actualAddress ?? null,
      docKind: pr?.docKind ? DOC_NAMES[pr.docKind] : null,
      docSeries: pr?.docSeries ?? null,
      docNumber: pr?.docNumber ?? null,
      docIssuedBy: pr?.docIssuedBy ?? null,
      docIssuedAt: pr?.docIssuedAt ?? null,
      snils: pr?.snils ?? null,
    };
  });
}

export const studentsImporter = registerImporter(STUDENT_COLUMNS, planStudents, exportStudents);
