/**
 * The year-close module's service API, for other modules, scripts and the benchmark: the year
 * selector of pages that can show a past year, closing a year (R-YR-1, R-YR-2) and the integrity of
 * archived years (R-INT-1). Each use case is in its own file; this one only re-exports them.
 *
 *   selectYear(req, schoolId, strict) / yearQuery(req) / STATUS_NAMES   the ?year= selector (year-select.ts)
 *   preCloseCheck / acknowledge                                       the pre-close check (check.service.ts)
 *   decisionClasses / classDecisions / saveClassDecisions / fillDefaultDecisions   the council's decisions
 *   startClose / closeYear / findRun / lastRun                        closing, in one transaction (close.service.ts)
 *   verifyYear / exportYear / verifyArchive / sealedYears              the seal of a closed year (integrity.service.ts)
 */
export { selectYear, yearQuery, STATUS_NAMES } from "../setup/year-select.service.ts";
export { acknowledge, preCloseCheck, type CheckItem, type PreCloseCheck } from "./check.service.ts";
export { classDecisions, decisionClasses, fillDefaultDecisions, saveClassDecisions } from "./decisions.service.ts";
export { closeYear, findRun, lastRun, startClose, type CloseOutcome, type CloseStats } from "./close.service.ts";
export { exportYear, sealedYears, verifyArchive, verifyYear, type IntegrityReport } from "./integrity.service.ts";
export { academicDebtsForStudent, defaultDebtDeadline } from "./debts.service.ts";
export { acknowledgeItems, closeOverview, closeRun, yearCheck, yearOfSchool } from "./overview.service.ts";
