/**
 * Consent to personal-data processing (R-SEC-6) and issuing logins on paper slips or by e-mail (R-SEC-8).
 * A login is issued only to a student or parent with a recorded consent and no account; the temporary
 * password is hashed before it is stored and exists in clear text only inside the returned PDF or in
 * the letter to the person's own address (Person.email), sent through the notifications' delivery log.
 */
import type { Actor } from "../../access/actor.ts";
import type { Role } from "../../access/roles.ts";
import { can, canResetPassword } from "../../access/policy.ts";
import { config } from "../../config.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { Forbidden, NotFound, ValidationError } from "../../lib/errors.ts";
import { wakeWorkers } from "../../lib/queue.ts";
import { z } from "../../lib/validation.ts";
import { emailEnabled, sendEmail } from "../notifications/notifications.service.ts";
import { slipLetter } from "./accounts.text.ts";
import { endSessions } from "../auth/auth.service.ts";
import { formatDate, today } from "../../lib/dates.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { hashPassword, temporaryPassword } from "../../lib/passwords.ts";
import { contentWidth, createPdf, FONT, toBuffer, type PdfDoc } from "../../lib/pdf.ts";
import { suggestLogin } from "../admin/accounts.service.ts";
import { auditPersonal, notEndedBy, scopedStudent } from "./students.common.ts";
import { assertEditSection, canIssueAccounts, closedByRevocation, mayGetAccount } from "./students.policy.ts";
import { RELATIONS, TEXT } from "./students.text.ts";
import { clock } from "../../lib/clock.ts";

/** The people a consent may be recorded for from a student's file: the student and the linked parents. */
async function consentTarget(actor: Actor, studentId: number, personId: number, db: Db = prisma) {
  const { student, classIds } = await scopedStudent(actor, studentId, db);
  assertEditSection(actor, "consent", classIds);
  if (personId === student.personId) return student.person;
  const link = await db.parentLink.findFirst({ where: { schoolId: actor.schoolId, studentId: student.id, parentId: personId }, include: { parent: true } });
  if (!link) throw new ValidationError({ personId: TEXT.noConsentPerson });
  return link.parent;
}

/** Records (or renews) a consent: date, who recorded it, the document note. */
export async function recordConsent(actor: Actor, studentId: number, input: { personId: number; date: Date; documentNote: string | null }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const person = await consentTarget(actor, studentId, input.personId, tx);
    const before = await tx.personalDataConsent.findUnique({ where: { personId: person.id } });
    const data = { date: input.date, documentNote: input.documentNote, recordedById: actor.userId, recordedAt: clock.now(), revokedAt: null };
    await tx.personalDataConsent.upsert({ where: { personId: person.id }, create: { schoolId: actor.schoolId, personId: person.id, ...data }, update: data });
    await auditPersonal(tx, actor, "consent", person.id, before ? "update" : "create", {
      oldValue: before ? { consentDate: formatDate(before.date), documentNote: before.documentNote, revoked: !!before.revokedAt } : null,
      newValue: { consentDate: formatDate(input.date), documentNote: input.documentNote, revoked: false },
    });
    await setConsentBlock(tx, actor, person.id, false);
  });
}

/**
 * Withdraws a consent (R-SEC-6, issue 17): no new logins for the person, and the person's family account
 * (a student's or parent's, not a staff member's) is blocked at once and its sessions ended; the
 * diary data stays, it is the school's record. Recording the consent again lifts that block.
 */
export async function revokeConsent(actor: Actor, studentId: number, personId: number): Promise<void> {
  const blocked = await prisma.$transaction(async (tx) => {
    const person = await consentTarget(actor, studentId, personId, tx);
    const before = await tx.personalDataConsent.findUnique({ where: { personId: person.id } });
    if (!before || before.revokedAt) return null;
    await tx.personalDataConsent.update({ where: { personId: person.id }, data: { revokedAt: clock.now() } });
    await auditPersonal(tx, actor, "consent", person.id, "revoke", { oldValue: { revoked: false }, newValue: { revoked: true } });
    return setConsentBlock(tx, actor, person.id, true);
  });
  if (blocked) await endSessions(blocked);
}

