/**
 * The year a planning page shows (shared by the parts of planning): `?year=<id>` (or the id a form
 * posted) picks it — another school's or an unknown id is a 404 —, else the CURRENT year, else the
 * latest. Null only when the school has no years at all. The views show the selector with
 * views/year-close/_year-select.ejs ({ years, selected, action }).
 */
import type { Request } from "express";
import { actorOf } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { queryId } from "../../lib/http.ts";
import type { AcademicYear } from "../../generated/prisma/client.ts";

export async function pickYear(req: Request, yearId?: number): Promise<{ year: AcademicYear | null; years: AcademicYear[] }> {
  const years = await prisma.academicYear.findMany({ where: { schoolId: actorOf(req).schoolId }, orderBy: [{ startDate: "desc" }, { id: "desc" }] });
  const id = yearId ?? queryId(req, "year");
  if (id !== null) {
    const year = years.find((y) => y.id === id);
    if (!year) throw new NotFound("Учебный год не найден");
    return { year, years };
  }
  return { year: years.find((y) => y.status === "CURRENT") ?? years[0] ?? null, years };
}
