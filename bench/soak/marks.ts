/** No acknowledged mark lost: the last acknowledged value of every cell the loaders saved, against the database. */
import type { Query } from "../prepare.ts";
import type { LoaderResult } from "./loader.ts";

export interface AckCheck {
  /** Saves answered {ok:true}. */
  ackCount: number;
  /** Distinct cells compared with the database. */
  checked: number;
  /** Cells whose value in the database is not the last acknowledged one: [key, acknowledged]. */
  lost: [string, number][];
  /** "lessonId:studentId:typeId" → the value in the database. */
  dbValues: Map<string, number | null>;
}

export async function checkAcked(q: Query, results: LoaderResult[]): Promise<AckCheck> {
  const acked: Record<string, number> = Object.assign({}, ...results.map((r) => r.acked)) as Record<string, number>;
  const keys = Object.keys(acked).map((k) => k.split(":").map(Number) as [number, number, number]);
  const dbValues = new Map<string, number | null>();
  for (let i = 0; i < keys.length; i += 2000) {
    const part = keys.slice(i, i + 2000);
    const rows = await q<{ lessonId: number; studentId: number; typeId: number; value: number | null }>(
      `SELECT x."lessonId", x."studentId", x."typeId",
              (SELECT k.value FROM "Mark" k JOIN "LessonWork" w ON w.id = k."workId" WHERE w."lessonId" = x."lessonId" AND w."assignmentTypeId" = x."typeId" AND k."studentId" = x."studentId") AS value
         FROM unnest($1::int[], $2::int[], $3::int[]) AS x("lessonId", "studentId", "typeId")`,
      [part.map((k) => k[0]), part.map((k) => k[1]), part.map((k) => k[2])],
    );
    for (const r of rows) dbValues.set(`${r.lessonId}:${r.studentId}:${r.typeId}`, r.value === null ? null : Number(r.value));
  }
  return {
    ackCount: results.reduce((s, r) => s + r.ackCount, 0),
    checked: keys.length,
    lost: Object.entries(acked).filter(([k, v]) => dbValues.get(k) !== v),
    dbValues,
  };
}
