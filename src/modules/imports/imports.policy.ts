/** Who imports and exports which register (R-REG-7): the administrator all; the secretary students and parents; HR staff. */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import type { Kind } from "./imports.columns.ts";

export function canUseRegister(actor: Actor, kind: Kind): boolean {
  if (!can(actor, "create", "register-import")) return false;
  if (actor.roles.has("ADMIN")) return true;
  if (kind === "staff") return actor.roles.has("HR");
  return actor.roles.has("SECRETARY");
}

/** The class list export: whoever may export students. */
export function canExportClassList(actor: Actor): boolean {
  return canUseRegister(actor, "students");
}
