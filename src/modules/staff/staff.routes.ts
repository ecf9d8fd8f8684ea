/** /staff: the personnel register and staff personal cards (R-REG-5), HR reports (R-RPT-5). ADMIN and HR only (R-ACL-3). */
import { Router, type Request, type RequestHandler, type Response } from "express";
import { actorOf, type Actor } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { isoDate, parseIsoDate, today } from "../../lib/dates.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { listQuery, parseForm, type FieldErrors, type z } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import {
  dismissSchema,
  generalSchema,
  hireSchema,
  positionSchema,
  sectionSchemas,
  staffConsentSchema,
  transferSchema,
  undertakingSchema,
} from "./staff.schemas.ts";
import { recordUndertakingGuard, staffPdRouter } from "./staff.pd.routes.ts";
import {
  addPosition,
  addSectionRow,
  ctxOf,
  deleteSectionRow,
  dismissStaff,
  consentGrace,
  educationName,
  getCard,
  hireStaff,
  hrReport,
  listStaff,
  recordStaffConsent,
  recordUndertaking,
  rehireStaff,
  transferStaff,
  updateGeneral,
} from "./staff.service.ts";
import { cardPdf, hrReportPdf } from "./staff.pdf.ts";
import { referenceNames, referenceOptions } from "../references/references.service.ts";
import { CATEGORY_NAMES, EDUCATION_LEVELS, EVENT_NAMES, PD_TEXT, SECTION_NAMES, SECTIONS, serviceText, type Section } from "./staff.text.ts";

export const staffRouter = Router();
const styles = ["/static/css/staff.css"];
const view = requirePermission("staff-file", "view");
const create = requirePermission("staff-file", "create");
const update = requirePermission("staff-file", "update");

// Issue 17: staff logins, the register of staff admitted to personal data (before the card's /:id routes).
staffRouter.use(staffPdRouter);

const lookups = {
  categories: Object.entries(CATEGORY_NAMES).map(([value, label]) => ({ value, label })),
  levels: Object.entries(EDUCATION_LEVELS).map(([value, label]) => ({ value, label })),
  EVENT_NAMES,
  CATEGORY_NAMES,
  SECTION_NAMES,
  educationName,
};

/** The school's reference lists (R-REG-9): education levels by their names there, positions as suggestions. */
async function schoolLists(schoolId: number) {
  const [levels, names, positions] = await Promise.all([
    referenceOptions(schoolId, "EDUCATION_LEVEL"),
    referenceNames(schoolId, "EDUCATION_LEVEL"),
    referenceOptions(schoolId, "POSITION"),
  ]);
  return { levels, educationName: (level: string) => names.get(level) ?? educationName(level), positions: positions.map((p) => p.value) };
}

staffRouter.get("/", view, async (req, res) => {
  const { q, page } = listQuery.parse(req.query);
  const dismissed = req.query.dismissed === "1";
  const actor = actorOf(req);
  const list = await listStaff(actor, { q, page, dismissed });
  const grace = await consentGrace(actor.schoolId);
  res.page("staff/list", { title: dismissed ? "Уволенные сотрудники" : "Сотрудники", list, q, dismissed, grace, PD_TEXT, styles });
});

/** ?on= of the HR reports: a valid day, else today. */
const reportDay = (req: Request): Date => (typeof req.query.on === "string" && parseIsoDate(req.query.on)) || today();

staffRouter.get("/reports", requirePermission("hr-report", "view"), async (req, res) => {
  const on = reportDay(req);
  res.page("staff/reports", { title: "Кадровые отчёты", report: await hrReport(actorOf(req).schoolId, on), on, styles });
});

staffRouter.get("/reports.pdf", requirePermission("hr-report", "view"), async (req, res) => {
  const on = reportDay(req);
  const report = await hrReport(actorOf(req).schoolId, on);
  sendPdf(res, await hrReportPdf(actorOf(req).schoolName, report, on), `Кадровый отчёт на ${isoDate(on)}.pdf`);
});

staffRouter.get("/new", create, (_req, res) => {
  res.page("staff/new", { title: "Приём на работу", styles });
});

