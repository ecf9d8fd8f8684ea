/**
 * The kinds of notifications, who is offered which, and the defaults (issue 15 «Notifications»).
 * Defaults are conservative: in the product on; by e-mail only once the user confirmed an address —
 * then on (a user who confirmed an address wants letters), new marks as a daily digest, and the
 * copy of messages off until asked for. A saved choice (NotificationSetting) always wins.
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach } from "../../access/policy.ts";
import type { NotificationFrequency, NotificationKind } from "../../generated/prisma/client.ts";

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  "MARK",
  "ABSENCE",
  "TIMETABLE_CHANGE",
  "ANNOUNCEMENT",
  "FORECAST",
  "EVENT",
  "MESSAGE",
  "REMARK",
  "LOGIN_SLIP",
];

/** Kinds whose e-mail may be a digest (the rest go out at once). */
export const DIGEST_KINDS: ReadonlySet<NotificationKind> = new Set(["MARK"]);

export interface Channels {
  inApp: boolean;
  email: boolean;
  frequency: NotificationFrequency;
}

/** What a user gets when no choice was saved; `confirmed`: the user has a confirmed address. */
export function defaultChannels(kind: NotificationKind, confirmed: boolean): Channels {
  return {
    inApp: kind !== "LOGIN_SLIP",
    // MESSAGE's e-mail channel is EmailAddress.copyMessages («копия сообщений на e-mail»), off by default.
    email: confirmed && kind !== "MESSAGE",
    frequency: DIGEST_KINDS.has(kind) ? "DAILY" : "IMMEDIATE",
  };
}

/**
 * The kinds the settings page offers the actor: a family's (marks, absences, forecasts — those
 * who have a diary), a teacher's remarks of the monthly check (those who write a journal), and
 * what concerns everybody. The login slip is sent on request, not chosen here.
 */
export function kindsFor(actor: Actor): NotificationKind[] {
  const diary = can(actor, "view", "diary");
  const teaches = reach(actor, "update", "journal");
  const writesJournal = teaches.classIds.length > 0 || teaches.teacherId !== null;
  return NOTIFICATION_KINDS.filter((k) => {
    switch (k) {
      case "MARK":
      case "ABSENCE":
      case "FORECAST":
        return diary;
      case "REMARK":
        return writesJournal;
      case "TIMETABLE_CHANGE":
        return can(actor, "view", "timetable");
      case "ANNOUNCEMENT":
        return can(actor, "view", "announcement");
      case "MESSAGE":
        return can(actor, "view", "message");
      case "EVENT":
        return true;
      case "LOGIN_SLIP":
        return false;
    }
  });
}
