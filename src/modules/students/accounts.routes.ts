/**
 * Consent (POST /students/:id/consent) and issuing logins for a class (/students/accounts):
 * the page lists who gets a login and who is skipped for lack of consent; the POST answers with
 * the slips PDF directly, so the temporary passwords are never stored or shown anywhere else.
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { parseForm } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { issueAccountSlips, issuePlan, recordConsent, revokeConsent } from "./accounts.service.ts";
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
  res.page("students/accounts", { title: "Выдача логинов", classes, classId, plan, styles: STYLES });
});

accountsRouter.post("/accounts", requirePermission("account-issue", "create"), async (req, res) => {
  const parsed = parseForm(issueSchema, req.body);
  if (!parsed.ok) return res.redirect("/students/accounts");
  const site = `${req.protocol}://${req.get("host") ?? "localhost"}`;
  const issued = await issueAccountSlips(actorOf(req), parsed.data.classId, site);
  if (!issued.pdf) {
    flash(req, "info", TEXT.issuedNobody);
    return res.redirect(`/students/accounts?class=${parsed.data.classId}`);
  }
  sendPdf(res, issued.pdf, `Логины и пароли ${issued.className}.pdf`);
});