staffRouter.post("/", create, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(hireSchema, body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = (await hireStaff(ctxOf(actorOf(req)), parsed.data)).id)) : parsed.errors;
  if (errors) return res.page("staff/new", { title: "Приём на работу", values: typed(body), errors, styles }, 422);
  flash(req, "ok", "Сотрудник принят на работу");
  res.redirect(`/staff/${id}`);
});

async function cardPage(req: Request, res: Response, extra: { form?: string; values?: Record<string, unknown>; errors?: FieldErrors } = {}, status = 200) {
  const card = await getCard(actorOf(req), idParam(req));
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
    {
      title: card.name,
      card,
      general,
      service: { total: serviceText(card.serviceSince, today()), teaching: serviceText(card.teachingSince, today()) },
      form,
      formValues: extra.values ?? {},
      formErrors: extra.errors ?? {},
      sections: SECTIONS,
      PD_TEXT,
      ...lookups,
      ...(await schoolLists(actorOf(req).schoolId)),
      styles,
    },
    status,
  );
}

staffRouter.get("/:id", view, (req, res) => cardPage(req, res));

staffRouter.get("/:id/card.pdf", view, async (req, res) => {
  const card = await getCard(actorOf(req), idParam(req));
  if (card.pdClosed) throw new Forbidden(PD_TEXT.cardClosed);
  sendPdf(res, await cardPdf(actorOf(req).schoolName, card, educationName), `Личная карточка ${card.name}.pdf`);
});

/** One form of the card (/staff/:id/<form>): parse, call the service, back to the card's section or the card again with errors. */
function cardForm<S extends z.ZodType>(
  form: string,
  schema: S,
  run: (actor: Actor, staffId: number, data: z.output<S>) => Promise<unknown>,
  done: string,
  guard: RequestHandler = update,
) {
  staffRouter.post(`/:id/${form}`, guard, async (req, res) => {
    const body = bodyOf(req);
    const parsed = parseForm(schema, body);
    const errors = parsed.ok ? await formErrors(() => run(actorOf(req), idParam(req), parsed.data)) : parsed.errors;
    if (errors) return cardPage(req, res, { form, values: typed(body), errors }, 422);
    flash(req, "ok", done);
    res.redirect(`/staff/${idParam(req)}#${form}`);
  });
}

cardForm("general", generalSchema, updateGeneral, "Общие сведения сохранены");
cardForm("transfer", transferSchema, transferStaff, "Перевод оформлен");
cardForm("positions", positionSchema, addPosition, "Должность добавлена");
cardForm("dismiss", dismissSchema, dismissStaff, "Сотрудник уволен, доступ к системе закрыт");
cardForm("rehire", transferSchema, rehireStaff, "Сотрудник восстановлен на работе");
cardForm("consent", staffConsentSchema, recordStaffConsent, PD_TEXT.consentSaved);
cardForm("undertaking", undertakingSchema, recordUndertaking, PD_TEXT.undertakingSaved, recordUndertakingGuard);

function sectionParam(req: Request): Section {
  const s = req.params.section as Section;
  if (!SECTIONS.includes(s)) throw new NotFound();
  return s;
}

staffRouter.post("/:id/sections/:section", update, async (req, res) => {
  const section = sectionParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(sectionSchemas[section], body);
  const errors = parsed.ok ? await formErrors(() => addSectionRow(actorOf(req), idParam(req), section, parsed.data)) : parsed.errors;
  if (errors) return cardPage(req, res, { form: section, values: typed(body), errors }, 422);
  flash(req, "ok", `Запись добавлена: ${SECTION_NAMES[section]}`);
  res.redirect(`/staff/${idParam(req)}#${section}`);
});

staffRouter.post("/:id/sections/:section/:rowId/delete", update, async (req, res) => {
  const section = sectionParam(req);
  await deleteSectionRow(actorOf(req), idParam(req), section, idParam(req, "rowId"));
  flash(req, "ok", "Запись удалена");
  res.redirect(`/staff/${idParam(req)}#${section}`);
});
