/** Russian wording of the setup pages, kept in one place so it stays consistent. */
import type { GradingMode, StudyGroupKind } from "../../generated/prisma/enums.ts";

export const GRADING_MODE_NAMES: Record<GradingMode, string> = {
  MARKS: "отметки",
  PASS_FAIL: "зачёт / незачёт",
  /** Issue 23: безотметочное обучение (e.g. ОРКСЭ): the journal takes no marks, reports expect none. */
  NONE: "без отметок",
};

/** Kinds of cross-class groups (R-JRN-13). */
export const STUDY_GROUP_KINDS: Record<StudyGroupKind, string> = {
  GPD: "Группа продлённого дня (ГПД)",
  ELECTIVE: "Элективный курс",
  OPTIONAL: "Факультатив",
  EXTRACURRICULAR: "Курс внеурочной деятельности",
};

export const TEXT = {
  yearClosed: "Учебный год закрыт: его классы, подгруппы и нагрузка доступны только для чтения (R-YR-1).",
  noYear: "В школе ещё нет учебного года. Сначала создайте его в разделе «Учебный год».",
  pickFromList: "Выберите значение из списка",
  pickTeacher: "Выберите учителя из списка",
  pickClass: "Выберите класс из списка",
  pickSubject: "Выберите предмет из списка",
  roomExists: "Кабинет с таким названием уже есть",
  roomInUse: "Кабинет используется, поэтому удалить его нельзя. Перенесите его в архив.",
  subjectExists: "Предмет с таким названием уже есть",
  subjectInUse: "Предмет используется (нагрузка, подгруппы, уроки или итоговые отметки), поэтому удалить его нельзя. Перенесите его в архив.",
  classExists: (name: string) => `Класс ${name} в этом учебном году уже есть`,
  leadsAnother: (teacher: string, cls: string) => `${teacher} уже классный руководитель ${cls} в этом учебном году`,
  classInUse: "Класс нельзя удалить: у него есть ученики, уроки или учебная нагрузка.",
  subgroupExists: "Подгруппа с таким названием по этому предмету уже есть",
  subgroupInUse: "Подгруппу нельзя удалить: по ней есть уроки или учебная нагрузка.",
  notInClass: "Отмечены ученики, которые не состоят в классе на эту дату",
  noClassInGrade: "В этой параллели в учебном году нет ни одного класса",
  groupExists: "Сводная группа с таким названием по этому курсу уже есть",
  ungradedKind: "ГПД и курсы внеурочной деятельности ведутся без отметок: выберите предмет с оцениванием «без отметок»",
  notInGroupGrades: "Отмечены ученики, которые на эту дату не учатся в классах параллелей группы",
  dateOutsideYear: (from: string, to: string) => `Дата должна быть в пределах учебного года: с ${from} по ${to}`,
  laterSubgroupChanges: (names: string) => `После этой даты уже есть изменения подгрупп по предмету у учеников: ${names}. Выберите более позднюю дату.`,
  subgroupMismatch: "Подгруппа должна относиться к выбранному классу и предмету",
  duplicateLoad: "Такая строка нагрузки уже есть: тот же класс, подгруппа, предмет и учитель. Измените часы в существующей строке.",
  oneDecimal: "Не больше одного знака после запятой, например 1,5",
  letter: "Одна заглавная русская буква, например «А»",
};

/** «1,5» for people. */
export function formatHours(n: number): string {
  return String(Math.round(n * 10) / 10).replace(".", ",");
}
