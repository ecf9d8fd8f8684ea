/**
 * What the demo school's board, messages and letters say (communication.ts writes it): Russian
 * texts built from the school's real people, classes and calendar, and the attachments — two PDF
 * files made with the product's own PDF helpers (src/lib/pdf.ts) and a CSV table.
 */
import { addDays, parseIsoDate, weekdayName } from "../lib/dates.ts";
import { createPdf, pdfHeader, pdfHeading, pdfSignatureLines, pdfTable, toBuffer } from "../lib/pdf.ts";
import { HOLIDAYS, YEAR } from "./calendar.ts";

const MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

/** «16 декабря». */
export function dayMonthText(day: Date): string {
  return `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}`;
}

/** «16 декабря (среда)». */
export function dayWithWeekday(day: Date): string {
  return `${dayMonthText(day)} (${weekdayName(day)})`;
}

/** The first working day (Monday–Friday) at least `days` days after `from`. */
export function workdayAfter(from: Date, days: number): Date {
  let d = addDays(from, days);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = addDays(d, 1);
  return d;
}

/** «Татьяна Аркадьевна»: how a parent or a colleague addresses a teacher. */
export const polite = (p: { firstName: string; middleName: string | null }) => [p.firstName, p.middleName].filter(Boolean).join(" ");

/** «А. А. Богданова»: a signature. */
export const initialsFirst = (p: { lastName: string; firstName: string; middleName: string | null }) =>
  `${[p.firstName, p.middleName]
    .filter((n): n is string => !!n)
    .map((n) => `${n.charAt(0)}.`)
    .join(" ")} ${p.lastName}`;

export interface AnnouncementText {
  title: string;
  body: string;
}

/**
 * The director's pinned announcement: the next holidays of the seeded calendar after `today`
 * (with the school's hours and a safety reminder for the season), or the end of the year.
 */
export function holidaysAnnouncement(today: Date, director: string): AnnouncementText {
  const next = HOLIDAYS.find((h) => h.gradeFrom === undefined && parseIsoDate(h.start)! > today);
  if (!next) {
    const end = parseIsoDate(YEAR.end)!;
    return {
      title: `Окончание учебного года ${YEAR.name}`,
      body: [
        "Уважаемые родители, обучающиеся и коллеги!",
        `Учебный год заканчивается **${dayMonthText(end)}**. Итоговые отметки будут выставлены в электронном журнале до этой даты.`,
        "Учебники сдаются в библиотеку по графику классных руководителей.",
        `Директор школы ${director}`,
      ].join("\n\n"),
    };
  }
  const start = parseIsoDate(next.start)!;
  const end = parseIsoDate(next.end)!;
  const winter = [11, 0, 1].includes(start.getUTCMonth());
  return {
    title: `${next.name}: с ${dayMonthText(start)} по ${dayMonthText(end)}`,
    body: [
      "Уважаемые родители, обучающиеся и коллеги!",
      `**${next.name}** продлятся с ${dayMonthText(start)} по ${dayMonthText(end)} включительно. Занятия начнутся ${dayWithWeekday(addDays(end, 1))} по обычному расписанию.`,
      [
        "В дни каникул школа работает по особому графику:",
        "- администрация принимает посетителей по будним дням с 9:00 до 15:00;",
        "- библиотека открыта по вторникам и четвергам с 10:00 до 14:00;",
        "- спортивные секции занимаются по своему расписанию (его сообщат тренеры).",
      ].join("\n"),
      winter
        ? "Просим родителей напомнить детям правила безопасного поведения на льду водоёмов и при обращении с пиротехникой."
        : "Просим родителей напомнить детям правила безопасного поведения на дорогах и у водоёмов.",
      `Директор школы ${director}`,
    ].join("\n\n"),
  };
}

