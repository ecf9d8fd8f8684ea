/**
 * The register «Родители» as a spreadsheet (R-REG-7, R-REG-2): its columns, the typed row, and how
 * rows are matched, planned and exported. A row links a parent to a child already in the school
 * (found by full name + birth date); the parent is found by full name + birth date, else by full
 * name with the same phone or an existing link to the child, else created (once per file).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import { personColumns, RELATIONS, type Column, type RowOf, type SheetValues } from "./imports.cells.ts";
import {
  changed,
  duplicateRows,
  given,
  keyOf,
  loadIndex,
  personOf,
  registerImporter,
  titleOf,
  updatePerson,
  type PersonName,
  type Plan,
  type Planner,
} from "./imports.plan.ts";

export const PARENT_COLUMNS = [
  ...personColumns(""),
  { key: "birthDate", title: "Дата рождения", type: "date", width: 14, birth: "parent" },
  { key: "phone", title: "Телефон", type: "text", max: 40, width: 16, example: "+7 900 000-00-00" },
  { key: "email", title: "Эл. почта", type: "text", max: 200, width: 20 },
  { key: "relation", title: "Кем приходится", type: "relation", required: true, width: 12, example: "мать" },
  { key: "workPlace", title: "Место работы", type: "text", max: 300, width: 24 },
  { key: "workPosition", title: "Должность", type: "text", max: 200, width: 18 },
  ...personColumns("child."),
  { key: "child.birthDate", title: "Ребёнок: дата рождения", type: "date", required: true, width: 14, example: "05.05.2015", birth: "pupil" },
] as const satisfies readonly Column[];

export type ParentRow = RowOf<typeof PARENT_COLUMNS>;

const PARENT_PROFILE = ["workPlace", "workPosition"] as const;

const title = (key: string) => titleOf(PARENT_COLUMNS, key);

const childOf = (v: ParentRow): PersonName => ({
  lastName: v["child.lastName"],
  firstName: v["child.firstName"],
  middleName: v["child.middleName"],
  birthDate: v["child.birthDate"],
});

const planParents: Planner<ParentRow> = async (db, ctx, rows) => {
  const plan: Plan = { items: [], errors: duplicateRows(rows, (r) => `${keyOf(r.v)}#${keyOf(childOf(r.v))}`, title("lastName")), steps: [] };
  /** Parents created by earlier rows of this file: key → person id (filled while writing). */
  const created = new Map<string, number>();
  const planned = new Set<string>();
  const index = await loadIndex(db, ctx.schoolId);
  for (const r of rows) {
    const v = r.v;
    const p = personOf(v);
    const label = `${fullName(p)} → ${fullName(childOf(v))}`;
    const child = index.same(childOf(v)).find((x) => x.student);
    if (!child) {
      plan.errors.push({ row: r.row, column: title("child.lastName"), message: "Ученик с такими ФИО и датой рождения не найден" });
      continue;
    }
    const studentId = child.student!.id;
    let parent = null;
    if (p.birthDate) parent = index.same(p)[0] ?? null;
    if (!parent) {
      const sameName = index.sameName(p);
      parent = sameName.find((x) => x.phone && v.phone && x.phone === v.phone) ?? null;
      parent ??= sameName.find((x) => index.linksOf(studentId).some((l) => l.parentId === x.id)) ?? null;
    }
    const relation = v.relation;
    const pKey = `${keyOf(p)}|${v.phone ?? ""}`;
    const profile = given(v, PARENT_PROFILE);
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
              phone: v.phone,
              email: v.email,
            },
          });
          if (Object.keys(profile).length) await tx.personProfile.create({ data: { ...profile, schoolId: ctx.schoolId, personId: person.id } });
          await audit(tx, {
            schoolId: ctx.schoolId,
            actorId: ctx.actorId,
            entity: "person",
            entityId: person.id,
            action: "create",
            newValue: { ...p, birthDate: p.birthDate ? isoDate(p.birthDate) : null, phone: v.phone, source: "импорт" },
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
    const pc = changed(PARENT_COLUMNS, v, full, ["phone", "email"]);
    const prc = changed(PARENT_COLUMNS, v, full.profile ?? {}, PARENT_PROFILE);
    const titles = [...pc.titles, ...prc.titles];
    if (!link) titles.push("связь с ребёнком");
    else if (link.relation !== relation) titles.push(title("relation"));
    plan.items.push({ row: r.row, label, action: titles.length ? "update" : "same", changes: titles });
    if (titles.length) {
      const before: Record<string, unknown> = { ...full, ...(full.profile ?? {}) };
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
};

/** Every parent link of the school, by parent and child name. */
async function exportParents(actor: Actor): Promise<SheetValues<typeof PARENT_COLUMNS>[]> {
  const links = await prisma.parentLink.findMany({
    where: { schoolId: actor.schoolId },
    include: { parent: { include: { profile: true } }, student: { include: { person: true } } },
  });
  links.sort((a, b) => compareNames(a.parent, b.parent) || compareNames(a.student.person, b.student.person));
  return links.map((l) => {
    const p = l.parent;
    const c = l.student.person;
    return {
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
    };
  });
}

export const parentsImporter = registerImporter(PARENT_COLUMNS, planParents, exportParents);
