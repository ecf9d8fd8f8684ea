/** Russian strings of the students' personal files (R-REG-1..2, R-REG-6, R-REG-8, R-SEC-6, R-SEC-8). */

export const TEXT = {
  /** Issue 17 (001 §3.14): the personal-data sections without a recorded non-disclosure undertaking. */
  pdClosed:
    "Медицинские, социально-психологические сведения и данные ГИА закрыты: ваше обязательство о неразглашении персональных данных не записано в реестре допущенных к персональным данным — обратитесь к специалисту по кадрам.",
  duplicate:
    "В школе уже есть человек с такими ФИО и датой рождения. Проверьте список ниже; если это действительно другой человек, отметьте «Всё равно создать».",
  pickClass: "Выберите класс",
  classClosed: "Учебный год этого класса закрыт",
  fromDateOutside: "Дата зачисления должна быть внутри учебного года класса",
  noConsentPerson: "Этот человек не относится к ученику",
  parentAlreadyLinked: "Этот человек уже указан родителем ученика",
  parentIsStudent: "Нельзя указать ученика его же родителем",
  pickPerson: "Выберите человека из списка",
  docIncomplete: "Укажите вид документа",
  snils: "СНИЛС в формате 123-456-789 01",
  giaNotGraduating: "ГИА ведётся только для выпускных 9-х и 11-х классов",
  giaSubjectTaken: "Этот предмет уже выбран",
  giaResultEmpty: "Укажите балл или отметку",
  giaSubjectUnknown: "Выберите предмет школы из списка",
  giaNoYear: "Нет текущего учебного года",
  noteEmpty: "Заполните поле",
  issuedNobody: "Некому выдавать логины: у всех есть учётная запись или нет согласия на обработку персональных данных.",
  revokeConsent: "Записать отзыв согласия",
  revokeConfirm:
    "Записать отзыв согласия? Учётная запись этого ученика или родителя будет сразу заблокирована, открытые сеансы завершатся; записи дневника сохраняются. Вход откроется, когда согласие будет записано вновь.",
  consentBlockReason: "Отзыв согласия на обработку персональных данных",
  consentUnblockReason: "Согласие на обработку персональных данных записано вновь",
};

/** Issue 23: the login beside the consent, as it truly is (students.policy loginConsentState). */
export const LOGIN_STATE: Record<"none" | "ok" | "staff" | "no-consent" | "revoked" | "revoked-open", { badge: string | null; hint: string | null }> = {
  none: { badge: null, hint: null },
  ok: { badge: null, hint: null },
  staff: { badge: "учётная запись сотрудника", hint: null },
  "no-consent": {
    badge: "вход выдан до записи согласия",
    hint: "Логин был выдан раньше, чем записано согласие. Запишите согласие по подписанному документу; если согласия нет и не будет, попросите администратора заблокировать учётную запись.",
  },
  revoked: {
    badge: "согласие отозвано, вход закрыт",
    hint: "Учётная запись заблокирована при записи отзыва согласия. Вход откроется, когда согласие будет записано вновь.",
  },
  "revoked-open": {
    badge: "согласие отозвано, вход открыт администратором",
    hint: "Согласие отозвано, но администратор разблокировал учётную запись. Запишите согласие вновь или попросите администратора заблокировать её.",
  },
};

export const RELATIONS = { MOTHER: "мать", FATHER: "отец", GUARDIAN: "опекун", OTHER: "иной законный представитель" } as const;
export const DOC_KINDS = {
  BIRTH_CERTIFICATE: "Свидетельство о рождении",
  PASSPORT: "Паспорт гражданина РФ",
  FOREIGN: "Документ иностранного гражданина",
  OTHER: "Иной документ",
} as const;
export const SEXES = { MALE: "мужской", FEMALE: "женский" } as const;
export const NOTE_KINDS = { ACHIEVEMENT: "Достижение", NOTE: "Заметка" } as const;
export const GIA_LEVELS = { OGE: "ОГЭ", EGE: "ЕГЭ", GVE: "ГВЭ" } as const;
export const HEALTH_GROUPS = ["I", "II", "III", "IV", "V"] as const;
export const PE_GROUPS = ["основная", "подготовительная", "специальная", "освобождён"] as const;

/** GIA subjects as the exam catalogue names them (both levels). */
export const GIA_SUBJECTS = [
  "Русский язык",
  "Математика",
  "Математика (базовый уровень)",
  "Математика (профильный уровень)",
  "Физика",
  "Химия",
  "Информатика",
  "Биология",
  "История",
  "География",
  "Обществознание",
  "Литература",
  "Английский язык",
  "Немецкий язык",
  "Французский язык",
  "Испанский язык",
  "Китайский язык",
] as const;

/** Labels of the audited personal-data fields (R-REG-6). */
export const FIELD_LABELS: Record<string, string> = {
  lastName: "Фамилия",
  firstName: "Имя",
  middleName: "Отчество",
  birthDate: "Дата рождения",
  sex: "Пол",
  email: "Электронная почта",
  phone: "Телефон",
  registrationAddress: "Адрес регистрации",
  actualAddress: "Фактический адрес",
  otherContacts: "Другие контакты",
  docKind: "Вид документа",
  docSeries: "Серия документа",
  docNumber: "Номер документа",
  docIssuedBy: "Кем выдан",
  docIssuedAt: "Дата выдачи",
  snils: "СНИЛС",
  workPlace: "Место работы",
  workPosition: "Должность",
  workPhone: "Рабочий телефон",
  healthGroup: "Группа здоровья",
  peGroup: "Физкультурная группа",
  conditions: "Заболевания, особенности",
  disability: "Инвалидность",
  ovz: "ОВЗ",
  ovzNote: "Заключение (инвалидность, ОВЗ)",
  socialStatus: "Социальный статус",
  deviantBehaviour: "Девиантное поведение, учёт",
  characteristic: "Психолого-педагогическая характеристика",
  largeFamily: "Многодетная семья",
  guardianship: "Под опекой (попечительством)",
  registeredPdn: "На учёте в ПДН / КДН и ЗП",
  registeredSchool: "На внутришкольном учёте",
  consentDate: "Согласие: дата",
  documentNote: "Согласие: документ",
  revoked: "Согласие отозвано",
  relation: "Кем приходится",
  parent: "Родитель",
  student: "Ученик",
  classId: "Класс",
  fromDate: "С даты",
  kind: "Вид записи",
  date: "Дата",
  text: "Текст",
  level: "Форма ГИА",
  subjectName: "Предмет ГИА",
  score: "Балл",
  mark: "Отметка",
  examDate: "Дата экзамена",
};

/** Sections of the change log (audit entities). */
export const PD_ENTITIES: Record<string, string> = {
  person: "Основные данные",
  "parent-link": "Родители",
  "student-note": "Достижения и заметки",
  "student-medical": "Медицинские сведения",
  "student-social": "Социально-психологические сведения",
  consent: "Согласие на обработку ПДн",
  "class-membership": "Зачисление в класс",
  gia: "ГИА",
};
