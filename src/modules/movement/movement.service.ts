/**
 * The movement book's service API (книга движения, R-REG-3..4, R-RPT-5): what the pages and other
 * modules (closing the year, the spreadsheet import, the staff register) call. One file per use
 * case; every function scopes its queries by the actor's (or the context's) school.
 *
 * Registering (register-order.service.ts; ValidationError 422 { field: message }, Locked 423 for a closed year)
 *   applyMovementOrder(tx, ctx, input)     one order inside the caller's transaction (closing the year: PROMOTE / GRADUATE)
 *   registerOrder(actor, input)            the page's order, with a new student for an enrolment
 *   createStudentCore / findSamePerson     a new student's person and student records; duplicates by name and birth date
 * Bulk enrolment (bulk-enrol.service.ts)
 *   enrolNewStudents(tx, ctx, list)        new students with their ENROL orders (the import)
 * Corrections by the administrator, with a logged reason (Forbidden 403 for anyone else)
 *   cancelOrder(actor, id, reason)         undoes the order's membership change (cancel-order.service.ts)
 *   correctOrderDetails(actor, id, input)  number, dates of the order, reason, the other school (correct-order.service.ts)
 * Reading (book.service.ts, movement.report.ts)
 *   bookFilter / listOrders / allOrders / getOrder / orderFormOptions / studentOptions / movementReport
 */
export type { MovementChanges, MovementContext } from "./movement.common.ts";
export {
  applyMovementOrder,
  createStudentCore,
  findSamePerson,
  registerOrder,
  type MovementInput,
  type NewStudentInput,
  type RegisterOrderInput,
} from "./register-order.service.ts";
export { enrolNewStudents, type NewEnrolment } from "./bulk-enrol.service.ts";
export { cancelOrder } from "./cancel-order.service.ts";
export { correctOrderDetails, type OrderDetailsInput } from "./correct-order.service.ts";
export {
  allOrders,
  bookFilter,
  getOrder,
  listOrders,
  orderFormOptions,
  studentOptions,
  BOOK_PAGE_SIZE,
  type BookFilter,
  type BookQuery,
  type BookRow,
} from "./book.service.ts";
export { movementReport, type ReportRow } from "./movement.report.ts";
export { strandedPreview, strandedEntries, type StrandedEntry, type StrandedDecision } from "./stranded.service.ts";
