/**
 * Reference data of the seeded personnel cards: where staff studied (with the names the
 * institutions bore in the year of graduation and their legal form of that time), what, and
 * the professional training courses of recent years with their providers.
 */
import type { Specialty } from "../curriculum.ts";

export interface Institution {
  name: string;
  /** Earlier names, oldest first: [the last year it bore the name, the name]. */
  old?: readonly (readonly [number, string])[];
  kind: "federal" | "regional";
}

export const INSTITUTIONS = {
  tvgu: { name: "Тверской государственный университет", old: [[1990, "Калининский государственный университет"]], kind: "federal" },
  mpgu: {
    name: "Московский педагогический государственный университет",
    old: [[1990, "Московский государственный педагогический институт им. В. И. Ленина"]],
    kind: "federal",
  },
  herzen: {
    name: "Российский государственный педагогический университет им. А. И. Герцена",
    old: [[1990, "Ленинградский государственный педагогический институт им. А. И. Герцена"]],
    kind: "federal",
  },
  yspu: {
    name: "Ярославский государственный педагогический университет им. К. Д. Ушинского",
    old: [[1993, "Ярославский государственный педагогический институт им. К. Д. Ушинского"]],
    kind: "federal",
  },
  smolgu: {
    name: "Смоленский государственный университет",
    old: [
      [1993, "Смоленский государственный педагогический институт им. К. Маркса"],
      [2004, "Смоленский государственный педагогический университет"],
    ],
    kind: "federal",
  },
  sport: {
    name: "Российский государственный университет физической культуры, спорта, молодёжи и туризма (ГЦОЛИФК)",
    old: [[1992, "Государственный центральный ордена Ленина институт физической культуры"]],
    kind: "federal",
  },
  tvgtu: {
    name: "Тверской государственный технический университет",
    old: [
      [1990, "Калининский политехнический институт"],
      [1994, "Тверской политехнический институт"],
    ],
    kind: "federal",
  },
  ranepa: {
    name: "Российская академия народного хозяйства и государственной службы при Президенте Российской Федерации",
    old: [[2010, "Российская академия государственной службы при Президенте Российской Федерации"]],
    kind: "federal",
  },
  pedCollege: {
    name: "Тверской педагогический колледж",
    old: [
      [1990, "Калининское педагогическое училище"],
      [1994, "Тверское педагогическое училище"],
    ],
    kind: "regional",
  },
  medCollege: {
    name: "Тверской медицинский колледж",
    old: [
      [1990, "Калининское медицинское училище"],
      [2003, "Тверское медицинское училище"],
    ],
    kind: "regional",
  },
  musicCollege: {
    name: "Тверской музыкальный колледж им. М. П. Мусоргского",
    old: [
      [1990, "Калининское музыкальное училище"],
      [2001, "Тверское музыкальное училище"],
    ],
    kind: "regional",
  },
  techCollege: { name: "Тверской технологический колледж", old: [[1990, "Калининский индустриальный техникум"]], kind: "regional" },
  chemCollege: { name: "Тверской химико-технологический колледж", old: [[1990, "Калининский химико-технологический техникум"]], kind: "regional" },
  cultureCollege: { name: "Тверской колледж культуры им. Н. А. Львова", old: [[1990, "Калининское культурно-просветительное училище"]], kind: "regional" },
  polyCollege: { name: "Тверской политехнический колледж", old: [[1990, "Калининский политехникум"]], kind: "regional" },
} as const satisfies Record<string, Institution>;
export type InstitutionKey = keyof typeof INSTITUTIONS;

/** The institution as a diploma of that year names it: the name of the time and the legal form of the time. */
export function institutionName(key: InstitutionKey, year: number): string {
  const inst: Institution = INSTITUTIONS[key];
  const name = inst.old?.find(([until]) => year <= until)?.[1] ?? inst.name;
  if (year <= 1991) return name;
  const form =
    inst.kind === "federal" ? (year <= 2010 ? "ГОУ ВПО" : year <= 2015 ? "ФГБОУ ВПО" : "ФГБОУ ВО") : year <= 2010 ? "ГОУ СПО" : year <= 2014 ? "ГБОУ СПО" : "ГБПОУ";
  return `${form} «${name}»`;
}

/** A secondary school certificate of that year. */
export function schoolName(no: number, year: number): string {
  if (year <= 1990) return `Средняя школа № ${no} г. Калинина`;
  return `${year <= 2010 ? "МОУ" : "МБОУ"} «Средняя общеобразовательная школа № ${no}» г. Твери`;
}

/** The first year of graduates of the bachelor's programmes «Педагогическое образование» (44.03.01). */
export const BACHELOR_FROM = 2015;

/** The pedagogical universities a teacher graduated from. */
export const PEDAGOGICAL: readonly InstitutionKey[] = ["tvgu", "tvgu", "mpgu", "herzen", "yspu", "smolgu"];

