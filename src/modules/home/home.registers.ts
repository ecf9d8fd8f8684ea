/**
 * The registers' pending work, for whoever keeps them (each item asks the catalogue):
 *  - consents (R-SEC-6): current pupils without a valid consent to personal-data processing, the
 *    newest first, and how many of their parents lack one;
 *  - logins (R-SEC-8): pupils and parents with a consent and no account yet;
 *  - the movement book (R-REG-3): orders of the last days;
 *  - imports (R-REG-7): the user's uploads not applied yet;
 *  - the personnel register (R-REG-5): staff orders of the last days, qualification categories that
 *    end within three months, teachers without professional training in three years;
 *  - medical records (R-ACL-5): pupils without a health group; pupils ill today (R-ACL-7);
 *  - social records (R-ACL-6): new pupils without the social-pedagogical section;
 *  - today's changes of the timetable (rooms, substitutes, cancellations), for the staff who see rooms.
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach } from "../../access/policy.ts";
import type { MovementKind, StaffEventKind, TimetableChangeKind } from "../../generated/prisma/enums.ts";
import { isoDate } from "../../lib/dates.ts";
import { className, fullName, shortName, type NameParts } from "../../lib/names.ts";
import { HomeQuery, NOW, day, list, ms, obj } from "./home.query.ts";
import { CHANGE_KINDS, MOVEMENT_KINDS, STAFF_EVENTS, dayMonth } from "./home.text.ts";

/** Orders of this many days back count as recent. */
export const RECENT_DAYS = 7;
/** A pupil is new this many days after the first day in the school. */
export const NEW_PUPIL_DAYS = 60;
/** Qualification categories ending within this many days. */
export const CATEGORY_DAYS = 90;
/** Professional training is due every this many years. */
export const TRAINING_YEARS = 3;
/** Names listed per item at most (the rest are counted). */
export const SHOWN = 5;

interface Pupil extends NameParts {
  studentId: number;
  grade: number;
  letter: string;
  since: string;
}

export interface PupilItem {
  name: string;
  className: string;
  since: Date;
  url: string;
}

export interface RegistersHome {
  consent: { students: number; list: PupilItem[]; parents: number } | null;
  logins: { ready: number; url: string } | null;
  orders: { total: number; list: { number: string; kind: string; date: Date; name: string; url: string }[] } | null;
  uploads: { fileName: string; kind: string; at: Date; url: string }[] | null;
  staff: {
    orders: { kind: string; number: string; date: Date; name: string; url: string }[];
    categories: { name: string; until: Date; expired: boolean; url: string }[];
    training: { total: number; list: { name: string; last: Date | null; url: string }[] };
  } | null;
  medical: { total: number; list: PupilItem[] } | null;
  ill: { students: number; classes: { name: string; students: number }[]; url: string } | null;
  social: { total: number; list: PupilItem[] } | null;
  changes: { total: number; list: { kind: string; number: number | null; className: string; subject: string; detail: string | null }[]; url: string } | null;
}

/** The current pupils: class today, first day in the school, name. */
const PUPILS = `
  SELECT DISTINCT ON (m."studentId") m."studentId", st."personId", c.grade, c.letter, p."lastName", p."firstName", p."middleName", e.since
    FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId" AND c."yearId" = $6
    JOIN "Student" st ON st.id = m."studentId" JOIN "Person" p ON p.id = st."personId"
    JOIN (SELECT e."studentId", min(e."fromDate") AS since FROM "ClassMembership" e WHERE e."schoolId" = $1 GROUP BY 1) e ON e."studentId" = m."studentId"
   WHERE m."schoolId" = $1 AND m."fromDate" <= $2::date AND (m."toDate" IS NULL OR m."toDate" >= $2::date)
   ORDER BY m."studentId", m."fromDate" DESC`;
const CONSENTED = (person: string) => `EXISTS (SELECT 1 FROM "PersonalDataConsent" pc WHERE pc."personId" = ${person} AND pc."revokedAt" IS NULL)`;
/** The newest pupils matching a condition: their JSON list (SHOWN of them) and count. */
const pupilList = (where: string) =>
  `SELECT json_build_object('total', (SELECT count(*)::int FROM pupils x WHERE ${where}),
            'list', (SELECT json_agg(y) FROM (SELECT * FROM pupils x WHERE ${where} ORDER BY x.since DESC, x."lastName", x."firstName", x."studentId" LIMIT ${SHOWN}) y))`;
