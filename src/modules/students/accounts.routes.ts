/**
 * Consent (POST /students/:id/consent) and issuing logins for a class (/students/accounts):
 * the page lists who gets a login and who is skipped for lack of consent; the POST answers with
 * the slips PDF directly, so the temporary passwords are never stored or shown anywhere else —
 * or, when asked and e-mail is on, sends them to the addresses of the people's cards (R-SEC-8).
 * POST /students/accounts/users/:id/password-email sends an existing account a new temporary
 * password by e-mail (R-SEC-3: the administrator, the class teacher for the own class).
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { attempt, bodyOf, formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { field, parseForm } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { emailTemporaryPassword } from "./accounts.email.ts";
import { issueAccountSlips, issuePlan, recordConsent, revokeConsent } from "./accounts.service.ts";
import { MAIL_TEXT } from "./accounts.text.ts";
import { emailEnabled } from "../notifications/notifications.service.ts";
import { STYLES } from "./students.http.ts";
import { renderFile } from "./file-page.ts";
import { consentSchema, issueSchema } from "./students.schemas.ts";
import { classOptions } from "./students.service.ts";
import { canIssueAccounts } from "./students.policy.ts";
import { TEXT } from "./students.text.ts";

export const accountsRouter = Router();

accountsRouter.post("/:id/consent", requirePermission("consent", "update"), async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(consentSchema, req.body);
  const errors = parsed.ok ? await formErrors(() => recordConsent(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) {
    const fields = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`consent.${k}`, v]));
    return renderFile(req, res, { errors: fields, values: { consent: typed(req.body) }, status: 422 });
  }
  flash(req, "ok", "Согласие на обработку персональных данных записано");
  res.redirect(`/students/${id}#consent`);
});

accountsRouter.post("/:id/consent/revoke", requirePermission("consent", "update"), async (req, res) => {
  const id = idParam(req);
  const personId = parseForm(consentSchema.pick({ personId: true }), req.body);
  if (personId.ok) await revokeConsent(actorOf(req), id, personId.data.personId);
  flash(req, "ok", "Отзыв согласия записан");
  res.redirect(`/students/${id}#consent`);
});

accountsRouter.get("/accounts", requirePermission("account-issue", "create"), async (req, res) => {
  const actor = actorOf(req);
  const classes = (await classOptions(actor)).filter((c) => canIssueAccounts(actor, c.value));
  const classId = queryId(req, "class") ?? (classes.length === 1 ? classes[0]!.value : null);
  const plan = classId ? await issuePlan(actor, classId) : null;
  res.page("students/accounts", { title: "Выдача логинов", classes, classId, plan, mailOn: emailEnabled(), MAIL_TEXT, styles: STYLES });
});

const issueForm = issueSchema.extend({ byEmail: field.checkbox() });

accountsRouter.post("/accounts", requirePermission("account-issue", "create"), async (req, res) => {
  const parsed = parseForm(issueForm, req.body);
  if (!parsed.ok) return res.redirect("/students/accounts");
  const site = `${req.protocol}://${req.get("host") ?? "localhost"}`;
  const issued = await issueAccountSlips(actorOf(req), parsed.data.classId, site, { byEmail: parsed.data.byEmail });
  if (issued.emailed) flash(req, "ok", MAIL_TEXT.emailed(issued.emailed));
  if (!issued.pdf) {
    if (!issued.emailed) flash(req, "info", TEXT.issuedNobody);
    return res.redirect(`/students/accounts?class=${parsed.data.classId}`);
  }
  sendPdf(res, issued.pdf, `Логины и пароли ${issued.className}.pdf`);
});

/** Where the e-mailed password's form came from: the class's issue page or the account page; else the issue page. */
function backOf(body: Record<string, unknown>): string {
  const back = typeof body.back === "string" ? body.back : "";
  return /^\/(students\/accounts\?class=\d{1,10}|admin\/users\/\d{1,10})$/.test(back) ? back : "/students/accounts";
}

accountsRouter.post("/accounts/users/:id/password-email", requirePermission("user", "update"), async (req, res) => {
  const done = await attempt(() => emailTemporaryPassword(actorOf(req), idParam(req)));
  if (done.ok) flash(req, "ok", MAIL_TEXT.passwordEmailed(done.value.address));
  else flash(req, "error", Object.values(done.errors).join(" "));
  res.redirect(backOf(bodyOf(req)));
});
