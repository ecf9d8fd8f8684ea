/**
 * Issue 17 routes of the personnel register: withdrawing a staff consent (POST /staff/:id/consent/revoke),
 * removing a non-disclosure undertaking (POST /staff/:id/undertaking/remove) — recording both is a card
 * form of staff.routes.ts — «Учётные записи сотрудников»
 * (GET/POST /staff/accounts: the POST answers with the slips and the signature sheet as one PDF, so the
 * temporary passwords are never stored or shown anywhere else) and the register of staff admitted to
 * personal data (GET /staff/pd-register[.pdf|.xlsx]). Mounted before the card's /:id routes.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { bodyOf, idParam } from "../../lib/http.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { sendExport, type Format } from "../reports/export.service.ts";
import { issueStaffSchema } from "./staff.schemas.ts";
import {
  consentGrace,
  issueStaffAccounts,
  pdRegister,
  pdRegisterDoc,
  removeUndertaking,
  revokeStaffConsent,
  staffAccounts,
  staffSlipsPdf,
} from "./staff.service.ts";
import { ISSUE_STATUS, PD_TEXT } from "./staff.text.ts";

export const staffPdRouter = Router();
const styles = ["/static/css/staff.css"];
const issue = requirePermission("staff-account-issue", "create");
const register = requirePermission("pd-register", "view");
const updateFile = requirePermission("staff-file", "update");
export const recordUndertakingGuard = requirePermission("pd-register", "create");

async function accountsPage(req: Request, res: Response, extra: { errors?: FieldErrors; chosen?: number[] } = {}, status = 200) {
  const actor = actorOf(req);
  const [rows, grace] = await Promise.all([staffAccounts(actor), consentGrace(actor.schoolId)]);
  const show = req.query.show === "no-consent" ? "no-consent" : "all";
  const list = show === "no-consent" ? rows.filter((r) => r.consent !== "ok") : rows;
  res.page(
    "staff/accounts",
    { title: "Учётные записи сотрудников", rows: list, show, grace, errors: extra.errors ?? {}, chosen: extra.chosen ?? [], ISSUE_STATUS, PD_TEXT, styles },
    status,
  );
}

staffPdRouter.get("/accounts", issue, (req, res) => accountsPage(req, res));

staffPdRouter.post("/accounts", issue, async (req, res) => {
  const parsed = parseForm(issueStaffSchema, bodyOf(req));
  if (!parsed.ok || !parsed.data.staffIds.length) return accountsPage(req, res, { errors: { staffIds: PD_TEXT.nothingChosen } }, 422);
  const actor = actorOf(req);
  const issued = await issueStaffAccounts(actor, parsed.data.staffIds);
  if (!issued.slips.length) return accountsPage(req, res, { errors: { staffIds: PD_TEXT.issuedNobody }, chosen: parsed.data.staffIds }, 422);
  const site = `${req.protocol}://${req.get("host") ?? "localhost"}`;
  sendPdf(res, await staffSlipsPdf(actor.schoolName, site, issued.slips, issued.sheet), "Логины сотрудников и ведомость.pdf");
});

/** The register's format from the path: /pd-register, /pd-register.pdf, /pd-register.xlsx. */
const registerPage = (format: Format) => async (req: Request, res: Response) => {
  const actor = actorOf(req);
  const r = await pdRegister(actor);
  if (await sendExport(res, format, actor.schoolName, () => pdRegisterDoc(r))) return;
  res.page("staff/pd-register", { title: "Реестр допущенных к персональным данным", r, styles });
};
staffPdRouter.get("/pd-register", register, registerPage("html"));
staffPdRouter.get("/pd-register.pdf", register, registerPage("pdf"));
staffPdRouter.get("/pd-register.xlsx", register, registerPage("xlsx"));

staffPdRouter.post("/:id/consent/revoke", updateFile, async (req, res) => {
  await revokeStaffConsent(actorOf(req), idParam(req));
  flash(req, "ok", PD_TEXT.consentRevoked);
  res.redirect(`/staff/${idParam(req)}#pd`);
});

staffPdRouter.post("/:id/undertaking/remove", requirePermission("pd-register", "update"), async (req, res) => {
  await removeUndertaking(actorOf(req), idParam(req));
  flash(req, "ok", PD_TEXT.undertakingRemoved);
  res.redirect(`/staff/${idParam(req)}#pd`);
});
