/**
 * Consent (POST /students/:id/consent) and issuing logins for a class (/students/accounts):
 * the page lists who gets a login and who is skipped for lack of consent; the POST answers with
 * the slips PDF directly, so the temporary passwords are never stored or shown anywhere else.
 */
import { Router } from "express";
import { requirePermission } from "../../access/policy.ts";
import { parseForm } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { prisma } from "../../lib/db.ts";
import { issueAccounts, issuePlan, recordConsent, revokeConsent, slipsPdf } from "./accounts.service.ts";
import { attempt, idParam, queryId, STYLES } from "./students.http.ts";
import { renderFile } from "./file-page.ts";
import { consentSchema, issueSchema } from "./students.schemas.ts";
import { classOptions } from "./students.service.ts";
import { canIssueAccounts } from "./students.policy.ts";
import { TEXT } from "./students.text.ts";

export const accountsRouter = Router();

accountsRouter.post("/students/:id/consent", requirePermission("consent", "update"), async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(consentSchema, req.body);
  const r = parsed.ok ? await attempt(() => recordConsent(req.actor!, id, parsed.data)) : { ok: false as const, errors: parsed.errors };
  if (!r.ok) {
    const errors = Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [`consent.${k}`, v]));
    return renderFile(req, res, { errors, values: { consent: req.body }, status: 422 });
  }
  flash(req, "ok", "Согласие на обработку персональных данных записано");
  res.redirect(`/students/${id}#consent`);
});

accountsRouter.post("/students/:id/consent/revoke", requirePermission("consent", "update"), async (req, res) => {
  const id = idParam(req);
  const personId = parseForm(consentSchema.pick({ personId: true }), req.body);
  if (personId.ok) await revokeConsent(req.actor!, id, personId.data.personId);
  flash(req, "ok", "Отзыв согласия записан");
  res.redirect(`/students/${id}#consent`);
});

accountsRouter.get("/students/accounts", requirePermission("account-issue", "create"), async (req, res) => {
  const actor = req.actor!;
  const classes = (await classOptions(actor)).filter((c) => canIssueAccounts(actor, c.value));
  const classId = queryId(req, "class") ?? (classes.length === 1 ? classes[0]!.value : null);
  const plan = classId ? await issuePlan(actor, classId) : null;
  res.page("students/accounts", { title: "Выдача логинов", classes, classId, plan, styles: STYLES });
});

accountsRouter.post("/students/accounts", requirePermission("account-issue", "create"), async (req, res) => {
  const parsed = parseForm(issueSchema, req.body);
  if (!parsed.ok) return res.redirect("/students/accounts");
  const result = await issueAccounts(req.actor!, parsed.data.classId);
  if (!result.slips.length) {
    flash(req, "info", TEXT.issuedNobody);
    return res.redirect(`/students/accounts?class=${parsed.data.classId}`);
  }
  const school = await prisma.school.findUniqueOrThrow({ where: { id: req.actor!.schoolId }, select: { name: true } });
  const site = `${req.protocol}://${req.get("host") ?? "localhost"}`;
  const pdf = await slipsPdf(school.name, site, result.slips);
  sendPdf(res, pdf, `logins-${result.className}.pdf`);
});