/** A teacher's speciality per specialty: [specialist's diploma, bachelor's profile]. */
export const TEACHER_SPECIALITY: Record<Specialty, readonly [string, string]> = {
  primary: ["Педагогика и методика начального образования", "Педагогическое образование (профиль «Начальное образование»)"],
  russian: ["Русский язык и литература", "Педагогическое образование (профили «Русский язык» и «Литература»)"],
  math: ["Математика", "Педагогическое образование (профили «Математика» и «Информатика»)"],
  english: ["Иностранный язык (английский)", "Педагогическое образование (профили «Английский язык» и «Немецкий язык»)"],
  informatics: ["Информатика", "Педагогическое образование (профиль «Информатика»)"],
  history: ["История", "Педагогическое образование (профили «История» и «Обществознание»)"],
  geography: ["География", "Педагогическое образование (профили «География» и «Биология»)"],
  biochem: ["Химия с дополнительной специальностью «Биология»", "Педагогическое образование (профили «Химия» и «Биология»)"],
  physics: ["Физика", "Педагогическое образование (профили «Физика» и «Математика»)"],
  music: ["Музыкальное образование", "Педагогическое образование (профиль «Музыка»)"],
  labour: ["Технология и предпринимательство", "Педагогическое образование (профили «Технология» и «Изобразительное искусство»)"],
  pe: ["Физическая культура и спорт", "Физическая культура (профиль «Физкультурное образование»)"],
  obzr: ["Безопасность жизнедеятельности", "Педагогическое образование (профиль «Безопасность жизнедеятельности»)"],
};

export interface EducationDef {
  level: "HIGHER" | "SECONDARY_PROF" | "SECONDARY";
  from: readonly InstitutionKey[];
  speciality: readonly [string, string] | null;
}

/** Education of the positions that are not subject teachers (by StaffPosition.title). */
export const POSITION_EDUCATION: Record<string, EducationDef> = {
  "Педагог-психолог": { level: "HIGHER", from: ["tvgu", "mpgu"], speciality: ["Психология", "Психолого-педагогическое образование (профиль «Психология образования»)"] },
  "Социальный педагог": {
    level: "HIGHER",
    from: ["tvgu", "yspu"],
    speciality: ["Социальная педагогика", "Психолого-педагогическое образование (профиль «Социальная педагогика»)"],
  },
  "Секретарь руководителя": { level: "SECONDARY_PROF", from: ["techCollege"], speciality: ["Делопроизводство", "Документационное обеспечение управления и архивоведение"] },
  Делопроизводитель: { level: "SECONDARY_PROF", from: ["techCollege"], speciality: ["Делопроизводство", "Документационное обеспечение управления и архивоведение"] },
  "Специалист по кадрам": { level: "HIGHER", from: ["tvgu"], speciality: ["Управление персоналом", "Управление персоналом"] },
  "Медицинская сестра": { level: "SECONDARY_PROF", from: ["medCollege"], speciality: ["Сестринское дело", "Сестринское дело"] },
  Фельдшер: { level: "SECONDARY_PROF", from: ["medCollege"], speciality: ["Лечебное дело", "Лечебное дело"] },
  "Заведующий хозяйством": { level: "HIGHER", from: ["tvgtu"], speciality: ["Экономика и управление на предприятии", "Экономика (профиль «Экономика предприятий»)"] },
  "Системный администратор": { level: "HIGHER", from: ["tvgtu"], speciality: ["Вычислительные машины, комплексы, системы и сети", "Информатика и вычислительная техника"] },
  Лаборант: { level: "SECONDARY_PROF", from: ["chemCollege"], speciality: ["Химическая технология", "Аналитический контроль химических соединений"] },
  Библиотекарь: { level: "SECONDARY_PROF", from: ["cultureCollege"], speciality: ["Библиотековедение", "Библиотековедение"] },
  "Рабочий по комплексному обслуживанию здания": {
    level: "SECONDARY_PROF",
    from: ["polyCollege"],
    speciality: ["Электромонтёр по ремонту и обслуживанию электрооборудования", "Электромонтёр по ремонту и обслуживанию электрооборудования"],
  },
  "Уборщик служебных помещений": { level: "SECONDARY", from: [], speciality: null },
  Гардеробщик: { level: "SECONDARY", from: [], speciality: null },
  Сторож: { level: "SECONDARY", from: [], speciality: null },
};

/** The management degree of a director (the second higher education). */
export const MANAGEMENT: { from: InstitutionKey; speciality: readonly [string, string] } = {
  from: "ranepa",
  speciality: ["Государственное и муниципальное управление", "Государственное и муниципальное управление"],
};

