/**
 * Texts for the seeded journal: lesson topics per subject and school stage
 * (following a plausible calendar-thematic plan, R-JRN-11; the lists are in
 * src/seed/data/topics-*.ts), homework templates, lesson types. Used by the
 * journal seed (src/seed/journal*.ts) only.
 */
import { ARTS_TOPICS } from "./data/topics-arts.ts";
import { HUMANITIES_TOPICS } from "./data/topics-humanities.ts";
import { LANGUAGE_TOPICS } from "./data/topics-languages.ts";
import { MATHS_TOPICS } from "./data/topics-maths.ts";
import { SCIENCE_TOPICS } from "./data/topics-sciences.ts";
import { stageOf, type SubjectKind, type TopicTable } from "./subject-kinds.ts";

const TOPICS: TopicTable = { ...MATHS_TOPICS, ...LANGUAGE_TOPICS, ...HUMANITIES_TOPICS, ...SCIENCE_TOPICS, ...ARTS_TOPICS };

const GENERIC = [
  "Введение. Цели и задачи курса",
  "Основные понятия",
  "Практическое занятие",
  "Решение задач по теме",
  "Повторение и обобщение",
  "Работа с источниками",
  "Проектная деятельность",
  "Итоговое повторение",
];

export function topicList(kind: SubjectKind, grade: number): string[] {
  const lists = TOPICS[kind];
  if (!lists) return GENERIC;
  const stage = stageOf(grade);
  return lists[stage] ?? lists.all ?? lists.middle ?? lists.primary ?? lists.senior ?? GENERIC;
}

/** The kinds of work other than «Ответ на уроке» that fit a subject (R-JRN-10). */
export function extraWorks(kind: SubjectKind): string[] {
  switch (kind) {
    case "physics":
    case "chemistry":
    case "biology":
      return ["Лабораторная работа", "Самостоятельная работа", "Проверочная работа", "Домашнее задание"];
    case "informatics":
    case "technology":
    case "geography":
    case "art":
    case "pe":
      return ["Практическая работа", "Проверочная работа"];
    case "russian":
    case "foreign":
      return ["Самостоятельная работа", "Проверочная работа", "Домашнее задание"];
    default:
      return ["Самостоятельная работа", "Проверочная работа", "Домашнее задание"];
  }
}

/** The control work of a subject; Russian alternates dictation and test. */
export function controlWork(kind: SubjectKind, n: number): string {
  if (kind === "russian" && n % 2 === 0) return "Диктант";
  return "Контрольная работа";
}

export const LESSON_TYPES = ["Урок открытия новых знаний", "Комбинированный урок", "Урок общеметодологической направленности", "Урок рефлексии"] as const;
export const CONTROL_LESSON_TYPE = "Урок развивающего контроля";

type Rand = (n: number) => number; // an integer in [0, n)

/** A homework text for the n-th topic of a subject; the numbers come from rand. */
export function homeworkText(kind: SubjectKind, grade: number, topicNo: number, rand: Rand): string {
  const p = 10 + topicNo * 6 + rand(5);
  const a = 20 + topicNo * 7 + rand(6);
  const par = topicNo + 1;
  const pick = (options: string[]) => options[rand(options.length)]!;
  if (grade <= 4) {
    return pick([
      `Учебник стр. ${p}, упр. ${(a % 40) + 1}`,
      `Стр. ${p}, № ${(a % 30) + 1}, ${(a % 30) + 3}`,
      `Рабочая тетрадь стр. ${Math.ceil(p / 2)}`,
      `Прочитать стр. ${p}–${p + 3}, ответить на вопросы`,
    ]);
  }
  switch (kind) {
    case "math":
    case "algebra":
    case "geometry":
    case "stats":
      return pick([
        `П. ${par}, № ${a}, ${a + 2}, ${a + 5}`,
        `№ ${a}–${a + 4} (чётные)`,
        `П. ${par}, выучить определения; № ${a}, ${a + 1}`,
        `Решить вариант ${1 + rand(4)} на карточке`,
      ]);
    case "russian":
      return pick([`Упр. ${a}, выучить правило на стр. ${p}`, `§ ${par}, упр. ${a}`, `Упр. ${a}, ${a + 2} (письменно)`, `Словарные слова стр. ${p}`]);
    case "literature":
    case "reading":
      return pick([
        `Прочитать стр. ${p}–${p + 14}, ответить на вопросы 1–${3 + rand(4)}`,
        `Выучить наизусть отрывок (стр. ${p})`,
        `Письменный ответ на вопрос ${1 + rand(5)} (стр. ${p})`,
        `Читательский дневник`,
      ]);
    case "foreign":
      return pick([
        `Ex. ${1 + rand(9)}, p. ${p}; выучить слова`,
        `Ex. ${2 + rand(8)}, ${3 + rand(8)}, p. ${p}`,
        `Рабочая тетрадь p. ${Math.ceil(p / 2)}`,
        `Выучить слова урока ${par}`,
      ]);
    case "physics":
    case "chemistry":
      return pick([
        `§ ${par}, упр. ${1 + rand(12)} (${1 + rand(4)}, ${2 + rand(4)})`,
        `§ ${par}, вопросы после параграфа`,
        `Задачи № ${a}, ${a + 1}`,
        `§ ${par}, оформить лабораторную работу`,
      ]);
    case "pe":
      return pick(["Комплекс утренней гимнастики", "Повторить упражнения на гибкость", "Прыжки со скакалкой, 3 подхода"]);
    case "art":
    case "music":
    case "technology":
      return pick(["Подготовить материалы к следующему уроку", "Закончить работу", `Подготовить сообщение (стр. ${p})`]);
    case "informatics":
      return pick([`§ ${par}, задания ${1 + rand(5)}–${5 + rand(5)}`, `§ ${par}, рабочая тетрадь № ${a}`, "Написать программу по заданию на карточке"]);
    default:
      return pick([
        `§ ${par}, вопросы ${1 + rand(3)}–${4 + rand(3)} на стр. ${p}`,
        `§ ${par}, заполнить таблицу`,
        `§ ${par}, подготовить пересказ`,
        `§ ${par}, термины выучить`,
      ]);
  }
}
