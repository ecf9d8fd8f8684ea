/**
 * HR issues logins to staff (issue 17, R-REG-10, R-SEC-8; 004 plan items 4 and 10): the page
 * «Учётные записи сотрудников» lists the working staff with and without a login; the chosen ones get a
 * login (with the roles their positions call for, never ADMIN) or — for an account not used yet — a new
 * temporary password, all in one transaction, and the answer is one PDF: the slips, four to a page, and
 * «Ведомость получения учётных данных» to sign. A login needs the staff member's recorded consent.
 * Passwords exist in clear text only inside that PDF; the audit keeps logins and roles, never a password.
 * An account that was used, or an administrator's, is reset by the administrator only (R-SEC-3): HR
 * re-issuing a password of a working account would let HR sign in as its owner.
 */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import type { Role } from "../../access/roles.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { formatDate, today } from "../../lib/dates.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import { hashPassword, temporaryPassword } from "../../lib/passwords.ts";
import { createPdf, pdfHeader, pdfTable, toBuffer } from "../../lib/pdf.ts";
import { createAccount, suggestLogin } from "../admin/accounts.service.ts";
import { endSessions } from "../auth/auth.service.ts";
import { drawSlips, type Slip } from "../students/accounts.service.ts";
import { workingOn } from "./staff.consent.ts";
import { grantableByHr, rolesForPositions } from "./staff.positions.ts";
import { PD_TEXT, type IssueStatus } from "./staff.text.ts";

export interface StaffAccountRow {
  staffId: number;
  personId: number;
  name: string;
  positions: string[];
  login: string | null;
  userId: number | null;
  /** The account's roles, or those a new login would get. */
  roles: Role[];
  consent: "ok" | "missing" | "revoked";
  status: IssueStatus;
}

/** Whether the actor may reset any staff password (the administrator: user update, R-SEC-3). */
const resetsAny = (actor: Actor) => can(actor, "update", "user");

/** The working staff of the school with their login state and what issuing would do. `ids` narrows to those staff. */
async function rowsIn(db: Db, actor: Actor, ids?: readonly number[]): Promise<StaffAccountRow[]> {
  const on = today();
  const staff = await db.staff.findMany({
    where: { ...workingOn(actor.schoolId, on), ...(ids ? { id: { in: [...ids] } } : {}) },
    include: {
      person: { include: { consent: true, user: { select: { id: true, login: true, blocked: true, lastLoginAt: true, roles: { select: { role: true } } } } } },
      positions: { where: { OR: [{ toDate: null }, { toDate: { gte: on } }] }, orderBy: { id: "asc" } },
    },
  });
  staff.sort((a, b) => compareNames(a.person, b.person));
  return staff.map((s) => {
    const user = s.person.user;
    const consent = !s.person.consent ? "missing" : s.person.consent.revokedAt ? "revoked" : "ok";
    const titles = s.positions.map((p) => p.title);
    const roles = user ? user.roles.map((r) => r.role) : grantableByHr(rolesForPositions(titles));
    let status: IssueStatus;
    if (consent !== "ok") status = consent === "missing" ? "no-consent" : "consent-revoked";
    else if (user?.blocked) status = "blocked";
    else if (user) status = resetsAny(actor) || (!user.lastLoginAt && !roles.includes("ADMIN")) ? "reissue" : "admin-only";
    else status = roles.length ? "new" : "no-role";
    return {
      staffId: s.id,
      personId: s.personId,
      name: fullName(s.person),
      positions: titles,
      login: user?.login ?? null,
      userId: user?.id ?? null,
      roles,
      consent,
      status,
    };
  });
}

/** The page's list. Forbidden without staff-account-issue. */
export async function staffAccounts(actor: Actor): Promise<StaffAccountRow[]> {
  if (!can(actor, "create", "staff-account-issue")) throw new Forbidden();
  return rowsIn(prisma, actor);
}

