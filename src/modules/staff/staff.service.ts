/**
 * The personnel register (R-REG-5): staff personal cards with general data, positions and workload,
 * employment history by orders (hire, transfer, dismissal), education, qualification category,
 * awards, professional training and methodical work. A dismissal moves the person to the register
 * of dismissed staff and takes away access: the account is blocked and its sessions are ended.
 * Every change is audited. Only the administrator and HR reach these functions (staff-file, R-ACL-3).
 *
 * What routes and other modules import; the use cases live in staff.register.ts (the list and the
 * card), staff.orders.ts (general data and orders), staff.sections.ts (the card's sections) and
 * staff.report.ts (HR reports, R-RPT-5).
 */
export { ctxOf, type Ctx } from "./staff.common.ts";
export { educationName, getCard, listStaff, PAGE_SIZE } from "./staff.register.ts";
export { addPosition, dismissStaff, hireStaff, rehireStaff, transferStaff, updateGeneral } from "./staff.orders.ts";
export { addSectionRow, deleteSectionRow } from "./staff.sections.ts";
export { hrReport } from "./staff.report.ts";
export { consentGrace, recordStaffConsent, revokeStaffConsent } from "./staff.consent.ts";
export { PD_TEXT } from "./staff.text.ts";
export { issueStaffAccounts, staffAccounts, staffSlipsPdf } from "./staff.accounts.ts";
export { pdRegister, pdRegisterDoc, recordUndertaking, removeUndertaking } from "./staff.pd-register.ts";
