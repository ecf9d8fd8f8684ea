/** Helpers for the setup tests: a snapshot of the catalogue tables, to assert that a refused request changed nothing. */
import type { TestSchool } from "../support/fixtures.ts";
import { prisma } from "../../src/lib/db.ts";

export async function snapshot(schoolId: number) {
  const where = { schoolId };
  const [rooms, subjects, classes, subgroups, subgroupMembers, loads, audits] = await Promise.all([
    prisma.room.findMany({ where, orderBy: { id: "asc" } }),
    prisma.subject.findMany({ where, orderBy: { id: "asc" } }),
    prisma.schoolClass.findMany({ where, orderBy: { id: "asc" } }),
    prisma.subgroup.findMany({ where, orderBy: { id: "asc" } }),
    prisma.subgroupMembership.findMany({ where, orderBy: { id: "asc" } }),
    prisma.teachingLoad.findMany({ where, orderBy: { id: "asc" } }),
    prisma.auditLog.count({ where }),
  ]);
  return JSON.parse(JSON.stringify({ rooms, subjects, classes, subgroups, subgroupMembers, loads, audits })) as unknown;
}

export const DENIED_ROLES = ["teacherMath", "teacherRussian", "secretary", "parentAlekseev", "studentA1"] as const;
export const FAMILY_ROLES = ["parentAlekseev", "studentA1"] as const;

/** The fixture's classes and students by name (the fixture types them as open records). */
export function c(s: TestSchool, name: "5А" | "5Б") {
  const cls = s.classes[name];
  if (!cls) throw new Error(`В школе нет класса ${name}`);
  return cls;
}

export function st(s: TestSchool, key: "studentA1" | "studentA2" | "studentB1") {
  const student = s.students[key];
  if (!student) throw new Error(`В школе нет ученика ${key}`);
  return student;
}