/** The text of each seeded announcement besides the holidays (see communication.ts for who posts which to whom). */
export const ANNOUNCEMENTS = {
  concert: (day: Date): AnnouncementText => ({
    title: "Школьный концерт и ярмарка творческих работ",
    body: [
      `${dayWithWeekday(day)} в 17:00 в актовом зале — концерт учеников 1–11 классов, в рекреации второго этажа — ярмарка поделок кружков «Умелые руки» и «Мастерская».`,
      "Приглашаем родителей, бабушек и дедушек! Вход свободный, вторая обувь обязательна.",
      "Средства от ярмарки пойдут на новые книги для школьной библиотеки.",
    ].join("\n\n"),
  }),
  council: (day: Date): AnnouncementText => ({
    title: `Педагогический совет ${dayMonthText(day)}`,
    body: [
      `Уважаемые коллеги! ${dayWithWeekday(day)} в 15:00 в кабинете информатики — заседание педагогического совета.`,
      [
        "Повестка:",
        "1. Итоги успеваемости и посещаемости за четверть.",
        "2. Проверка электронного журнала: замечания и сроки их исправления.",
        "3. Подготовка к промежуточной аттестации.",
        "4. Разное.",
      ].join("\n"),
      "Классным руководителям — подготовить сводные ведомости класса из раздела «Отчёты». Явка обязательна.",
    ].join("\n\n"),
  }),
  excursion: (className: string, day: Date): AnnouncementText => ({
    title: `Экскурсия ${className} класса в краеведческий музей`,
    body: [
      `${dayWithWeekday(day)} ${className} класс едет на экскурсию «История родного края» в краеведческий музей. Сбор в 8:30 у главного входа школы, возвращение к 12:00.`,
      "Стоимость экскурсии и автобуса оплачивается из средств родительского комитета.",
      "Во вложении — памятка с программой и согласием родителя. Согласие, пожалуйста, подпишите и передайте классному руководителю до конца недели.",
    ].join("\n\n"),
  }),
  firstGrade: (): AnnouncementText => ({
    title: "Безотметочное обучение в 1 классе: что видно в электронном дневнике",
    body: [
      "Уважаемые родители первоклассников!",
      "В первом классе отметки не ставятся (безотметочное обучение), домашние задания не задаются. В электронном дневнике вы видите расписание, темы уроков и посещаемость.",
      [
        "Как следить за успехами ребёнка:",
        "- смотрите темы уроков в дневнике и обсуждайте их с ребёнком;",
        "- приходите на индивидуальные консультации учителя (график — у классного руководителя);",
        "- пишите учителю в разделе «Сообщения», если есть вопросы.",
      ].join("\n"),
    ].join("\n\n"),
  }),
  exams: (): AnnouncementText => ({
    title: "ГИА: сроки подачи заявлений и итоговое собеседование",
    body: [
      "Уважаемые выпускники 9 и 11 классов и их родители!",
      "**Заявления на участие в ГИА** (выбор предметов) принимаются в кабинете заместителя директора по УВР до 1 февраля для 11 классов и до 1 марта для 9 классов.",
      "Итоговое собеседование по русскому языку для 9 классов и итоговое сочинение для 11 классов — допуск к ГИА. Расписание консультаций — у классных руководителей.",
      "Нормативные документы — на официальном сайте [ФИПИ](https://fipi.ru).",
    ].join("\n\n"),
  }),
  classPhoto: (className: string, day: Date): AnnouncementText => ({
    title: `Фотографирование ${className} класса`,
    body: `${dayWithWeekday(day)} после третьего урока — фотографирование класса для памятного альбома. Просьба прийти в парадной форме. Заказ фотографий — по желанию, через родительский комитет.`,
  }),
  safetyWeek: (): AnnouncementText => ({
    title: "Неделя безопасности дорожного движения",
    body: [
      "В школе проходит неделя безопасности дорожного движения: классные часы, встреча с инспектором ГИБДД, конкурс рисунков «Дорога и мы».",
      "Просим родителей проверить, есть ли у детей светоотражающие элементы на одежде и рюкзаках.",
    ].join("\n\n"),
  }),
  vaccination: (day: Date): AnnouncementText => ({
    title: "Вакцинация сотрудников против гриппа",
    body: `Уважаемые коллеги! ${dayWithWeekday(day)} с 8:00 до 12:00 в медицинском кабинете — вакцинация против гриппа. Запись у медицинской сестры, при себе иметь полис ОМС и СНИЛС.`,
  }),
  consultation: (subject: string, className: string, day: Date): AnnouncementText => ({
    title: `Консультация по предмету «${subject}» перед контрольной работой`,
    body: [
      `Ребята ${className} класса! ${dayWithWeekday(day)} после шестого урока — консультация перед контрольной работой за четверть.`,
      "Приносите тетради с домашними работами и вопросы по темам, которые вызвали трудности.",
    ].join("\n\n"),
  }),
};

