/**
 * The school's editable reference lists (002 §4, 004 plan item 15, R-REG-9) and their built-in
 * entries. A built-in entry applies until the school saves a row with its code. Codes of the
 * "closed" lists are what the logic keys on (a withdrawal to another school needs the other
 * school's order, R-REG-4; the HR report ranks education levels; the medical reports count health
 * and PE groups): they are fixed — renamed or archived, never deleted — and no code is added there.
 */
export const REFERENCE_KINDS = ["LESSON_TYPE", "WITHDRAW_REASON", "POSITION", "EDUCATION_LEVEL", "HEALTH_GROUP", "PE_GROUP"] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export interface KindDef {
  title: string;
  /** What a record keeps: the entry's code, or its name as text (lesson types and positions are free text with suggestions). */
  stores: "code" | "name";
  /** The administrator may add entries of the school's own. */
  open: boolean;
  builtIn: readonly (readonly [code: string, name: string])[];
}

const numbered = (names: readonly string[]) => names.map((n, i) => [`B${i + 1}`, n] as const);

export const KINDS: Record<ReferenceKind, KindDef> = {
  LESSON_TYPE: {
    title: "Типы уроков",
    stores: "name",
    open: true,
    builtIn: numbered([
      "Урок открытия новых знаний",
      "Комбинированный урок",
      "Урок общеметодологической направленности",
      "Урок закрепления знаний",
      "Урок обобщения и систематизации",
      "Урок развивающего контроля",
      "Урок рефлексии",
      "Контрольный урок",
      "Урок-практикум",
      "Лабораторная работа",
      "Практическая работа",
      "Экскурсия",
    ]),
  },
  WITHDRAW_REASON: {
    title: "Причины выбытия",
    stores: "code",
    open: true,
    builtIn: [
      ["TO_SCHOOL", "Перевод в другую образовательную организацию"],
      ["TO_COLLEGE", "Поступление в организацию СПО"],
      ["FAMILY", "Переход на семейное образование"],
      ["MOVED_ABROAD", "Выезд за пределы РФ"],
      ["EXPELLED", "Отчисление"],
      ["DEATH", "Смерть"],
      ["OTHER", "Другое"],
    ],
  },
  POSITION: {
    title: "Должности",
    stores: "name",
    open: true,
    builtIn: numbered([
      "Директор",
      "Заместитель директора по учебно-воспитательной работе",
      "Заместитель директора по воспитательной работе",
      "Учитель",
      "Педагог-психолог",
      "Социальный педагог",
      "Педагог-организатор",
      "Педагог дополнительного образования",
      "Воспитатель группы продлённого дня",
      "Педагог-библиотекарь",
      "Медицинская сестра",
      "Секретарь",
      "Специалист по кадрам",
      "Лаборант",
    ]),
  },
  EDUCATION_LEVEL: {
    title: "Уровни образования",
    stores: "code",
    open: false,
    builtIn: [
      ["POSTGRAD", "Высшее (аспирантура, учёная степень)"],
      ["HIGHER", "Высшее"],
      ["SECONDARY_PROF", "Среднее профессиональное"],
      ["SECONDARY", "Среднее общее"],
    ],
  },
  HEALTH_GROUP: {
    title: "Группы здоровья",
    stores: "code",
    open: false,
    builtIn: [
      ["I", "I"],
      ["II", "II"],
      ["III", "III"],
      ["IV", "IV"],
      ["V", "V"],
    ],
  },
  PE_GROUP: {
    title: "Физкультурные группы",
    stores: "code",
    open: false,
    builtIn: [
      ["основная", "основная"],
      ["подготовительная", "подготовительная"],
      ["специальная", "специальная"],
      ["освобождён", "освобождён"],
    ],
  },
};

export const REF_TEXT = {
  title: "Справочники",
  added: "Значение добавлено",
  saved: "Значение сохранено",
  archived: "Значение убрано в архив: на старых записях оно остаётся, для новых не предлагается",
  restored: "Значение возвращено из архива",
  deleted: "Значение удалено",
  closedKind: "В этот справочник нельзя добавлять значения: по его кодам работают отчёты и проверки. Переименуйте нужное значение",
  fixedDelete: "Встроенное значение нельзя удалить: его можно переименовать или убрать в архив",
  usedDelete: (n: number) => `Значение уже указано в ${n} записях: удалить его нельзя, уберите его в архив`,
  duplicate: "Такое значение в справочнике уже есть",
  fixedBadge: "встроенное",
  archivedBadge: "в архиве",
} as const;
