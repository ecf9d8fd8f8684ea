/** Russian strings of the movement book (книга движения), R-REG-3..4, R-RPT-5. */
import type { MovementKind } from "../../generated/prisma/enums.ts";

export const KIND_NAMES: Record<MovementKind, string> = {
  ENROL: "Зачисление",
  TRANSFER: "Перевод в другой класс",
  WITHDRAW: "Выбытие",
  PROMOTE: "Перевод в следующий класс",
  GRADUATE: "Выпуск",
};

export const MOVEMENT_KINDS = ["ENROL", "TRANSFER", "WITHDRAW", "PROMOTE", "GRADUATE"] as const satisfies readonly MovementKind[];
/** Kinds a user registers by hand; promotion and graduation come from closing the year. */
export const MANUAL_KINDS = ["ENROL", "TRANSFER", "WITHDRAW"] as const;

/** Reasons of a withdrawal; TO_SCHOOL needs the other school's enrolment order (R-REG-4). */
export const WITHDRAW_REASONS = {
  TO_SCHOOL: "Перевод в другую образовательную организацию",
  TO_COLLEGE: "Поступление в организацию СПО",
  FAMILY: "Переход на семейное образование",
  MOVED_ABROAD: "Выезд за пределы РФ",
  EXPELLED: "Отчисление",
  DEATH: "Смерть",
  OTHER: "Другое",
} as const;
export type WithdrawReason = keyof typeof WITHDRAW_REASONS;
export const WITHDRAW_REASON_CODES = Object.keys(WITHDRAW_REASONS) as [WithdrawReason, ...WithdrawReason[]];

/** Reasons of an enrolment. */
export const ENROL_REASONS = {
  FIRST_GRADE: "Приём в 1 класс",
  FROM_SCHOOL: "Прибытие из другой образовательной организации",
  FROM_FAMILY: "Переход с семейного образования",
  OTHER: "Другое",
} as const;
export type EnrolReason = keyof typeof ENROL_REASONS;
export const ENROL_REASON_CODES = Object.keys(ENROL_REASONS) as [EnrolReason, ...EnrolReason[]];

export function reasonName(kind: MovementKind, code: string | null): string {
  if (!code) return "";
  if (kind === "WITHDRAW") return WITHDRAW_REASONS[code as WithdrawReason] ?? code;
  if (kind === "ENROL") return ENROL_REASONS[code as EnrolReason] ?? code;
  return code;
}

export const TEXT = {
  pickClass: "Выберите класс",
  pickStudent: "Выберите ученика",
  classNotFound: "Класс не найден",
  studentNotFound: "Ученик не найден",
  outsideYear: (name: string, from: string, to: string) => `Дата вне учебного года ${name} (${from}–${to})`,
  orderAfterEffective: "Дата приказа не может быть позже даты движения более чем на месяц",
  alreadyInTarget: (cls: string) => `Ученик уже в классе ${cls}`,
  alreadyInClass: (cls: string, from: string) => `Ученик уже числится в классе ${cls} с ${from}: оформите перевод или выбытие`,
  notInClass: "Ученик на эту дату не числится ни в одном классе",
  notInClassOnDate: (from: string) => `Ученик числится в классе только с ${from}: дата должна быть позже`,
  laterOrder: (n: string, date: string) => `У ученика есть более поздний приказ № ${n} от ${date}: приказы оформляются по порядку дат`,
  sameClass: "Ученик уже в этом классе: выберите другой класс",
  otherYearClass: "Перевод внутри года: выберите класс того же учебного года",
  destSchoolRequired: "Укажите школу, в которую выбывает ученик",
  destOrderRequired: "Укажите номер приказа о зачислении в другой школе",
  destOrderDateRequired: "Укажите дату приказа о зачислении в другой школе",
  reasonRequired: "Выберите причину",
  withdrawReason: "Выберите причину выбытия из группы «Выбытие»",
  enrolReason: "Выберите причину зачисления из группы «Зачисление»",
  cancelReasonRequired: "Укажите причину отмены",
  alreadyCancelled: "Приказ уже отменён",
  notLatest: "Отменить можно только последний приказ ученика: сначала отмените более поздние",
  membershipChanged: "Членство в классе после приказа уже изменено: отмена невозможна",
  duplicateStudent: "Ученик с такими ФИО и датой рождения уже есть",
  personRequired: "Выберите ученика или заполните данные нового ученика",
  closedYear: (name: string) => `Учебный год ${name} закрыт: изменения невозможны`,
  promoteNextYear: "Перевод в следующий класс: выберите класс следующего учебного года",
  graduateClass: "Выпуск оформляется из выпускного класса",
  strandedAsk: (n: number, cls: string, from: string) =>
    `С ${from} в журнале ${cls} у ученика остаются записи (${n}): отметки, посещаемость или итоговые, — они ниже. Выберите, что с ними сделать, и отправьте приказ ещё раз.`,
  strandedRefused: (cls: string) =>
    `Приказ не сохранён: вы отказались от него из-за записей ученика в журнале ${cls} после даты движения. Исправьте дату приказа или записи в журнале.`,
  strandedRefuse: "Отказаться: приказ не сохранять (исправить дату или записи в журнале)",
  strandedKeep: (cls: string) =>
    `Сохранить приказ, записи оставить как отметки «из другого класса»: они не входят в показатели ${cls} (средний балл, ежемесячная проверка) и видны в журнале нового класса только для просмотра`,
};
