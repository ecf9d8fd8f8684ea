/**
 * What a subject is, for the seeded journal's texts: its kind recognised from
 * its Russian name, and the school stage of a grade.
 */

export type Stage = "primary" | "middle" | "senior"; // 1–4, 5–9, 10–11

export function stageOf(grade: number): Stage {
  return grade <= 4 ? "primary" : grade <= 9 ? "middle" : "senior";
}

/** What a subject is, recognised from its Russian name. */
export type SubjectKind =
  | "math"
  | "algebra"
  | "geometry"
  | "stats"
  | "russian"
  | "reading"
  | "literature"
  | "foreign"
  | "history"
  | "social"
  | "geography"
  | "biology"
  | "physics"
  | "chemistry"
  | "informatics"
  | "world"
  | "art"
  | "music"
  | "technology"
  | "pe"
  | "safety"
  | "ethics"
  | "other";

const KIND_PATTERNS: [RegExp, SubjectKind][] = [
  [/вероятн|статист/i, "stats"],
  [/алгебр/i, "algebra"],
  [/геометр/i, "geometry"],
  [/математ/i, "math"],
  [/литературн.*чтени|чтени/i, "reading"],
  [/литератур/i, "literature"],
  [/русск|родной язык/i, "russian"],
  [/английск|немецк|французск|иностран|китайск/i, "foreign"],
  [/истори/i, "history"],
  [/обществ/i, "social"],
  [/географ/i, "geography"],
  [/биолог/i, "biology"],
  [/физическ.*культ|физкульт/i, "pe"],
  [/физик/i, "physics"],
  [/хими/i, "chemistry"],
  [/информат/i, "informatics"],
  [/окружающ/i, "world"],
  [/изобраз|ИЗО|искусств/i, "art"],
  [/музык/i, "music"],
  [/технолог|труд/i, "technology"],
  [/безопасн|ОБЖ|ОБЗР/i, "safety"],
  [/религ|этик|ОРКСЭ|ОДНКНР|духовно/i, "ethics"],
];

export function subjectKind(name: string): SubjectKind {
  for (const [re, kind] of KIND_PATTERNS) if (re.test(name)) return kind;
  return "other";
}

/** Lesson topics of subject kinds, per stage, or the same for all stages. */
export type TopicTable = Partial<Record<SubjectKind, Partial<Record<Stage, string[]>> & { all?: string[] }>>;
