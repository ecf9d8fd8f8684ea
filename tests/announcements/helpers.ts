/** Helpers for the announcements tests: the fixture school with a class nobody of the load teaches, announcements written straight to the database. */
import { prisma } from "../../src/lib/db.ts";
import { clock } from "../../src/lib/clock.ts";
import type { AnnouncementAudience } from "../../src/generated/prisma/enums.ts";
import { d } from "../support/fixtures.ts";
import type { Agent } from "../support/http.ts";

export { communicationSchool as boardSchool } from "../support/communication.ts";
import type { CommunicationSchool } from "../support/communication.ts";

export type BoardSchool = CommunicationSchool;
export type UserKey = keyof BoardSchool["users"];

let seq = 0;

/** An announcement written straight to the database (createdAt on the application's clock, `minutesAgo` before now). */
export async function announce(
  s: BoardSchool,
  author: UserKey,
  data: {
    title?: string;
    body?: string;
    audience: AnnouncementAudience;
    toParents?: boolean;
    toStudents?: boolean;
    classes?: string[];
    grades?: number[];
    pinned?: boolean;
    showUntil?: string | null;
    minutesAgo?: number;
  },
) {
  const at = new Date(clock.nowMs() - (data.minutesAgo ?? 0) * 60_000);
  return prisma.announcement.create({
    data: {
      schoolId: s.schoolId,
      authorId: s.users[author].userId,
      title: data.title ?? `Объявление ${++seq}`,
      body: data.body ?? "Текст",
      audience: data.audience,
      toParents: data.toParents ?? false,
      toStudents: data.toStudents ?? false,
      classIds: (data.classes ?? []).map((c) => s.classes[c as keyof BoardSchool["classes"]].id),
      grades: data.grades ?? [],
      pinned: data.pinned ?? false,
      showUntil: data.showUntil ? d(data.showUntil) : null,
      createdAt: at,
      updatedAt: at,
    },
  });
}

/** The titles linked from the board page, in order. */
export function boardTitles(html: string): string[] {
  return [...html.matchAll(/<h2 class="ann-title"><a href="\/announcements\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

/** A form post of the announcement form (fields as the browser sends them). */
export function postAnnouncement(agent: Agent, fields: Record<string, unknown>, url = "/announcements") {
  return agent.form(url, fields);
}

/** Everything stored about announcements of the school, to compare before and after a refused request. */
export async function boardState(schoolId: number) {
  const [announcements, reads, files, audits] = await Promise.all([
    prisma.announcement.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.announcementRead.count({ where: { schoolId } }),
    prisma.announcementFile.count({ where: { announcement: { schoolId } } }),
    prisma.auditLog.count({ where: { schoolId, entity: "announcement" } }),
  ]);
  return { announcements, reads, files, audits };
}
