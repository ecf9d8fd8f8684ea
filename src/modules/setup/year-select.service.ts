/**
 * The year selector convention for pages that can show a past year: the query parameter
 * `?year=<id>` picks the year (garbage or another school's id → the current year, or 404 when
 * `strict`); without it the CURRENT year is shown, else the latest. Views include
 * `views/year-close/_year-select.ejs` with { years, selected, action } for a GET form that
 * works without JavaScript. Closed years are read-only everywhere (assertYearWritable).
 */
import type { Request } from "express";
import { prisma } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { queryId } from "../../lib/http.ts";
import type { AcademicYear } from "../../generated/prisma/client.ts";

export const STATUS_NAMES = { DRAFT: "черновик", CURRENT: "текущий", CLOSED: "закрыт (архив)" } as const;

/** The ?year= id, or null when absent or not a positive integer. */
export function yearQuery(req: Request): number | null {
  return queryId(req, "year");
}

/** The selected year and all the school's years (newest first) for the selector. */
export async function selectYear(req: Request, schoolId: number, strict = false): Promise<{ year: AcademicYear | null; years: AcademicYear[] }> {
  const years = await prisma.academicYear.findMany({ where: { schoolId }, orderBy: [{ startDate: "desc" }, { id: "desc" }] });
  const id = yearQuery(req);
  const asked = id === null ? undefined : years.find((y) => y.id === id);
  if (id !== null && !asked && strict) throw new NotFound("Учебный год не найден");
  return { year: asked ?? years.find((y) => y.status === "CURRENT") ?? years[0] ?? null, years };
}