/**
 * Blocks (`block`) the person's family account for a withdrawn consent, or lifts such a block when the
 * consent is recorded again; a block the administrator set is never lifted here, and a staff account
 * is left alone (its basis is the employment, not this consent). Audited; returns the user blocked.
 */
async function setConsentBlock(tx: Db, actor: Actor, personId: number, block: boolean): Promise<number | null> {
  const user = await tx.user.findFirst({ where: { schoolId: actor.schoolId, personId }, include: { roles: { select: { role: true } } } });
  if (!user || !closedByRevocation(user.roles.map((r) => r.role))) return null;
  if (block ? user.blocked : !user.blockedByConsent) return null;
  await tx.user.update({ where: { id: user.id }, data: { blocked: block, blockedByConsent: block } });
  await audit(tx, {
    schoolId: actor.schoolId,
    actorId: actor.userId,
    entity: "user",
    entityId: user.id,
    action: block ? "block" : "unblock",
    oldValue: { blocked: !block },
    newValue: { blocked: block },
    reason: block ? TEXT.consentBlockReason : TEXT.consentUnblockReason,
  });
  return block ? user.id : null;
}

/**
 * R-SEC-6 and R-REG-10 for every other way a login is made (the administrator's «account for a known
 * person», HR's staff logins): any login — a pupil's, a parent's or, since issue 17, a staff member's —
 * needs the person's recorded, not withdrawn consent. True when it is missing.
 */
export async function consentMissing(db: Db, schoolId: number, personId: number, roles: readonly Role[]): Promise<boolean> {
  if (!roles.length) return false;
  const consent = await db.personalDataConsent.findFirst({ where: { schoolId, personId }, select: { revokedAt: true } });
  return mayGetAccount({ hasUser: false, consent }) === "no-consent";
}

export interface IssueCandidate {
  personId: number;
  name: string;
  /** «ученик 5А» or «мать: Иванов Иван» */
  about: string;
  role: Role;
  status: "ok" | "has-account" | "no-consent";
  login: string | null;
  /** The account (has-account). */
  userId: number | null;
  /** The address of the person's card when it is a valid one (a login or a new password may be e-mailed there). */
  email: string | null;
  /** has-account: the actor may send a new temporary password there (R-SEC-3, an address on the card). */
  mayEmailPassword: boolean;
}

/** A card's address when it reads as one; null otherwise. */
export function mailAddress(raw: string | null | undefined): string | null {
  const a = raw?.trim() ?? "";
  return a && z.email().max(254).safeParse(a).success ? a : null;
}

const ACCOUNT = { id: true, login: true, roles: { select: { role: true } } } as const;

/** The class and who in it would get a login now (students, then parents), with the reason for the others. NotFound outside the actor's classes. */
export async function issuePlan(actor: Actor, classId: number) {
  return planIn(prisma, actor, classId);
}

