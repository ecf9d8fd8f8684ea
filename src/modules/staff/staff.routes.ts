/** /staff: the personnel register and staff personal cards (R-REG-5), HR reports (R-RPT-5). ADMIN and HR only (R-ACL-3). */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { formatDate, isoDate, parseIsoDate, today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { createPdf, pdfHeader, pdfHeading, pdfTable, sendPdf, toBuffer } from "../../lib/pdf.ts";
import { field, listQuery, parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { dismissSchema, generalSchema, hireSchema, positionSchema, sectionSchemas, transferSchema } from "./staff.schemas.ts";
import {
  addPosition,
  addSectionRow,
  deleteSectionRow,
  dismissStaff,
  educationName,
  getCard,
  hireStaff,
  listStaff,
  rehireStaff,
  transferStaff,
  updateGeneral,
} from "./staff.service.ts";
import { hrReport } from "./staff.report.ts";
import { cardPdf } from "./staff.pdf.ts";
import { CATEGORY_NAMES, EDUCATION_LEVELS, EVENT_NAMES, SECTION_NAMES, SECTIONS, type Section } from "./staff.text.ts";

export const staffRouter = Router();
const styles = ["/static/css/staff.css"];
const view = requirePermission("staff-file", "view");
const create = requirePermission("staff-file", "create");
const update = requirePermission("staff-file", "update");

function idParam(req: Request, name = "id"): number {
  const r = parseForm(field.id(), req.params[name]);
  if (!r.ok) throw new NotFound();
  return r.data;
}

/** Runs a service call; field errors come back as a value for the form. */
async function attempt(fn: () => Promise<unknown>): Promise<FieldErrors | null> {
  try {
    await fn();
    return null;
  } catch (e) {
    if (e instanceof ValidationError) return e.fields;
    throw e;
  }
}

const lookups = {
  categories: Object.entries(CATEGORY_NAMES).map(([value, label]) => ({ value, label })),
  levels: Object.entries(EDUCATION_LEVELS).map(([value, label]) => ({ value, label })),
  EVENT_NAMES,
  CATEGORY_NAMES,
  SECTION_NAMES,
  educationName,
};

staffRouter.get("/staff", view, async (req, res) => {
  const { q, page } = listQuery.parse(req.query);
  const dismissed = req.query.dismissed === "1";
  const list = await listStaff(req.actor!, { q, page, dismissed });
  res.page("staff/list", { title: dismissed ? "Уволенные сотрудники" : "Сотрудники", list, q, dismissed, styles });
});

staffRouter.get("/staff/reports", requirePermission("hr-report", "view"), async (req, res) => {
  const on = (typeof req.query.on === "string" && parseIsoDate(req.query.on)) || today();
  res.page("staff/reports", { title: "Кадровые отчёты", report: await hrReport(req.actor!.schoolId, on), on, styles });
});

staffRouter.get("/staff/reports.pdf", requirePermission("hr-report", "view"), async (req, res) => {
  const on = (typeof req.query.on === "string" && parseIsoDate(req.query.on)) || today();
  const r = await hrReport(req.actor!.schoolId, on);
  const doc = createPdf({ title: "Кадровые отчёты" });
  pdfHeader(doc, { schoolName: req.actor!.schoolName, title: "Кадровые отчёты", subtitle: `на ${formatDate(on)}, всего работников: ${r.total}` });
  const table = (title: string, lines: { label: string; count: number; rate?: number }[], withRate = false) => {
    pdfHeading(doc, title);
    pdfTable(
      doc,
      [
        { header: "", width: 4 },
        { header: "Человек", width: 1, align: "right" },
        ...(withRate ? [{ header: "Ставок", width: 1, align: "right" as const }] : []),
      ],
      lines.map((l) => [l.label, String(l.count), ...(withRate ? [String(l.rate ?? 0).replace(".", ",")] : [])]),
    );
  };
  table("По должностям", r.byPosition, true);
  table("По квалификационной категории", r.byCategory);
  table("По образованию", r.byEducation);
  table("По возрасту", r.byAge);
  table("По общему стажу", r.byService);
  table("По педагогическому стажу", r.byTeaching);
  sendPdf(res, await toBuffer(doc), `hr-report-${isoDate(on)}.pdf`);
});

staffRouter.get("/staff/new", create, (_req, res) => {
  res.page("staff/new", { title: "Приём на работу", styles });
});

staffRouter.post("/staff", create, async (req, res) => {
  const parsed = parseForm(hireSchema, req.body);
  let id = 0;
  const errors = parsed.ok
    ? await attempt(async () => (id = (await hireStaff({ schoolId: req.actor!.schoolId, actorId: req.actor!.userId }, parsed.data)).id))
    : parsed.errors;
  if (errors) return res.page("staff/new", { title: "Приём на работу", values: req.body, errors, styles }, 422);
  flash(req, "ok", "Сотрудник принят на работу");
  res.redirect(`/staff/${id}`);
});

async function cardPage(req: Request, res: Response, extra: { form?: string; values?: Record<string, unknown>; errors?: FieldErrors } = {}, status = 200) {
  const card = await getCard(req.actor!, idParam(req));
  const p = card.person;
  const general = {
    lastName: p.lastName,
    firstName: p.firstName,
    middleName: p.middleName ?? "",
    birthDate: p.birthDate ? isoDate(p.birthDate) : "",
    sex: p.sex ?? "",
    phone: p.phone ?? "",
    email: p.email ?? "",
    personnelNumber: card.personnelNumber ?? "",
    serviceSince: card.serviceSince ? isoDate(card.serviceSince) : "",
    teachingSince: card.teachingSince ? isoDate(card.teachingSince) : "",
  };
  const form = extra.form ?? "";
  res.page(
    "staff/card",
    { title: card.name, card, general, form, formValues: extra.values ?? {}, formErrors: extra.errors ?? {}, sections: SECTIONS, ...lookups, styles },
    status,
  );
}

staffRouter.get("/staff/:id", view, (req, res) => cardPage(req, res));

staffRouter.get("/staff/:id/card.pdf", view, async (req, res) => {
  const card = await getCard(req.actor!, idParam(req));
  sendPdf(res, await cardPdf(req.actor!.schoolName, card, educationName), `staff-card-${card.id}.pdf`);
});

/** One form of the card: parse, call, redirect back to the card's section or show it again with errors. */
function cardForm(path: string, form: string, run: (req: Request) => Promise<FieldErrors | null>, done: string) {
  staffRouter.post(`/staff/:id/${path}`, update, async (req, res) => {
    const errors = await run(req);
    if (errors) return cardPage(req, res, { form, values: req.body, errors }, 422);
    flash(req, "ok", done);
    res.redirect(`/staff/${idParam(req)}#${form}`);
  });
}

cardForm(
  "general",
  "general",
  async (req) => {
    const parsed = parseForm(generalSchema, req.body);
    return parsed.ok ? attempt(() => updateGeneral(req.actor!, idParam(req), parsed.data)) : parsed.errors;
  },
  "Общие сведения сохранены",
);

cardForm(
  "transfer",
  "transfer",
  async (req) => {
    const parsed = parseForm(transferSchema, req.body);
    return parsed.ok ? attempt(() => transferStaff(req.actor!, idParam(req), parsed.data)) : parsed.errors;
  },
  "Перевод оформлен",
);

cardForm(
  "positions",
  "positions",
  async (req) => {
    const parsed = parseForm(positionSchema, req.body);
    return parsed.ok ? attempt(() => addPosition(req.actor!, idParam(req), parsed.data)) : parsed.errors;
  },
  "Должность добавлена",
);

cardForm(
  "dismiss",
  "dismiss",
  async (req) => {
    const parsed = parseForm(dismissSchema, req.body);
    return parsed.ok ? attempt(() => dismissStaff(req.actor!, idParam(req), parsed.data)) : parsed.errors;
  },
  "Сотрудник уволен, доступ к системе закрыт",
);

cardForm(
  "rehire",
  "rehire",
  async (req) => {
    const parsed = parseForm(transferSchema, req.body);
    return parsed.ok ? attempt(() => rehireStaff(req.actor!, idParam(req), parsed.data)) : parsed.errors;
  },
  "Сотрудник восстановлен на работе",
);

function sectionParam(req: Request): Section {
  const s = req.params.section as Section;
  if (!SECTIONS.includes(s)) throw new NotFound();
  return s;
}

staffRouter.post("/staff/:id/sections/:section", update, async (req, res) => {
  const section = sectionParam(req);
  const parsed = parseForm(sectionSchemas[section], req.body);
  const errors = parsed.ok ? await attempt(() => addSectionRow(req.actor!, idParam(req), section, parsed.data as Record<string, unknown>)) : parsed.errors;
  if (errors) return cardPage(req, res, { form: section, values: req.body, errors }, 422);
  flash(req, "ok", `Запись добавлена: ${SECTION_NAMES[section]}`);
  res.redirect(`/staff/${idParam(req)}#${section}`);
});

staffRouter.post("/staff/:id/sections/:section/:rowId/delete", update, async (req, res) => {
  const section = sectionParam(req);
  await deleteSectionRow(req.actor!, idParam(req), section, idParam(req, "rowId"));
  flash(req, "ok", "Запись удалена");
  res.redirect(`/staff/${idParam(req)}#${section}`);
});
