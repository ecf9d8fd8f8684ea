/**
 * Who may use the «Сетевой город» web API (issue 21): only families — a parent or a student with an
 * own «пароль для приложений» (the catalogue's «app-password» cells). It reads what the diary pages
 * show, through the diary's own rule (R-ACL-1): a student only the own diary, a parent only the own
 * children's; any other studentId answers as a missing one (404).
 */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { canViewDiary } from "../diary/diary.service.ts";

/** Issue 21: may the actor have (and sign in with) a «пароль для приложений»? Parents and students only. */
export function canUseAppPassword(actor: Actor): boolean {
  return can(actor, "create", "app-password");
}

/** R-ACL-1: throws NotFound unless the student is the actor or the actor's child (the diary's rule). */
export function assertWebApiStudent(actor: Actor, studentId: number): void {
  if (!canViewDiary(actor, studentId)) throw new NotFound();
}
