/**
 * What other modules use of the reports' export (issue 17: the register of staff admitted to
 * personal data): one ReportDoc → the page's tables, a PDF and an .xlsx, the same for every report.
 */
export { formatOf, sendExport, type Format, type ReportDoc, type ReportTable } from "./reports.common.ts";
