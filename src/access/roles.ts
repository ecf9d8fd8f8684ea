/** Roles (R-ROLE-1), mirrored by the Prisma enum Role; a test checks they agree. */
export const ROLES = ["ADMIN", "DEPUTY", "TEACHER", "CLASS_TEACHER", "SECRETARY", "HR", "MEDIC", "PSYCHOLOGIST", "TECH_STAFF", "PARENT", "STUDENT"] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  ADMIN: "Администратор",
  DEPUTY: "Заместитель директора",
  TEACHER: "Учитель",
  CLASS_TEACHER: "Классный руководитель",
  SECRETARY: "Секретарь",
  HR: "Специалист по кадрам",
  MEDIC: "Медицинский работник",
  PSYCHOLOGIST: "Психолог, социальный педагог",
  TECH_STAFF: "Технический персонал",
  PARENT: "Родитель",
  STUDENT: "Ученик",
};

/**
 * CLASS_TEACHER is not granted by hand: a teacher is a class teacher while
 * leading a class of the current year (set on the class page).
 */
export const ASSIGNABLE_ROLES = ROLES.filter((r) => r !== "CLASS_TEACHER");

export const STAFF_ROLES: readonly Role[] = ["ADMIN", "DEPUTY", "TEACHER", "CLASS_TEACHER", "SECRETARY", "HR", "MEDIC", "PSYCHOLOGIST", "TECH_STAFF"];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
