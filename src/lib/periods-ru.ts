/**
 * Russian names of study periods, declined (issue 23): «1-я четверть», «за 1-ю четверть»,
 * «1-й четверти», «в 1-й четверти»; «1-е полугодие», «за 1-е полугодие», «1-го полугодия»;
 * «2-й триместр», «во 2-м триместре». The one place period names are made: pages, PDFs and
 * file names all go through it, so a period is never «2 четверть» on one page and «2-я» on another.
 */

export type PeriodKindName = "QUARTER" | "TRIMESTER" | "HALF";

/** Nominative, genitive, accusative, prepositional. */
export type PeriodCase = "nom" | "gen" | "acc" | "prep";

interface Forms {
  /** The ordinal ending after the hyphen: «1-я», «1-й», «1-ю»… */
  ending: Record<PeriodCase, string>;
  word: Record<PeriodCase, string>;
}

const FORMS: Record<PeriodKindName, Forms> = {
  QUARTER: {
    ending: { nom: "я", gen: "й", acc: "ю", prep: "й" },
    word: { nom: "четверть", gen: "четверти", acc: "четверть", prep: "четверти" },
  },
  TRIMESTER: {
    ending: { nom: "й", gen: "го", acc: "й", prep: "м" },
    word: { nom: "триместр", gen: "триместра", acc: "триместр", prep: "триместре" },
  },
  HALF: {
    ending: { nom: "е", gen: "го", acc: "е", prep: "м" },
    word: { nom: "полугодие", gen: "полугодия", acc: "полугодие", prep: "полугодии" },
  },
};

const isKind = (k: string): k is PeriodKindName => k in FORMS;

/** «1-я четверть» (nom), «1-й четверти» (gen), «1-ю четверть» (acc), «1-й четверти» (prep). */
export function periodName(p: { kind: string; number: number }, c: PeriodCase = "nom"): string {
  if (!isKind(p.kind)) return String(p.number);
  const f = FORMS[p.kind];
  return `${p.number}-${f.ending[c]} ${f.word[c]}`;
}

/** «за 1-ю четверть», «за 1-е полугодие»: what a journal, a report or a final mark is for. */
export function periodFor(p: { kind: string; number: number }): string {
  return `за ${periodName(p, "acc")}`;
}

/** «в 1-й четверти», «во 2-й четверти» (во второй), «во 2-м триместре», «в 1-м полугодии». */
export function periodIn(p: { kind: string; number: number }): string {
  return `${p.number === 2 ? "во" : "в"} ${periodName(p, "prep")}`;
}

const NAME_RE = /^(\d+)-(?:я|й|е) (четверть|триместр|полугодие)$/;
const KIND_BY_WORD: Record<string, PeriodKindName> = { четверть: "QUARTER", триместр: "TRIMESTER", полугодие: "HALF" };

/**
 * Declines a name made by periodName (nominative), for callers that carry only the name
 * («2-я четверть» → «2-ю четверть» in the accusative). Any other text is returned as it is.
 */
export function declinePeriodName(name: string, c: PeriodCase): string {
  const m = NAME_RE.exec(name.trim());
  if (!m) return name;
  return periodName({ kind: KIND_BY_WORD[m[2]!]!, number: Number(m[1]) }, c);
}

/** «q1», «t2», «h1»: a period in a download's file name (ASCII, stable). */
export function periodSlug(p: { kind: string; number: number }): string {
  const letter = p.kind === "TRIMESTER" ? "t" : p.kind === "HALF" ? "h" : "q";
  return `${letter}${p.number}`;
}