export interface SheetRow {
  name: string;
  position: string;
  login: string;
}

/**
 * Issues logins (or new temporary passwords) to the chosen staff: NotFound when an id is not a working
 * staff member of the actor's school (a crafted POST); the others are re-read in the transaction and
 * issued only when their status still allows it. Returns the slips and the sheet rows, in name order,
 * and the skipped with their reason.
 */
export async function issueStaffAccounts(actor: Actor, staffIds: readonly number[]) {
  if (!can(actor, "create", "staff-account-issue")) throw new Forbidden();
  const ids = [...new Set(staffIds)];
  const planned = await rowsIn(prisma, actor, ids);
  if (planned.length !== ids.length) throw new NotFound();
  const ready = planned.filter((r) => r.status === "new" || r.status === "reissue");
  const skipped = planned.filter((r) => !ready.includes(r));
  // The slow hashes before the transaction; each password lives only in this request.
  const secrets = new Map(
    await Promise.all(
      ready.map(async (r) => {
        const password = temporaryPassword();
        return [r.staffId, { password, hash: await hashPassword(password) }] as const;
      }),
    ),
  );
  const reset: number[] = [];
  const issued = await prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "School" WHERE id = ${actor.schoolId} FOR UPDATE`;
      const fresh = await rowsIn(
        tx,
        actor,
        ready.map((r) => r.staffId),
      );
      const out: { slip: Slip; sheet: SheetRow }[] = [];
      for (const r of fresh) {
        const secret = secrets.get(r.staffId);
        if (!secret || (r.status !== "new" && r.status !== "reissue")) continue;
        const person = await tx.person.findUniqueOrThrow({ where: { id: r.personId } });
        let login: string;
        if (r.status === "new") {
          login = await suggestLogin(person, tx);
          await createAccount(tx, actor, person.id, login, secret.hash, r.roles, { person: r.name, staffId: r.staffId, issuedBy: "staff-accounts" });
        } else {
          login = r.login!;
          await tx.user.update({ where: { id: r.userId! }, data: { passwordHash: secret.hash, mustChangePassword: true, lockedUntil: null, failedLogins: 0 } });
          await audit(tx, {
            schoolId: actor.schoolId,
            actorId: actor.userId,
            entity: "user",
            entityId: r.userId!,
            action: "reset-password",
            newValue: { mustChangePassword: true, issuedBy: "staff-accounts" },
          });
          reset.push(r.userId!);
        }
        const position = r.positions.join(", ");
        out.push({ slip: { name: r.name, about: position || "сотрудник", login, password: secret.password }, sheet: { name: r.name, position, login } });
      }
      return out;
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  for (const userId of reset) await endSessions(userId);
  return { slips: issued.map((i) => i.slip), sheet: issued.map((i) => i.sheet), skipped };
}

/** One PDF: the slips (four to an A4 page) and then «Ведомость получения учётных данных» with a line to sign for each. */
export async function staffSlipsPdf(schoolName: string, siteUrl: string, slips: readonly Slip[], sheet: readonly SheetRow[], on = today()): Promise<Buffer> {
  const doc = createPdf({ title: PD_TEXT.slipsTitle, margin: 30 });
  drawSlips(doc, schoolName, siteUrl, slips);
  doc.addPage();
  pdfHeader(doc, { schoolName, title: PD_TEXT.sheetTitle, subtitle: `Дата выдачи: ${formatDate(on)}` });
  pdfTable(
    doc,
    [
      { header: "№", width: 24 },
      { header: "ФИО", width: 150 },
      { header: "Должность", width: 120 },
      { header: "Логин", width: 90 },
      { header: "Дата", width: 58 },
      { header: "Подпись", width: 90 },
    ],
    sheet.map((r, i) => [String(i + 1), r.name, r.position, r.login, formatDate(on), ""]),
  );
  return toBuffer(doc, { numbers: true });
}
