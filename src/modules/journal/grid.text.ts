/**
 * What the journal grid says when a key cannot do what was typed (issue 23): why a cell is
 * read-only and which values a column takes. The page hands them to public/js/journal.js in
 * data-msg-* attributes, so the refusals of the server (MSG) and the keyboard use one wording.
 * «{key}» is replaced with the key that was pressed.
 */
import { MSG } from "./journal.text.ts";

export const GRID_TEXT = {
  readOnly: "Эту клетку изменить нельзя: только просмотр.",
  future: MSG.future,
  locked: MSG.locked,
  markKey: "«{key}» — такой отметки нет: отметка — цифра от 1 до 5.",
  attendanceKey: "«{key}» — не отметка посещаемости: н, б, у, п или о.",
  finalKey: (allowed: readonly string[]) => `«{key}» — такой итоговой отметки нет: ${allowed.join(", ")}.`,
  noFinal: "Итоговые отметки по этому предмету не выставляются.",
  noMarks: MSG.marksNotUsed,
  skip: "К отметкам",
  /** R-JRN-14: the journal's late entries in the period, as the monthly check counts them. */
  lateEntries: (topics: number, homework: number) =>
    `Записано несвоевременно за период: тем уроков позже дня урока — ${topics}, домашних заданий позже срока — ${homework}. ` +
    "Так их считает ежемесячная проверка журналов: тема записывается в день урока, д/з — не позже установленного школой срока после последнего урока класса.",
};