const PERSON = (p: string) => `json_build_object('lastName', ${p}."lastName", 'firstName', ${p}."firstName", 'middleName', ${p}."middleName")`;

/** Adds the registers' columns the actor may see; null when none. */
export function registersBlock(q: HomeQuery, actor: Actor) {
  const show = {
    consent: reach(actor, "update", "consent").all,
    logins: reach(actor, "create", "account-issue").all,
    orders: reach(actor, "view", "movement").all,
    uploads: can(actor, "view", "import-staff") || can(actor, "view", "import-students"),
    staff: reach(actor, "view", "staff-file").all,
    medical: reach(actor, "update", "student-medical").all,
    ill: reach(actor, "update", "student-medical").all && reach(actor, "view", "attendance-report").all,
    social: reach(actor, "update", "student-social").all,
    changes: can(actor, "view", "room") && can(actor, "view", "timetable"),
  };
  if (!Object.values(show).some(Boolean)) return null;
  if (show.consent || show.logins || show.medical || show.social) q.cte("pupils", PUPILS);
  if (show.consent)
    q.column(
      "regConsent",
      `SELECT json_build_object('students', t, 'parents', (SELECT count(DISTINCT pl."parentId")::int FROM pupils x JOIN "ParentLink" pl ON pl."studentId" = x."studentId"
                                                           WHERE NOT ${CONSENTED('pl."parentId"')}))
         FROM (${pupilList(`NOT ${CONSENTED('x."personId"')}`)}) s(t)`,
    );
  if (show.logins)
    q.column(
      "regLogins",
      `SELECT count(*)::int FROM (SELECT x."personId" FROM pupils x UNION SELECT pl."parentId" FROM pupils x JOIN "ParentLink" pl ON pl."studentId" = x."studentId") t
        WHERE ${CONSENTED('t."personId"')} AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."personId" = t."personId")`,
    );
  if (show.orders)
    q.column(
      "regOrders",
      `SELECT json_build_object('total', (SELECT count(*)::int FROM "MovementOrder" o WHERE o."schoolId" = $1 AND o."cancelledAt" IS NULL
                                                  AND o."orderDate" BETWEEN $2::date - ${RECENT_DAYS} AND $2::date),
                'list', (SELECT json_agg(y) FROM (
                           SELECT o.id, o.number, o.kind, o."orderDate" AS date, ${PERSON("p")} AS person
                             FROM "MovementOrder" o JOIN "Student" st ON st.id = o."studentId" JOIN "Person" p ON p.id = st."personId"
                            WHERE o."schoolId" = $1 AND o."cancelledAt" IS NULL AND o."orderDate" BETWEEN $2::date - ${RECENT_DAYS} AND $2::date
                            ORDER BY o."orderDate" DESC, o.id DESC LIMIT ${SHOWN}) y))`,
    );
  if (show.uploads)
    q.column(
      "regUploads",
      `SELECT json_agg(json_build_object('id', u.id, 'fileName', u."fileName", 'kind', u.kind, 'at', ${ms('u."createdAt"')}) ORDER BY u."createdAt" DESC)
         FROM "ImportUpload" u WHERE u."schoolId" = $1 AND u."userId" = $3 AND u."appliedAt" IS NULL AND u."createdAt" > ${NOW} - interval '${RECENT_DAYS} days'`,
    );
  if (show.staff)
    q.column(
      "regStaff",
      `WITH cur AS (SELECT s.id, s."personId" FROM "Staff" s WHERE s."schoolId" = $1 AND (s."dismissedAt" IS NULL OR s."dismissedAt" >= $2::date)),
            cat AS (SELECT DISTINCT ON (q."staffId") q."staffId", q."validUntil" FROM "StaffQualification" q
                     WHERE q."schoolId" = $1 AND q."staffId" IN (SELECT id FROM cur) ORDER BY q."staffId", q."assignedAt" DESC, q.id DESC),
            teachers AS (SELECT cur.id, cur."personId", (SELECT max(t."toDate") FROM "StaffTraining" t WHERE t."staffId" = cur.id) AS last
                           FROM cur WHERE EXISTS (SELECT 1 FROM "TeachingLoad" l WHERE l."teacherId" = cur."personId" AND l."yearId" = $6))
       SELECT json_build_object(
         'orders', (SELECT json_agg(y) FROM (
                      SELECT e."staffId", e.kind, e."orderNumber" AS number, e."orderDate" AS date, ${PERSON("p")} AS person
                        FROM "StaffEvent" e JOIN "Staff" s ON s.id = e."staffId" JOIN "Person" p ON p.id = s."personId"
                       WHERE e."schoolId" = $1 AND e."orderDate" BETWEEN $2::date - ${RECENT_DAYS} AND $2::date
                       ORDER BY e."orderDate" DESC, e.id DESC LIMIT ${SHOWN}) y),
         'categories', (SELECT json_agg(y) FROM (
                          SELECT cat."staffId", cat."validUntil" AS until, ${PERSON("p")} AS person
                            FROM cat JOIN "Staff" s ON s.id = cat."staffId" JOIN "Person" p ON p.id = s."personId"
                           WHERE cat."validUntil" BETWEEN $2::date - 365 AND $2::date + ${CATEGORY_DAYS}
                           ORDER BY cat."validUntil", p."lastName" LIMIT ${SHOWN}) y),
         'trainingTotal', (SELECT count(*)::int FROM teachers t WHERE t.last IS NULL OR t.last < $2::date - interval '${TRAINING_YEARS} years'),
         'training', (SELECT json_agg(y) FROM (
                        SELECT t.id AS "staffId", t.last, ${PERSON("p")} AS person
                          FROM teachers t JOIN "Person" p ON p.id = t."personId"
                         WHERE t.last IS NULL OR t.last < $2::date - interval '${TRAINING_YEARS} years'
                         ORDER BY t.last NULLS FIRST, p."lastName", p."firstName" LIMIT ${SHOWN}) y))`,
    );
  if (show.medical)
    q.column("regMedical", pupilList(`NOT EXISTS (SELECT 1 FROM "StudentMedical" md WHERE md."studentId" = x."studentId" AND md."healthGroup" IS NOT NULL)`));
  if (show.ill)
    q.column(
      "regIll",
      `SELECT json_agg(y ORDER BY y.grade, y.letter) FROM (
         SELECT c.grade, c.letter, count(DISTINCT a."studentId")::int AS students
           FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId"
           -- Today's lessons, then each one's entries by its index (OFFSET 0 keeps the planner from hashing the whole table).
           CROSS JOIN LATERAL (SELECT a."studentId" FROM "Attendance" a WHERE a."lessonId" = l.id AND a.code = 'ILL' OFFSET 0) a
          WHERE l."schoolId" = $1 AND l.date = $2::date GROUP BY c.id) y`,
    );
  if (show.social)
    q.column(
      "regSocial",
      pupilList(`x.since >= $2::date - ${NEW_PUPIL_DAYS} AND NOT EXISTS (SELECT 1 FROM "StudentSocial" so WHERE so."studentId" = x."studentId")`),
    );
  if (show.changes)
    q.column(
      "regChanges",
      `SELECT json_agg(json_build_object('kind', ch.kind, 'number', e.number, 'newNumber', ch."newNumber", 'grade', c.grade, 'letter', c.letter,
                                         'subject', s.name, 'room', r.name, 'substitute', CASE WHEN sp.id IS NULL THEN NULL ELSE ${PERSON("sp")} END,
                                         'newDate', ch."newDate")
                       ORDER BY c.grade, c.letter, e.number, ch.id)
         FROM "TimetableChange" ch JOIN "TimetableEntry" e ON e.id = ch."entryId" JOIN "SchoolClass" c ON c.id = e."classId"
         JOIN "Subject" s ON s.id = e."subjectId" LEFT JOIN "Room" r ON r.id = ch."roomId" LEFT JOIN "Person" sp ON sp.id = ch."substituteId"
        WHERE ch."schoolId" = $1 AND (ch.date = $2::date OR (ch.kind = 'MOVE' AND ch."newDate" = $2::date))`,
    );
  return (row: Record<string, unknown>): RegistersHome => read(row, show, q.day);
}