/** issuePlan, read with `db` (the issuing transaction reads it again on locked rows). */
async function planIn(db: Db, actor: Actor, classId: number) {
  const cls = await db.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId }, include: { year: true } });
  if (!can(actor, "create", "account-issue")) throw new Forbidden();
  // A class teacher asking for another class: outside the scope, so a 404 (R-SEC-8).
  if (!cls || !canIssueAccounts(actor, cls.id)) throw new NotFound();
  const members = await db.classMembership.findMany({
    where: { schoolId: actor.schoolId, classId: cls.id, ...notEndedBy(today()) },
    include: {
      student: {
        include: {
          person: { include: { user: { select: ACCOUNT }, consent: true } },
          parentLinks: { include: { parent: { include: { user: { select: ACCOUNT }, consent: true } } } },
        },
      },
    },
  });
  const students = [...new Map(members.map((m) => [m.studentId, m.student])).values()].sort((a, b) => compareNames(a.person, b.person));
  const candidates: IssueCandidate[] = [];
  const seen = new Set<number>();
  const name = className(cls);
  const account = (p: { email: string | null; user: { id: number; login: string; roles: { role: Role }[] } | null }) => ({
    login: p.user?.login ?? null,
    userId: p.user?.id ?? null,
    email: mailAddress(p.email),
    mayEmailPassword:
      !!p.user &&
      !!mailAddress(p.email) &&
      canResetPassword(actor, { userId: p.user.id, schoolId: actor.schoolId, roles: p.user.roles.map((r) => r.role), familyClassIds: [cls.id] }),
  });
  for (const s of students) {
    seen.add(s.personId);
    candidates.push({
      personId: s.personId,
      name: fullName(s.person),
      about: `ученик(ца) ${name}`,
      role: "STUDENT",
      status: mayGetAccount({ hasUser: !!s.person.user, consent: s.person.consent }),
      ...account(s.person),
    });
  }
  for (const s of students)
    for (const l of s.parentLinks) {
      if (seen.has(l.parentId)) continue;
      seen.add(l.parentId);
      candidates.push({
        personId: l.parentId,
        name: fullName(l.parent),
        about: `${RELATIONS[l.relation]}: ${fullName(s.person)}, ${name}`,
        role: "PARENT",
        status: mayGetAccount({ hasUser: !!l.parent.user, consent: l.parent.consent }),
        ...account(l.parent),
      });
    }
  return { cls, className: name, candidates };
}

export interface Slip {
  name: string;
  about: string;
  login: string;
  /** Clear text only here: printed on the slip, never stored. */
  password: string;
}

/**
 * Issues logins to everyone of the class who has consent and no account, in one transaction
 * (audited, no passwords in the log). With `byEmail` (and e-mail on), a person whose card has an
 * address gets the login and the temporary password by e-mail (kind LOGIN_SLIP) instead of a
 * slip. Returns the slips to print, the people e-mailed and the skipped people (no consent).
 */
