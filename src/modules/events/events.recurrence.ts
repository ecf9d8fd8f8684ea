/**
 * Recurring events without copied rows (issue 18): an event keeps an RFC 5545 RRULE (weekly on
 * chosen weekdays until a date) and its EXDATEs (cancelled occurrences); the occurrences in a range
 * are expanded here with the maintained `rrule` library. Times are the school's wall clock, so
 * the expansion runs on «floating» UTC dates (the library's advice for local times) and turns them
 * back into a date and minutes.
 */
import rrulePkg from "rrule";
import { isoDate } from "../../lib/dates.ts";

const { RRule, RRuleSet } = rrulePkg;
const DAY_MS = 86_400_000;

/** The recurrence as the form sets it: weekday codes (MO..SU) and the last day. */
export function weeklyRule(weekdays: readonly string[], until: Date): string {
  const byday = [...new Set(weekdays)].join(",");
  return `FREQ=WEEKLY;BYDAY=${byday};UNTIL=${isoDate(until).replace(/-/g, "")}T235959Z`;
}

/** The weekday codes and the last day of a stored weekly rule (for the edit form and the page). */
export function ruleParts(rrule: string): { weekdays: string[]; until: Date | null } {
  const parts = new Map(rrule.split(";").map((p) => p.split("=") as [string, string]));
  const until = parts.get("UNTIL");
  return {
    weekdays: (parts.get("BYDAY") ?? "").split(",").filter(Boolean),
    until: until ? new Date(Date.UTC(Number(until.slice(0, 4)), Number(until.slice(4, 6)) - 1, Number(until.slice(6, 8)))) : null,
  };
}

export interface Recurring {
  startDate: Date;
  endDate: Date;
  startMinute: number | null;
  rrule: string | null;
  exdates: readonly Date[];
}

/** The floating instant of a day and minute (wall clock read as UTC). */
const at = (day: Date, minute: number | null) => new Date(day.getTime() + (minute ?? 0) * 60_000);

/**
 * The start days of the occurrences that overlap [from, to] (days, inclusive), cancelled ones
 * (EXDATE) left out. A single event is its own one occurrence.
 */
export function occurrenceDays(e: Recurring, from: Date, to: Date): Date[] {
  const length = e.endDate.getTime() - e.startDate.getTime();
  if (!e.rrule) return e.startDate.getTime() <= to.getTime() && e.endDate.getTime() >= from.getTime() ? [e.startDate] : [];
  const set = new RRuleSet();
  set.rrule(new RRule({ ...RRule.parseString(e.rrule), dtstart: at(e.startDate, e.startMinute) }));
  for (const x of e.exdates) set.exdate(at(x, e.startMinute));
  const hits = set.between(new Date(from.getTime() - length), new Date(to.getTime() + DAY_MS - 1), true);
  return hits.map((d) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS));
}

/** Whether the event has a (not cancelled) occurrence starting that day. */
export function occursOn(e: Recurring, day: Date): boolean {
  return occurrenceDays({ ...e, exdates: e.exdates }, day, day).some((d) => d.getTime() === day.getTime());
}
