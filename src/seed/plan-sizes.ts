/**
 * What a seeded school of each size is made of: its seed, name, logins and
 * e-mail domain, classes per grade and their sizes, the staff beyond the
 * teachers, and the building (src/seed/plan.ts builds the school from it).
 */
import type { Role } from "../access/roles.ts";
import type { SchoolPlan, SeedSize } from "./plan-types.ts";
import type { Rng } from "./random.ts";

export interface NonTeachingDef {
  title: string;
  role: Role;
  maleShare: number;
  born?: readonly [number, number];
}

export interface SizeSpec {
  seed: number;
  school: SchoolPlan["school"];
  loginPrefix: string;
  emailDomain: string;
  classesPerGrade: readonly number[];
  classSize: (grade: number, rng: Rng) => number;
  /** Staff beyond the teachers; tech staff is added up to staffTarget. */
  nonTeaching: readonly NonTeachingDef[];
  extraTech: readonly NonTeachingDef[];
  staffTarget: number;
  staffParents: number;
  /** Upper floors with twelve classrooms each. */
  upperFloors: number;
}

const CORE_STAFF: readonly NonTeachingDef[] = [
  { title: "Директор", role: "ADMIN", maleShare: 0.4, born: [1964, 1980] },
  { title: "Заместитель директора по УВР", role: "DEPUTY", maleShare: 0.15, born: [1966, 1986] },
  { title: "Заместитель директора по ВР", role: "DEPUTY", maleShare: 0.25, born: [1970, 1990] },
  { title: "Секретарь руководителя", role: "SECRETARY", maleShare: 0 },
  { title: "Специалист по кадрам", role: "HR", maleShare: 0.05 },
  { title: "Медицинская сестра", role: "MEDIC", maleShare: 0 },
  { title: "Педагог-психолог", role: "PSYCHOLOGIST", maleShare: 0.1 },
  { title: "Социальный педагог", role: "PSYCHOLOGIST", maleShare: 0.1 },
  { title: "Заведующий хозяйством", role: "TECH_STAFF", maleShare: 0.5 },
  { title: "Системный администратор", role: "TECH_STAFF", maleShare: 0.9 },
];

const EXTRA_TECH: readonly NonTeachingDef[] = [
  { title: "Лаборант", role: "TECH_STAFF", maleShare: 0.2 },
  { title: "Библиотекарь", role: "TECH_STAFF", maleShare: 0.05 },
  { title: "Рабочий по комплексному обслуживанию здания", role: "TECH_STAFF", maleShare: 0.9 },
  { title: "Уборщик служебных помещений", role: "TECH_STAFF", maleShare: 0.1 },
  { title: "Гардеробщик", role: "TECH_STAFF", maleShare: 0.1 },
  { title: "Сторож", role: "TECH_STAFF", maleShare: 0.8 },
];

/** The two seeded schools: the demo school and the large benchmark one. */
export const SPECS: Record<SeedSize, SizeSpec> = {
  demo: {
    seed: 20260901,
    school: {
      name: "МБОУ «Средняя общеобразовательная школа № 1»",
      shortName: "СОШ № 1",
      address: "г. Заречный, ул. Школьная, д. 1",
    },
    loginPrefix: "demo",
    emailDomain: "sosh1.example.org",
    classesPerGrade: [3, 2, 2, 2, 3, 2, 2, 2, 2, 2, 2],
    classSize: (grade, rng) => (grade >= 10 ? rng.int(18, 23) : rng.int(22, 26)),
    nonTeaching: CORE_STAFF,
    extraTech: [],
    staffTarget: 45,
    staffParents: 5,
    upperFloors: 2,
  },
  large: {
    seed: 20260902,
    school: {
      name: "МАОУ «Средняя общеобразовательная школа № 2 с углублённым изучением отдельных предметов»",
      shortName: "СОШ № 2",
      address: "г. Заречный, пр. Мира, д. 25",
    },
    loginPrefix: "bench",
    emailDomain: "sosh2.example.org",
    classesPerGrade: [4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3],
    classSize: (grade, rng) => (grade >= 10 ? rng.int(22, 26) : rng.int(26, 30)),
    nonTeaching: [
      ...CORE_STAFF,
      { title: "Заместитель директора по УВР (начальная школа)", role: "DEPUTY", maleShare: 0.05, born: [1966, 1986] },
      { title: "Делопроизводитель", role: "SECRETARY", maleShare: 0.05 },
      { title: "Фельдшер", role: "MEDIC", maleShare: 0.2 },
      { title: "Педагог-психолог", role: "PSYCHOLOGIST", maleShare: 0.1 },
    ],
    extraTech: EXTRA_TECH,
    staffTarget: 90,
    staffParents: 8,
    upperFloors: 3,
  },
};

/** Prefix of the named accounts of a size: demo.admin for the demo school, bench.admin for the large one. */
export function loginPrefixFor(size: SeedSize): string {
  return SPECS[size].loginPrefix;
}
