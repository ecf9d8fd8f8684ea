/**
 * What the year-closing pages read and the acknowledgements they write (R-YR-1), for the signed-in
 * administrator: the selected year's overview (last study day, whether it has ended, the pre-close
 * check, the last run), the check page, acknowledging its items, and a run's progress page. Every
 * lookup is scoped by the actor's school: another school's year or run is NotFound.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { addDays, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import type { AcademicYear } from "../../generated/prisma/client.ts";
import { acknowledge, findSchoolYear, lastStudyDay, preCloseCheck } from "./check.service.ts";
import { findRun, lastRun } from "./close.service.ts";
import { hasEnded } from "./year-close.policy.ts";

export type { AcademicYear };

/** A year of the actor's school; NotFound for another school's. */
export async function yearOfSchool(actor: Actor, yearId: number): Promise<AcademicYear> {
  return findSchoolYear(prisma, actor.schoolId, yearId);
}

/** The overview of a year: its last study day, the first day it may be closed and whether that has come (R-YR-1), the check (current year only) and the last run. */
export async function closeOverview(actor: Actor, year: AcademicYear, asOf: Date = today()) {
  const lastDay = await lastStudyDay(prisma, year);
  const check = year.status === "CURRENT" ? await preCloseCheck(prisma, actor.schoolId, year.id) : null;
  const run = await lastRun(actor.schoolId, year.id);
  return { lastDay, closableFrom: addDays(lastDay, 1), ended: hasEnded(lastDay, asOf), check, run };
}

/** The pre-close check of a year of the actor's school. */
export async function yearCheck(actor: Actor, yearId: number) {
  const year = await yearOfSchool(actor, yearId);
  return { year, check: await preCloseCheck(prisma, actor.schoolId, year.id) };
}

/** Acknowledges items of the year's check («принято к сведению»): the given keys, or all; keys the check does not list are ignored. Returns how many were added. */
export async function acknowledgeItems(actor: Actor, yearId: number, input: { keys: readonly string[]; all: boolean }): Promise<number> {
  const check = await preCloseCheck(prisma, actor.schoolId, yearId);
  const known = new Set(check.items.map((i) => i.key));
  const keys = input.all ? [...known] : input.keys.filter((k) => known.has(k));
  return acknowledge(prisma, actor.schoolId, yearId, actor.userId, keys);
}

/** A closing run of the actor's school with its year and, when done, the next year. NotFound otherwise. */
export async function closeRun(actor: Actor, runId: number) {
  const run = await findRun(actor.schoolId, runId);
  if (!run) throw new NotFound();
  const year = await findSchoolYear(prisma, actor.schoolId, run.yearId);
  const next = run.nextYearId ? await prisma.academicYear.findFirst({ where: { id: run.nextYearId, schoolId: actor.schoolId } }) : null;
  return { run, year, next };
}
