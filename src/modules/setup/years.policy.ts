/** Record rules of academic years: which years may still be changed (R-YR-1, R-JRN-5). */
import { Locked } from "../../lib/errors.ts";
import type { YearStatus } from "../../generated/prisma/enums.ts";
import { MSG } from "./years.messages.ts";

/** R-YR-1, R-JRN-5: a closed year is read-only for everyone; draft and current years may be changed. */
export function isYearWritable(year: { status: YearStatus }): boolean {
  return year.status !== "CLOSED";
}

/** R-YR-1, R-JRN-5: throws Locked (423) with a Russian message when the year is closed. */
export function assertYearWritable(year: { status: YearStatus; name: string }): void {
  if (!isYearWritable(year)) throw new Locked(MSG.closedYear(year.name));
}