export const PROVIDERS = {
  toiuu: "ГБУ ДПО «Тверской областной институт усовершенствования учителей»",
  academy:
    "ФГАОУ ДПО «Академия реализации государственной политики и профессионального развития работников образования Министерства просвещения Российской Федерации»",
  isro: "ФГБНУ «Институт стратегии развития образования»",
  ciov: "ООО «Центр инновационного образования и воспитания»",
  infourok: "ООО «Инфоурок»",
  safety: "АНО ДПО «Учебный центр охраны труда и пожарной безопасности»",
  med: "ГБУ ДПО «Тверской областной центр повышения квалификации специалистов со средним медицинским образованием»",
} as const;
export type ProviderKey = keyof typeof PROVIDERS;

export interface CourseDef {
  course: string;
  hours: number;
  provider: ProviderKey;
}

/** First aid: every staff member, every three years (ст. 41 Федерального закона № 273-ФЗ; ст. 214 ТК РФ). */
export const FIRST_AID: CourseDef = { course: "Оказание первой помощи пострадавшим в образовательной организации", hours: 16, provider: "safety" };

/** Courses of every teacher. */
export const TEACHER_COURSES: readonly CourseDef[] = [
  { course: "Реализация требований обновлённых ФГОС НОО, ФГОС ООО в работе учителя", hours: 36, provider: "toiuu" },
  { course: "Федеральная образовательная программа: содержание и механизмы реализации", hours: 36, provider: "isro" },
  { course: "Использование ресурсов ФГИС «Моя школа» в образовательной деятельности", hours: 24, provider: "academy" },
  { course: "Функциональная грамотность школьников: формирование и оценка", hours: 36, provider: "ciov" },
];

/** Courses of a subject teacher. */
export const SUBJECT_COURSES: Record<Specialty, readonly CourseDef[]> = {
  primary: [
    { course: "Формирование функциональной грамотности младших школьников", hours: 36, provider: "toiuu" },
    { course: "Методика обучения русскому языку и литературному чтению в начальной школе по ФОП НОО", hours: 72, provider: "infourok" },
  ],
  russian: [
    { course: "Школа современного учителя. Развитие читательской грамотности", hours: 56, provider: "academy" },
    { course: "Методика подготовки обучающихся к ГИА по русскому языку", hours: 72, provider: "toiuu" },
  ],
  math: [
    { course: "Школа современного учителя математики: достижения российской науки", hours: 60, provider: "academy" },
    { course: "Методика подготовки обучающихся к ОГЭ и ЕГЭ по математике", hours: 72, provider: "toiuu" },
  ],
  english: [
    { course: "Подготовка обучающихся к ГИА по английскому языку", hours: 72, provider: "toiuu" },
    { course: "Коммуникативный подход в обучении иностранному языку в условиях ФГОС", hours: 36, provider: "infourok" },
  ],
  informatics: [
    { course: "Школа современного учителя информатики: достижения российской науки", hours: 60, provider: "academy" },
    { course: "Основы программирования на Python в школьном курсе информатики", hours: 72, provider: "ciov" },
  ],
  history: [
    { course: "Особенности преподавания истории России с использованием единых учебников", hours: 36, provider: "academy" },
    { course: "Методика преподавания обществознания и подготовка к ГИА", hours: 72, provider: "toiuu" },
  ],
  geography: [
    { course: "Школа современного учителя географии: достижения российской науки", hours: 60, provider: "academy" },
    { course: "Практикоориентированное обучение географии в условиях ФОП ООО", hours: 36, provider: "toiuu" },
  ],
  biochem: [
    { course: "Использование оборудования центра «Точка роста» на уроках химии и биологии", hours: 36, provider: "toiuu" },
    { course: "Школа современного учителя биологии: достижения российской науки", hours: 60, provider: "academy" },
  ],
  physics: [
    { course: "Использование оборудования центра «Точка роста» на уроках физики", hours: 36, provider: "toiuu" },
    { course: "Школа современного учителя физики: достижения российской науки", hours: 60, provider: "academy" },
  ],
  music: [{ course: "Методика преподавания музыки в условиях обновлённого ФГОС", hours: 36, provider: "infourok" }],
  labour: [
    { course: "Преподавание учебного предмета «Труд (технология)» в условиях обновления его содержания", hours: 72, provider: "academy" },
    { course: "Методика преподавания изобразительного искусства в основной школе", hours: 36, provider: "infourok" },
  ],
  pe: [
    { course: "Организация и проведение испытаний ВФСК «ГТО» в образовательной организации", hours: 36, provider: "toiuu" },
    { course: "Методика преподавания физической культуры по ФОП ООО и ФОП СОО", hours: 72, provider: "ciov" },
  ],
  obzr: [
    { course: "Преподавание учебного предмета «Основы безопасности и защиты Родины»", hours: 72, provider: "academy" },
    { course: "Начальная военная подготовка в курсе ОБЗР", hours: 36, provider: "toiuu" },
  ],
};