export async function issueAccounts(actor: Actor, classId: number, opts: { byEmail?: boolean } = {}) {
  const plan = await issuePlan(actor, classId);
  const ready = plan.candidates.filter((c) => c.status === "ok");
  const skipped = plan.candidates.filter((c) => c.status === "no-consent");
  const emailed: { name: string; address: string }[] = [];
  if (!ready.length) return { slips: [] as Slip[], emailed, skipped, className: plan.className };
  const byEmail = !!opts.byEmail && emailEnabled();
  const school = byEmail ? await prisma.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { name: true } }) : null;
  // The slow hashes before the transaction; each password lives only in this request.
  const secrets = await Promise.all(
    ready.map(async () => {
      const password = temporaryPassword();
      return { password, hash: await hashPassword(password) };
    }),
  );
  const slips = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "School" WHERE id = ${actor.schoolId} FOR UPDATE`;
    const fresh = await planIn(tx, actor, classId);
    const stillOk = new Map(fresh.candidates.filter((c) => c.status === "ok").map((c) => [c.personId, c]));
    const out: Slip[] = [];
    for (const [i, c] of ready.entries()) {
      if (!stillOk.has(c.personId)) continue;
      const person = await tx.person.findUniqueOrThrow({ where: { id: c.personId } });
      const login = await suggestLogin(person, tx);
      const user = await tx.user.create({
        data: {
          schoolId: actor.schoolId,
          personId: person.id,
          login,
          passwordHash: secrets[i]!.hash,
          mustChangePassword: true,
          roles: { create: [{ role: c.role }] },
        },
      });
      const address = school ? mailAddress(person.email) : null;
      const sent =
        address &&
        (await sendEmail(tx, {
          schoolId: actor.schoolId,
          userId: user.id,
          to: address,
          kind: "LOGIN_SLIP",
          ...slipLetter({
            schoolName: school!.name,
            firstName: person.firstName,
            middleName: person.middleName,
            siteUrl: config().publicUrl,
            login,
            password: secrets[i]!.password,
            fresh: true,
          }),
          dedupeKey: `login-slip:${user.id}:new`,
        }));
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "user",
        entityId: user.id,
        action: "create",
        newValue: {
          login,
          roles: [c.role],
          personId: person.id,
          person: fullName(person),
          issuedFor: plan.className,
          ...(sent && sent.queued ? { byEmail: true } : { slip: true }),
        },
      });
      if (sent && sent.queued) emailed.push({ name: c.name, address });
      else out.push({ name: c.name, about: c.about, login, password: secrets[i]!.password });
    }
    return out;
  }, TX);
  if (emailed.length) wakeWorkers("email-send");
  return { slips, emailed, skipped, className: plan.className };
}

const TX = { timeout: 60_000, maxWait: 20_000 };

/**
 * Issues the class's logins (issueAccounts) and prints them: the slips PDF with the school's full
 * name and the site's address, or no PDF when nobody needs a slip (nobody got a login now, or all
 * got it by e-mail). `emailed`: how many got it by e-mail.
 */
export async function issueAccountSlips(
  actor: Actor,
  classId: number,
  siteUrl: string,
  opts: { byEmail?: boolean } = {},
): Promise<{ pdf: Buffer | null; className: string; emailed: number }> {
  const result = await issueAccounts(actor, classId, opts);
  const emailed = result.emailed.length;
  if (!result.slips.length) return { pdf: null, className: result.className, emailed };
  const school = await prisma.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { name: true } });
  return { pdf: await slipsPdf(school.name, siteUrl, result.slips), className: result.className, emailed };
}

const INSTRUCTION = [
  "1. Откройте адрес сайта в браузере.",
  "2. Введите логин и временный пароль с этого листка.",
  "3. Система попросит придумать свой пароль: не короче 8 символов, не фамилия и не дата рождения.",
  "4. Никому не сообщайте пароль. Листок после входа уничтожьте.",
];

/** The slips PDF: one slip per person, four to an A4 page, with dashed lines to cut along. */
export async function slipsPdf(schoolName: string, siteUrl: string, slips: readonly Slip[]): Promise<Buffer> {
  const doc = createPdf({ title: "Логины и временные пароли", margin: 30 });
  drawSlips(doc, schoolName, siteUrl, slips);
  return toBuffer(doc, { numbers: false });
}

/** Draws the slips into `doc` from its current (fresh) page on; staff logins (issue 17) add a signature sheet after them. */
export function drawSlips(doc: PdfDoc, schoolName: string, siteUrl: string, slips: readonly Slip[]): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const perPage = 4;
  const slipHeight = (doc.page.height - doc.page.margins.top - doc.page.margins.bottom - 16) / perPage;
  for (const [i, s] of slips.entries()) {
    if (i > 0 && i % perPage === 0) doc.addPage();
    const top = doc.page.margins.top + (i % perPage) * slipHeight;
    if (i % perPage > 0)
      doc
        .moveTo(left, top)
        .lineTo(left + width, top)
        .dash(4, { space: 3 })
        .strokeColor("#777777")
        .lineWidth(0.6)
        .stroke()
        .undash();
    const x = left + 8;
    const w = width - 16;
    doc
      .fillColor("#000000")
      .font(FONT.regular)
      .fontSize(9)
      .text(schoolName, x, top + 10, { width: w });
    doc
      .font(FONT.bold)
      .fontSize(12)
      .text(s.name, x, doc.y + 2, { width: w });
    doc.font(FONT.regular).fontSize(9).text(s.about, x, doc.y, { width: w });
    const y = doc.y + 6;
    doc.font(FONT.regular).fontSize(11).text("Логин:", x, y, { width: 130, lineBreak: false });
    doc.font(FONT.bold).text(s.login, x + 130, y, { width: w - 130, lineBreak: false });
    doc.font(FONT.regular).text("Временный пароль:", x, y + 16, { width: 130, lineBreak: false });
    doc.font(FONT.bold).text(s.password, x + 130, y + 16, { width: w - 130, lineBreak: false });
    doc.font(FONT.regular).text("Адрес сайта:", x, y + 32, { width: 130, lineBreak: false });
    doc.text(siteUrl, x + 130, y + 32, { width: w - 130, lineBreak: false });
    doc
      .fontSize(8.5)
      .fillColor("#333333")
      .text(INSTRUCTION.join("\n"), x, y + 52, { width: w });
  }
}
