/** Russian texts of the graduates' exam and final marks (issue 17, R-GIA-1). */
import type { FinalMarkRule } from "../../generated/prisma/enums.ts";

/** The rules the administrator chooses per graduating grade (school settings). */
export const FINAL_RULE_NAMES: Record<FinalMarkRule, string> = {
  YEAR: "годовая отметка",
  MEAN: "среднее арифметическое годовой и экзаменационной (x,5 — в пользу ученика)",
  MAX: "не ниже годовой (большая из годовой и экзаменационной)",
};

export const MSG = {
  notGraduating: "Итоговые отметки для аттестата выставляются только в 9-х и 11-х классах",
  closedYear: (name: string) => `Учебный год ${name} закрыт: отметки изменить нельзя`,
  examValue: "Экзаменационная отметка: 5, 4, 3 или 2 (пусто — нет отметки)",
  finalValue: (allowed: readonly string[]) => `Итоговая отметка: ${allowed.join(", ")} (пусто — нет отметки)`,
  noExam: "По этому предмету экзаменационная отметка не ставится",
  notMember: "Ученик не учится в этом классе",
  unknownCell: "Такого ученика или предмета нет в ведомости класса",
  saved: (n: number) => (n ? `Сохранено отметок: ${n}` : "Изменений нет"),
  confirmed: (n: number) => (n ? `Подтверждено предложенных итоговых отметок: ${n}` : "Нет предложенных отметок для подтверждения"),
};