/** The texts of the seeded conversations. */
export const MESSAGES = {
  homeworkSubject: (subject: string) => `Домашнее задание (${subject})`,
  homeworkQuestion: (teacher: string, child: string, subject: string) =>
    `Здравствуйте, ${teacher}! ${child} не успела записать задание с доски, а в дневнике по предмету «${subject}» указано «упражнение по карточке». Подскажите, пожалуйста, где взять карточку и к какому уроку её сделать?`,
  homeworkAnswer: (parent: string) =>
    `Здравствуйте, ${parent}! Карточку прикладываю, её можно распечатать или сделать задания в тетради без распечатки. Сдать нужно к следующему уроку.\n\nЕсли что-то будет непонятно — пишите.`,
  homeworkThanks: "Спасибо большое, всё получили!",
  meetingSubject: (day: Date) => `Родительское собрание ${dayMonthText(day)}`,
  meetingInvite: (className: string, day: Date, room: string | null) =>
    [
      "Уважаемые родители!",
      `Приглашаю вас на родительское собрание ${className} класса ${dayWithWeekday(day)} в 18:00${room ? `, кабинет ${room}` : ""}.`,
      ["Темы:", "1. Итоги четверти: успеваемость и посещаемость.", "2. Экскурсия в краеведческий музей.", "3. Питание в школьной столовой."].join("\n"),
      "Если не сможете прийти, пожалуйста, ответьте на это сообщение.",
    ].join("\n\n"),
  meetingCannotCome: "Добрый вечер! К сожалению, прийти не смогу — работаю во вторую смену. Можно ли будет потом узнать итоги собрания у вас?",
  meetingWillCome: "Спасибо, придём обязательно.",
  controlSubject: "График контрольных работ",
  controlAsk: (teacher: string) =>
    `${teacher}, добрый день! Прошу до пятницы внести в журнал даты контрольных работ за четверть по вашим классам. Черновик графика — во вложении, поправьте, пожалуйста, даты, если нужно.`,
  controlAnswer: (deputy: string, className: string) =>
    `${deputy}, здравствуйте! Хорошо, даты внесу до пятницы. В ${className} контрольную придётся перенести на неделю позже — класс уезжает на экскурсию.`,
  controlAgree: (className: string) => `Перенос в ${className} согласован. Отметьте, пожалуйста, новую дату в журнале. Спасибо!`,
};

/** The memo attached to the class's excursion announcement: the programme and a consent form to sign. */
export async function excursionMemoPdf(p: { schoolName: string; className: string; day: Date; today: Date }): Promise<Buffer> {
  const doc = createPdf({ title: `Памятка: экскурсия ${p.className} класса` });
  pdfHeader(doc, {
    schoolName: p.schoolName,
    title: "Экскурсия «История родного края»",
    subtitle: `${p.className} класс, ${dayWithWeekday(p.day)}`,
    date: p.today,
  });
  pdfHeading(doc, "Программа");
  pdfTable(
    doc,
    [
      { header: "Время", width: 1 },
      { header: "Что происходит", width: 4 },
    ],
    [
      ["8:30", "Сбор у главного входа школы, перекличка"],
      ["8:45", "Выезд на автобусе от школы"],
      ["9:30–11:00", "Экскурсия по залам краеведческого музея"],
      ["11:00–11:30", "Мастер-класс «Письмо гусиным пером»"],
      ["12:00", "Возвращение в школу"],
    ],
  );
  pdfHeading(doc, "Что взять с собой");
  doc.text("Сменную обувь не нужно. Удобная одежда по погоде, бутылка воды, небольшой перекус. Телефоны в музее переводятся в беззвучный режим.");
  pdfHeading(doc, "Согласие родителя (законного представителя)");
  doc.text(`Я разрешаю своему ребёнку ______________________________ участвовать в экскурсии ${dayMonthText(p.day)} в сопровождении классного руководителя.`);
  pdfSignatureLines(doc, ["Подпись", "Дата"]);
  return toBuffer(doc);
}

/** The card the class teacher attaches to the reply about homework. */
export async function homeworkCardPdf(p: { schoolName: string; className: string; subject: string; today: Date }): Promise<Buffer> {
  const doc = createPdf({ title: `Карточка: ${p.subject}, ${p.className}` });
  pdfHeader(doc, { schoolName: p.schoolName, title: "Карточка к домашнему заданию", subtitle: `${p.subject}, ${p.className} класс`, date: p.today });
  const tasks =
    p.subject === "Русский язык"
      ? [
          "1. Спишите, вставляя пропущенные буквы и раскрывая скобки: (не)смотря на дождь; по(д)ъехать к школе; ц..фра, ц..ган, огурц..м.",
          "2. Просклоняйте словосочетания «новая тетрадь» и «зимний день». Обозначьте окончания.",
          "3. Составьте три предложения с однородными членами, расставьте знаки препинания.",
        ]
      : [
          "1. Повторите материал последнего параграфа учебника.",
          "2. Ответьте письменно на вопросы 1–3 в конце параграфа.",
          "3. Подготовьте один вопрос по теме к следующему уроку.",
        ];
  for (const t of tasks) doc.text(t).moveDown(0.5);
  return toBuffer(doc);
}

/** The draft schedule of control works the deputy attaches: a CSV table (semicolons, with a BOM so that Excel reads it as UTF-8). */
export function controlScheduleCsv(rows: readonly { className: string; subject: string; day: Date }[]): Buffer {
  const lines = ["Класс;Предмет;Дата;Вид работы", ...rows.map((r) => `${r.className};${r.subject};${dayMonthText(r.day)};контрольная работа за четверть`)];
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}
