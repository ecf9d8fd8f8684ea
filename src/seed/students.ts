/**
 * Personal-file data for a seeded school (addresses, identity documents, consents, a few medical
 * rows and achievements), deterministic: the same school gives the same data. Idempotent: people
 * who already have a profile are left as they are. Called by seedDemo after the journal.
 *
 * Consent (R-SEC-6): the seed plan leaves every 7th family without consent and without logins
 * (plan-accounts.ts personsWithoutConsent), since a login is issued only after consent. So here a
 * pupil or parent has consented exactly when they have a login; the «Выдача логинов» page then lists
 * those families as skipped, and nobody gets a new login from the seed.
 */
import { prisma } from "../lib/db.ts";
import { addDays, today } from "../lib/dates.ts";

const STREETS = ["ул. Ленина", "ул. Советская", "ул. Школьная", "ул. Садовая", "пр-т Мира", "ул. Гагарина", "ул. Молодёжная", "ул. Лесная"];
const WORK = [
  ["ГБУЗ «Городская больница № 1»", "врач"],
  ["ООО «Ромашка»", "менеджер"],
  ["АО «Энергосбыт»", "инженер"],
  ["МБДОУ «Детский сад № 5»", "воспитатель"],
  ["ИП Смирнов", "водитель"],
  ["ПАО «Сбербанк»", "специалист"],
] as const;
const HEALTH = ["I", "II", "II", "II", "III"] as const;

export interface StudentFilesSeedCounts {
  profiles: number;
  consents: number;
  medical: number;
  notes: number;
}

export async function seedStudentFiles(schoolId: number): Promise<StudentFilesSeedCounts> {
  const counts: StudentFilesSeedCounts = { profiles: 0, consents: 0, medical: 0, notes: 0 };
  const students = await prisma.student.findMany({
    where: { schoolId },
    include: {
      person: { include: { profile: { select: { id: true } }, user: { select: { id: true } } } },
      parentLinks: { include: { parent: { include: { profile: { select: { id: true } }, user: { select: { id: true } } } } } },
    },
    orderBy: { id: "asc" },
  });
  const admin = await prisma.user.findFirst({ where: { schoolId, roles: { some: { role: "ADMIN" } } }, orderBy: { id: "asc" }, select: { id: true } });
  const seenParents = new Set<number>();
  await prisma.$transaction(
    async (tx) => {
      for (const [i, st] of students.entries()) {
        const address = `г. Тверь, ${STREETS[i % STREETS.length]}, д. ${(i % 40) + 1}, кв. ${((i * 7) % 90) + 1}`;
        const birth = st.person.birthDate;
        const adult = birth ? today().getUTCFullYear() - birth.getUTCFullYear() >= 14 : false;
        const withConsent = st.person.user !== null;
        if (!st.person.profile) {
          await tx.personProfile.create({
            data: {
              schoolId,
              personId: st.personId,
              registrationAddress: address,
              actualAddress: i % 5 === 0 ? `г. Тверь, ${STREETS[(i + 3) % STREETS.length]}, д. ${(i % 12) + 2}` : address,
              docKind: adult ? "PASSPORT" : "BIRTH_CERTIFICATE",
              docSeries: adult ? `28${String(10 + (i % 10))}` : "I-ОН",
              docNumber: String(100000 + ((i * 7919) % 900000)),
              docIssuedBy: adult ? "УМВД России по Тверской области" : "Отдел ЗАГС администрации г. Твери",
              docIssuedAt: birth ? (adult ? addDays(birth, 14 * 365 + 30) : addDays(birth, 20)) : null,
            },
          });
          counts.profiles++;
          if (withConsent) {
            await tx.personalDataConsent.create({
              data: {
                schoolId,
                personId: st.personId,
                date: new Date(Date.UTC(2026, 8, 1 + (i % 5))),
                recordedById: admin?.id ?? null,
                documentNote: `Согласие № ${i + 1}`,
              },
            });
            counts.consents++;
          }
          if (i % 4 === 0) {
            await tx.studentMedical.create({
              data: {
                schoolId,
                studentId: st.id,
                healthGroup: HEALTH[i % HEALTH.length],
                peGroup: i % 20 === 0 ? "подготовительная" : "основная",
                ovz: i % 60 === 0,
              },
            });
            counts.medical++;
          }
          if (i % 6 === 0) {
            await tx.studentNote.create({
              data: {
                schoolId,
                studentId: st.id,
                kind: "ACHIEVEMENT",
                date: new Date(Date.UTC(2026, 9, 10 + (i % 15))),
                text: "Грамота за участие в школьной олимпиаде",
              },
            });
            counts.notes++;
          }
        }
        for (const [j, link] of st.parentLinks.entries()) {
          if (seenParents.has(link.parentId) || link.parent.profile) continue;
          seenParents.add(link.parentId);
          const [workPlace, workPosition] = WORK[(i + j) % WORK.length]!;
          await tx.personProfile.create({
            data: { schoolId, personId: link.parentId, registrationAddress: address, actualAddress: address, workPlace, workPosition },
          });
          counts.profiles++;
          if (link.parent.user && !(await tx.personalDataConsent.findUnique({ where: { personId: link.parentId }, select: { id: true } }))) {
            await tx.personalDataConsent.create({
              data: { schoolId, personId: link.parentId, date: new Date(Date.UTC(2026, 8, 1 + (i % 5))), recordedById: admin?.id ?? null },
            });
            counts.consents++;
          }
        }
      }
    },
    { timeout: 120_000 },
  );
  return counts;
}
