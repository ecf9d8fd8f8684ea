/**
 * Bulk enrolment (the spreadsheet import of students, R-REG-7): many new students with their
 * enrolment orders, with the same records as applyMovementOrder writes one by one.
 */
import type { Db, Prisma } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { className, fullName } from "../../lib/names.ts";
import { yearRangeError, type MovementChanges, type MovementContext } from "./movement.common.ts";
import type { NewStudentInput } from "./register-order.service.ts";
import { TEXT } from "./movement.text.ts";

export interface NewEnrolment {
  person: NewStudentInput & { phone: string | null; email: string | null };
  /** PersonProfile fields (addresses, identity document), or null. */
  profile: Omit<Prisma.PersonProfileCreateManyInput, "schoolId" | "personId"> | null;
  number: string;
  orderDate: Date;
  effectiveDate: Date;
  toClassId: number;
  reason: string | null;
}

const personKey = (p: { lastName: string; firstName: string; middleName: string | null; birthDate: Date | null }) =>
  [p.lastName, p.firstName, p.middleName ?? "", p.birthDate ? isoDate(p.birthDate) : ""].join("|").toLocaleLowerCase("ru").replace(/ё/g, "е").trim();

/**
 * Creates many new students and their enrolment orders inside the caller's transaction, with the
 * same records (membership from the date, an ENROL order with what it opened, audit entries) as
 * applyMovementOrder, in a few statements per 500 students. The students are new, so the
 * per-student checks reduce to the class, its year and the date; duplicates of existing students
 * (same full name and birth date) are refused. ValidationError { _form } on any problem.
 */
export async function enrolNewStudents(tx: Db, ctx: MovementContext, list: NewEnrolment[]): Promise<number> {
  if (!list.length) return 0;
  const { schoolId } = ctx;
  const classes = new Map(
    (await tx.schoolClass.findMany({ where: { schoolId, id: { in: [...new Set(list.map((e) => e.toClassId))] } }, include: { year: true } })).map((c) => [
      c.id,
      c,
    ]),
  );
  const existing = new Set(
    (
      await tx.person.findMany({
        where: { schoolId, student: { isNot: null } },
        select: { lastName: true, firstName: true, middleName: true, birthDate: true },
      })
    ).map(personKey),
  );
  const seen = new Set<string>();
  for (const e of list) {
    const cls = classes.get(e.toClassId);
    const key = personKey(e.person);
    if (!cls) throw new ValidationError({ _form: TEXT.classNotFound });
    if (cls.year.status === "CLOSED") throw new ValidationError({ _form: TEXT.closedYear(cls.year.name) });
    const bad = yearRangeError(cls.year, e.effectiveDate);
    if (bad) throw new ValidationError({ _form: `${fullName(e.person)}: ${bad}` });
    if (existing.has(key) || seen.has(key)) throw new ValidationError({ _form: `${fullName(e.person)}: ${TEXT.duplicateStudent}` });
    seen.add(key);
  }
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const persons = await tx.person.createManyAndReturn({
      data: chunk.map((e) => ({
        schoolId,
        lastName: e.person.lastName,
        firstName: e.person.firstName,
        middleName: e.person.middleName,
        birthDate: e.person.birthDate,
        sex: e.person.sex,
        phone: e.person.phone,
        email: e.person.email,
      })),
      select: { id: true, lastName: true, firstName: true, middleName: true, birthDate: true },
    });
    const personIdByKey = new Map(persons.map((p) => [personKey(p), p.id]));
    const personIds = chunk.map((e) => personIdByKey.get(personKey(e.person))!);
    const students = await tx.student.createManyAndReturn({
      data: personIds.map((personId) => ({ schoolId, personId })),
      select: { id: true, personId: true },
    });
    const studentByPerson = new Map(students.map((s) => [s.personId, s.id]));
    const profiles: Prisma.PersonProfileCreateManyInput[] = chunk.flatMap((e, j) =>
      e.profile && Object.keys(e.profile).length ? [{ ...e.profile, schoolId, personId: personIds[j]! }] : [],
    );
    if (profiles.length) await tx.personProfile.createMany({ data: profiles });
    const studentIds = personIds.map((id) => studentByPerson.get(id)!);
    const memberships = await tx.classMembership.createManyAndReturn({
      data: chunk.map((e, j) => ({ schoolId, studentId: studentIds[j]!, classId: e.toClassId, fromDate: e.effectiveDate })),
      select: { id: true, studentId: true },
    });
    const membershipByStudent = new Map(memberships.map((m) => [m.studentId, m.id]));
    const orders = await tx.movementOrder.createManyAndReturn({
      data: chunk.map((e, j) => ({
        schoolId,
        yearId: classes.get(e.toClassId)!.yearId,
        kind: "ENROL" as const,
        number: e.number,
        orderDate: e.orderDate,
        effectiveDate: e.effectiveDate,
        studentId: studentIds[j]!,
        toClassId: e.toClassId,
        reason: e.reason,
        createdById: ctx.actorId,
        changes: { closed: [], opened: [{ kind: "class", id: membershipByStudent.get(studentIds[j]!)! }] } satisfies MovementChanges,
      })),
      select: { id: true, studentId: true },
    });
    const orderByStudent = new Map(orders.map((o) => [o.studentId, o.id]));
    await tx.auditLog.createMany({
      data: chunk.flatMap((e, j) => {
        const cls = classes.get(e.toClassId)!;
        return [
          {
            schoolId,
            actorId: ctx.actorId,
            entity: "person",
            entityId: String(personIds[j]),
            action: "create",
            newValue: {
              lastName: e.person.lastName,
              firstName: e.person.firstName,
              middleName: e.person.middleName,
              birthDate: isoDate(e.person.birthDate),
              sex: e.person.sex,
              studentId: studentIds[j],
            },
          },
          {
            schoolId,
            actorId: ctx.actorId,
            entity: "movement-order",
            entityId: String(orderByStudent.get(studentIds[j]!)),
            action: "create",
            newValue: {
              kind: "ENROL",
              number: e.number,
              orderDate: isoDate(e.orderDate),
              effectiveDate: isoDate(e.effectiveDate),
              studentId: studentIds[j],
              fromClass: null,
              toClass: className(cls),
              reason: e.reason,
            },
          },
        ];
      }),
    });
  }
  return list.length;
}
