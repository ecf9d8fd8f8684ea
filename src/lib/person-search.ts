/**
 * Finding people of a school by name the way a secretary types it: any case, «ё» or «е»
 * (Семёнов = Семенов), words in any order and part. One place for the students register, parent
 * cards, the personal-data log and the duplicate checks before a person is created.
 */
import { Prisma, type Db } from "./db.ts";
import { isoDate } from "./dates.ts";
import { likePattern, searchForm } from "./names.ts";

/** The full name as searches compare it (see names.ts searchForm), in SQL over Person p: compare with likePattern(). */
export const FULL_NAME = Prisma.sql`translate(lower(p."lastName" || ' ' || p."firstName" || ' ' || coalesce(p."middleName", '')), 'ё', 'е')`;
const part = (column: Prisma.Sql) => Prisma.sql`translate(lower(${column}), 'ё', 'е')`;

/** Ids of the school's persons whose name contains every word of q (the first 3); null for an empty q. */
export async function personIdsByName(db: Db, schoolId: number, q: string): Promise<number[] | null> {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 3);
  if (!words.length) return null;
  const each = words.map((w) => Prisma.sql`${FULL_NAME} LIKE ${likePattern(w)}`);
  const rows = await db.$queryRaw<{ id: number }[]>`SELECT p.id FROM "Person" p WHERE p."schoolId" = ${schoolId} AND ${Prisma.join(each, " AND ")}`;
  return rows.map((r) => r.id);
}

/** Ids of the school's persons with this full name (ё = е, any case) and birth date: the possible doubles. */
export async function personIdsWithSameName(
  db: Db,
  schoolId: number,
  p: { lastName: string; firstName: string; middleName: string | null; birthDate: Date | null },
): Promise<number[]> {
  const middle = p.middleName?.trim() ? searchForm(p.middleName.trim()) : null;
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT p.id FROM "Person" p
     WHERE p."schoolId" = ${schoolId}
       AND ${part(Prisma.sql`p."lastName"`)} = ${searchForm(p.lastName.trim())}
       AND ${part(Prisma.sql`p."firstName"`)} = ${searchForm(p.firstName.trim())}
       AND coalesce(${part(Prisma.sql`p."middleName"`)}, '') = ${middle ?? ""}
       AND p."birthDate" IS NOT DISTINCT FROM ${p.birthDate ? isoDate(p.birthDate) : null}::date
     ORDER BY p.id LIMIT 10`;
  return rows.map((r) => r.id);
}