type PupilRows = { total: number; list: Pupil[] | null };

function pupils(p: PupilRows | null, url: (id: number) => string): { total: number; list: PupilItem[] } {
  return {
    total: p?.total ?? 0,
    list: (p?.list ?? []).map((x) => ({ name: fullName(x), className: className(x), since: day(x.since), url: url(x.studentId) })),
  };
}

function read(row: Record<string, unknown>, show: Record<keyof RegistersHome, boolean>, today: Date): RegistersHome {
  const consent = obj<{ students: PupilRows; parents: number }>(row.regConsent);
  const orders = obj<{ total: number; list: { id: number; number: string; kind: MovementKind; date: string; person: NameParts }[] | null }>(row.regOrders);
  type StaffRow = { staffId: number; person: NameParts };
  const staff = obj<{
    orders: (StaffRow & { kind: StaffEventKind; number: string; date: string })[] | null;
    categories: (StaffRow & { until: string })[] | null;
    trainingTotal: number;
    training: (StaffRow & { last: string | null })[] | null;
  }>(row.regStaff);
  const ill = list<{ grade: number; letter: string; students: number }>(row.regIll);
  type Change = {
    kind: TimetableChangeKind;
    number: number | null;
    newNumber: number | null;
    grade: number;
    letter: string;
    subject: string;
    room: string | null;
    substitute: NameParts | null;
    newDate: string | null;
  };
  const changes = list<Change>(row.regChanges);
  const staffUrl = (id: number) => `/staff/${id}`;
  return {
    consent: show.consent ? { ...withStudents(pupils(consent?.students ?? null, (id) => `/students/${id}#consent`)), parents: consent?.parents ?? 0 } : null,
    logins: show.logins ? { ready: Number(row.regLogins ?? 0), url: "/students/accounts" } : null,
    orders: show.orders
      ? {
          total: orders?.total ?? 0,
          list: (orders?.list ?? []).map((o) => ({
            number: o.number,
            kind: MOVEMENT_KINDS[o.kind],
            date: day(o.date),
            name: fullName(o.person),
            url: `/movement/${o.id}`,
          })),
        }
      : null,
    uploads: show.uploads
      ? list<{ id: number; fileName: string; kind: string; at: number }>(row.regUploads).map((u) => ({
          fileName: u.fileName,
          kind: u.kind,
          at: new Date(Number(u.at)),
          url: `/imports/${u.id}`,
        }))
      : null,
    staff: show.staff
      ? {
          orders: (staff?.orders ?? []).map((e) => ({
            kind: STAFF_EVENTS[e.kind],
            number: e.number,
            date: day(e.date),
            name: fullName(e.person),
            url: staffUrl(e.staffId),
          })),
          categories: (staff?.categories ?? []).map((c) => ({
            name: fullName(c.person),
            until: day(c.until),
            expired: day(c.until) < today,
            url: staffUrl(c.staffId),
          })),
          training: {
            total: staff?.trainingTotal ?? 0,
            list: (staff?.training ?? []).map((t) => ({ name: fullName(t.person), last: t.last ? day(t.last) : null, url: staffUrl(t.staffId) })),
          },
        }
      : null,
    medical: show.medical ? pupils(obj<PupilRows>(row.regMedical), (id) => `/students/${id}/medical`) : null,
    ill: show.ill
      ? {
          students: ill.reduce((n, c) => n + c.students, 0),
          classes: ill.map((c) => ({ name: className(c), students: c.students })),
          url: `/reports/attendance?month=${isoDate(today).slice(0, 7)}`,
        }
      : null,
    social: show.social ? pupils(obj<PupilRows>(row.regSocial), (id) => `/students/${id}/social`) : null,
    changes: show.changes
      ? {
          total: changes.length,
          list: changes.slice(0, 8).map((c) => ({
            kind: CHANGE_KINDS[c.kind],
            number: c.number,
            className: className(c),
            subject: c.subject,
            detail:
              c.kind === "ROOM"
                ? (c.room ?? null)
                : c.kind === "SUBSTITUTE" && c.substitute
                  ? shortName(c.substitute)
                  : c.kind === "MOVE" && c.newDate
                    ? `на ${dayMonth(day(c.newDate))}${c.newNumber ? `, ${c.newNumber}-й урок` : ""}`
                    : null,
          })),
          url: `/schedule/changes?date=${isoDate(today)}`,
        }
      : null,
  };
}

function withStudents(p: { total: number; list: PupilItem[] }) {
  return { students: p.total, list: p.list };
}
