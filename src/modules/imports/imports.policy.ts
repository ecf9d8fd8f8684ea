/** Who imports and exports which register (R-REG-7): staff with import-staff (the administrator, HR), students and parents with import-students (the administrator, the secretary). */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import type { Kind } from "./imports.columns.ts";

export function canUseRegister(actor: Actor, kind: Kind): boolean {
  return can(actor, "create", kind === "staff" ? "import-staff" : "import-students");
}

/** The import page: whoever may import or export some register. */
export function canOpenImports(actor: Actor): boolean {
  return can(actor, "view", "import-staff") || can(actor, "view", "import-students");
}

/** The class list export: whoever may export students. */
export function canExportClassList(actor: Actor): boolean {
  return canUseRegister(actor, "students");
}