const MANAGER_COURSES: readonly CourseDef[] = [
  { course: "Управление общеобразовательной организацией в условиях реализации ФОП", hours: 72, provider: "toiuu" },
  { course: "Внутренняя система оценки качества образования", hours: 36, provider: "isro" },
  { course: "Антитеррористическая защищённость объектов образования", hours: 16, provider: "safety" },
  { course: "Обучение по охране труда руководителей и специалистов (программа А)", hours: 40, provider: "safety" },
];
const WORKER_COURSES: readonly CourseDef[] = [
  { course: "Обучение по охране труда (программа Б)", hours: 16, provider: "safety" },
  { course: "Обучение мерам пожарной безопасности", hours: 16, provider: "safety" },
];

/** Courses of the positions that are not subject teachers (by StaffPosition.title). */
export const POSITION_COURSES: Record<string, readonly CourseDef[]> = {
  Директор: MANAGER_COURSES,
  "Заместитель директора по УВР": MANAGER_COURSES.slice(0, 2),
  "Заместитель директора по УВР (начальная школа)": MANAGER_COURSES.slice(0, 2),
  "Заместитель директора по ВР": [
    { course: "Организация воспитательной работы в школе по федеральной рабочей программе воспитания", hours: 36, provider: "academy" },
    { course: "Профилактика деструктивного поведения подростков", hours: 36, provider: "toiuu" },
  ],
  "Педагог-психолог": [
    { course: "Психолого-педагогическое сопровождение обучающихся с ОВЗ в условиях инклюзивного образования", hours: 72, provider: "toiuu" },
    { course: "Профилактика деструктивного поведения подростков", hours: 36, provider: "toiuu" },
  ],
  "Социальный педагог": [
    { course: "Профилактика безнадзорности и правонарушений несовершеннолетних", hours: 36, provider: "toiuu" },
    { course: "Психолого-педагогическое сопровождение обучающихся с ОВЗ в условиях инклюзивного образования", hours: 72, provider: "toiuu" },
  ],
  "Секретарь руководителя": [{ course: "Делопроизводство и электронный документооборот в образовательной организации", hours: 72, provider: "infourok" }],
  Делопроизводитель: [{ course: "Делопроизводство и электронный документооборот в образовательной организации", hours: 72, provider: "infourok" }],
  "Специалист по кадрам": [
    { course: "Кадровое делопроизводство и электронные трудовые книжки", hours: 72, provider: "infourok" },
    { course: "Применение профессиональных стандартов в образовательной организации", hours: 36, provider: "ciov" },
  ],
  "Медицинская сестра": [
    { course: "Сестринское дело в педиатрии: медицинское обеспечение обучающихся", hours: 72, provider: "med" },
    { course: "Неотложная помощь детям в образовательной организации", hours: 36, provider: "med" },
  ],
  Фельдшер: [
    { course: "Неотложная помощь детям в образовательной организации", hours: 36, provider: "med" },
    { course: "Профилактика инфекционных заболеваний в образовательной организации", hours: 36, provider: "med" },
  ],
  "Заведующий хозяйством": [
    { course: "Контрактная система в сфере закупок (44-ФЗ)", hours: 72, provider: "infourok" },
    ...MANAGER_COURSES.slice(2),
  ],
  "Системный администратор": [
    { course: "Обеспечение информационной безопасности в образовательной организации", hours: 72, provider: "ciov" },
    { course: "Защита персональных данных в образовательной организации", hours: 36, provider: "ciov" },
  ],
  Лаборант: [{ course: "Безопасность работ в школьной химической лаборатории", hours: 16, provider: "safety" }, ...WORKER_COURSES],
  Библиотекарь: [{ course: "Школьная библиотека как информационно-библиотечный центр", hours: 36, provider: "toiuu" }],
};
export const DEFAULT_COURSES = WORKER_COURSES;

export interface AwardDef {
  title: string;
  share: number;
  /** Years of teaching before it can be given. */
  minYears: number;
  /** The first year it could be given (the body that gives it exists since then). */
  since: number;
  document: string;
}

/** Awards of long-serving teaching staff. */
export const AWARDS: readonly AwardDef[] = [
  { title: "Почётная грамота Министерства просвещения Российской Федерации", share: 0.2, minYears: 12, since: 2019, document: "Приказ Минпросвещения России" },
  { title: "Почётный работник сферы образования Российской Федерации", share: 0.08, minYears: 20, since: 2019, document: "Приказ Минпросвещения России" },
  {
    title: "Почётная грамота Министерства образования Тверской области",
    share: 0.25,
    minYears: 8,
    since: 2012,
    document: "Приказ Министерства образования Тверской области",
  },
  { title: "Благодарность управления образования администрации г. Заречного", share: 0.3, minYears: 3, since: 2005, document: "Приказ управления образования" },
];
