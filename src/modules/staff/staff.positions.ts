/**
 * The roles a staff member's positions call for (issue 17, R-REG-10): what HR grants with a login.
 * HR never grants ADMIN (the director's account and any other role changes stay with the administrator,
 * R-ROLE-3); CLASS_TEACHER follows from leading a class, it is not granted.
 */
import type { Role } from "../../access/roles.ts";

const RULES: readonly [RegExp, Role][] = [
  [/^директор/i, "ADMIN"],
  [/заместитель директора|завуч/i, "DEPUTY"],
  [/учитель|преподаватель|педагог дополнительного образования|педагог-организатор|воспитатель|тьютор|вожатый|советник директора/i, "TEACHER"],
  [/секретар|делопроизвод/i, "SECRETARY"],
  [/кадр/i, "HR"],
  [/медицин|медсестр|фельдшер|врач/i, "MEDIC"],
  [/психолог|социальный педагог/i, "PSYCHOLOGIST"],
  [/лаборант|техник|хозяйств|завхоз|системный администратор|библиотекар|рабоч|уборщ|гардероб|сторож|дворник|повар|водитель/i, "TECH_STAFF"],
];

/** The roles of these position titles, in the catalogue's order, without duplicates. */
export function rolesForPositions(titles: readonly string[]): Role[] {
  const found = new Set<Role>();
  for (const t of titles) for (const [re, role] of RULES) if (re.test(t.trim())) found.add(role);
  return [...found];
}

/** The roles HR may grant: every staff role the positions call for but ADMIN. */
export function grantableByHr(roles: readonly Role[]): Role[] {
  return roles.filter((r) => r !== "ADMIN" && r !== "CLASS_TEACHER");
}
