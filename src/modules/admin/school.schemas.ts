/** The school settings form (/admin/school), parsed with zod; the forecast thresholds must fall 5 > 4 > 3; the file limits. */
import { config } from "../../config.ts";
import { field, parseForm, z, type FieldErrors } from "../../lib/validation.ts";

const MSG = {
  twoDecimals: "Не больше двух знаков после запятой",
  grades: "Выберите классы из списка (от 1 до 11)",
  thresholdsOrder: "Пороги должны убывать: для «5» больше, чем для «4», для «4» больше, чем для «3»",
  serverLimit: (mb: number) => `Сервер принимает за одну отправку не больше ${mb} МБ (настройка UPLOAD_LIMIT_MB): укажите не больше ${mb}`,
};

/**
 * Issue 23: the grades taught without marks, as checkboxes (values 1–11). The form also sends
 * `ungradedGradesShown`, so no box ticked is an empty list; a post without either field leaves
 * the setting as it is (undefined).
 */
const ungradedGrades = z.preprocess(
  (v) => (v === undefined ? undefined : (Array.isArray(v) ? (v as unknown[]) : [v]).filter((x) => x !== "")),
  z
    .array(z.unknown())
    .transform((list, ctx) => {
      const grades = list.map(Number);
      if (grades.some((g) => !Number.isInteger(g) || g < 1 || g > 11)) {
        ctx.addIssue({ code: "custom", message: MSG.grades });
        return z.NEVER;
      }
      return [...new Set(grades)].sort((a, b) => a - b);
    })
    .optional(),
);

/** A limit of the form: required when the field is posted (an emptied field is an error), kept as it is when the post has no such field. */
const limit = (min: number, max: number, what: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? Number.NaN : v), field.int(min, max, what).optional());

const threshold = () => field.decimal(1, 5).refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, MSG.twoDecimals);

const schoolSchema = z.object({
  name: field.text(300),
  shortName: field.text(100),
  address: field.optionalText(500),
  lockDays: field.int(1, 365, "число дней"),
  sessionIdleMinutes: field.int(5, 480, "число минут"),
  lateControlWorkDays: field.int(1, 60, "число дней"),
  weekDays: field.enumOf(["5", "6"], "Выберите 5 или 6 дней").transform(Number),
  forecastThreshold5: threshold(),
  forecastThreshold4: threshold(),
  forecastThreshold3: threshold(),
  ungradedGrades,
  // Issue 17: fewer marks than this in a subject of the period puts a pupil at risk of not being certified.
  minMarksForCertification: limit(1, 20, "число отметок"),
  // Issue 17: academic debts are liquidated by this day and month after the year (default 15 October).
  debtDeadlineDay: limit(1, 31, "день"),
  debtDeadlineMonth: limit(1, 12, "месяц"),
  // Issue 15: attachments (per file, per message) and messages per user per hour. The file size
  // cannot exceed what the server accepts in one upload (UPLOAD_LIMIT_MB).
  maxFileMb: limit(1, 50, "число мегабайт"),
  maxFilesPerMessage: limit(1, 20, "число файлов"),
  messagesPerHour: limit(1, 1000, "число сообщений"),
  // Issue 17 (R-JRN-14): homework entered later than the class's last lesson plus these minutes is late.
  homeworkAllowanceMinutes: limit(0, 720, "число минут"),
  // Issue 17 (R-GIA-1): how the final marks of grades 9 and 11 are proposed; kept as they are when not posted.
  finalRule9: field.enumOf(["YEAR", "MEAN", "MAX"], "Выберите правило из списка").optional(),
  finalRule11: field.enumOf(["YEAR", "MEAN", "MAX"], "Выберите правило из списка").optional(),
});
export type SchoolInput = z.output<typeof schoolSchema>;

/** School settings (R-JRN-5 lockDays, R-SEC-4 idle minutes, R-RPT-1 late days, forecast thresholds 5 > 4 > 3). */
export function parseSchool(input: unknown): { ok: true; data: SchoolInput } | { ok: false; errors: FieldErrors } {
  const body = (input ?? {}) as Record<string, unknown>;
  const shown = body.ungradedGradesShown !== undefined && body.ungradedGrades === undefined;
  const r = parseForm(schoolSchema, shown ? { ...body, ungradedGrades: [] } : body);
  if (!r.ok) return r;
  const d = r.data;
  const serverMb = Math.floor(config().uploadLimitBytes / 1024 / 1024);
  if (d.maxFileMb !== undefined && d.maxFileMb > serverMb) return { ok: false, errors: { maxFileMb: MSG.serverLimit(serverMb) } };
  if (d.forecastThreshold5 > d.forecastThreshold4 && d.forecastThreshold4 > d.forecastThreshold3) return r;
  return {
    ok: false,
    errors: d.forecastThreshold5 <= d.forecastThreshold4 ? { forecastThreshold4: MSG.thresholdsOrder } : { forecastThreshold3: MSG.thresholdsOrder },
  };
}
