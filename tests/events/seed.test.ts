/** The demo's events step (issue 18) alone on a fixture school: the events, one weekly row with a cancelled Monday, idempotent. */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { today } from "../../src/lib/dates.ts";
import { seedEvents } from "../../src/seed/events.ts";
import { occurrencesFor, type Occurrence } from "../../src/modules/events/events.service.ts";
import { buildSchool } from "../support/fixtures.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

describe("seedEvents", () => {
  it("writes school and class events and one weekly «Разговоры о важном» with one cancelled Monday; a second run adds nothing", async () => {
    const s = await buildSchool();
    const count = await seedEvents(s.schoolId, today());
    expect(count).toBeGreaterThanOrEqual(5);
    expect(await seedEvents(s.schoolId, today())).toBe(0);
    const rows = await prisma.schoolEvent.findMany({ where: { schoolId: s.schoolId } });
    expect(rows).toHaveLength(count);
    const weekly = rows.filter((r) => r.title === "Разговоры о важном");
    expect(weekly).toHaveLength(1);
    expect(weekly[0]!.rrule).toMatch(/^FREQ=WEEKLY;BYDAY=MO;UNTIL=\d{8}T235959Z$/);
    expect(weekly[0]!.exdates).toHaveLength(1);
    expect(weekly[0]!.startMinute).toBe(480);

    const viewer = {
      schoolId: s.schoolId,
      userId: 0,
      seesAll: true,
      staff: true,
      staffClassIds: [],
      staffGrades: [],
      parent: false,
      childClassIds: [],
      childGrades: [],
      student: false,
      ownClassIds: [],
      ownGrades: [],
    };
    const from = new Date(Date.UTC(2026, 11, 1));
    const to = new Date(Date.UTC(2027, 0, 31));
    const talks = (await occurrencesFor(viewer, from, to)).filter((o: Occurrence) => o.id === weekly[0]!.id);
    expect(talks.every((o) => o.date.getUTCDay() === 1)).toBe(true);
    expect(talks.map((o) => o.date.getTime())).not.toContain(weekly[0]!.exdates[0]!.getTime());
    expect(talks.length).toBe(7); // the 8 Mondays from 7 December to 25 January, one cancelled
  });
});
