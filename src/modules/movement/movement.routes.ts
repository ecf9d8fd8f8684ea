/** /movement: the movement book (R-REG-3..4), its printout and the movement report (R-RPT-5). */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { formatDate, isoDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, queryText, typed } from "../../lib/http.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { sendPdf } from "../../lib/pdf.ts";
import {
  allOrders,
  bookFilter,
  cancelOrder,
  correctOrderDetails,
  getOrder,
  listOrders,
  movementReport,
  orderFormOptions,
  registerOrder,
  strandedPreview,
  type BookFilter,
  type BookRow,
} from "./movement.service.ts";
import { bookPdf, orderDetails, reportPdf } from "./movement.pdf.ts";
import { bookQuery, cancelSchema, correctSchema, isManualKind, parseOrderForm } from "./movement.schemas.ts";
import { ENROL_REASONS, KIND_NAMES, MANUAL_KINDS, MOVEMENT_KINDS, TEXT, WITHDRAW_REASONS } from "./movement.text.ts";
import { referenceNames, referenceOptions } from "../references/references.service.ts";

export const movementRouter = Router();

/** The school's names of the withdrawal reasons (reference lists, R-REG-9): renamed built-in ones and the school's own. */
const reasonNames = (req: Request) => referenceNames(actorOf(req).schoolId, "WITHDRAW_REASON");
const styles = ["/static/css/movement.css"];
const scripts = ["/static/js/movement.js"];
const view = requirePermission("movement", "view");
const create = requirePermission("movement", "create");
const enrolReasons = Object.entries(ENROL_REASONS).map(([value, label]) => ({ value, label }));

/** The year, the period and the filters of a book or report page, and the same as a query string for its links. */
async function filters(req: Request) {
  const q = bookQuery.parse(req.query);
  const { years, year, classes, f } = await bookFilter(actorOf(req), q);
  const query = new URLSearchParams({
    ...(year ? { year: String(year.id) } : {}),
    from: isoDate(f.from),
    to: isoDate(f.to),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.classId ? { class: String(f.classId) } : {}),
  }).toString();
  return { page: q.page, years, year, classes, f, query };
}

function subtitle(f: BookFilter, classes: { value: number; label: string }[]): string {
  const parts = [`с ${formatDate(f.from)} по ${formatDate(f.to)}`];
  if (f.kind) parts.push(KIND_NAMES[f.kind]);
  if (f.classId) parts.push(`класс ${classes.find((c) => c.value === f.classId)?.label ?? ""}`);
  return parts.join(", ");
}

movementRouter.get("/", view, async (req, res) => {
  const { page, years, year, classes, f, query } = await filters(req);
  const book = await listOrders(actorOf(req), f, page);
  const kinds = MOVEMENT_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] }));
  const names = await reasonNames(req);
  res.page("movement/book", { title: "Книга движения", book, years, year, classes, f, query, kinds, details: (r: BookRow) => orderDetails(r, names), styles });
});

movementRouter.get("/book.pdf", view, async (req, res) => {
  const { classes, f } = await filters(req);
  const rows = await allOrders(actorOf(req), f);
  sendPdf(
    res,
    await bookPdf(actorOf(req).schoolName, subtitle(f, classes), rows, await reasonNames(req)),
    `Книга движения учащихся ${formatDate(f.from)}–${formatDate(f.to)}.pdf`,
  );
});

movementRouter.get("/report", view, async (req, res) => {
  const { years, year, f, query } = await filters(req);
  const report = year ? await movementReport(actorOf(req).schoolId, year.id, f.from, f.to) : null;
  const names = await reasonNames(req);
  const reasonTitle = (c: keyof typeof WITHDRAW_REASONS) => names.get(c) ?? WITHDRAW_REASONS[c];
  res.page("movement/report", { title: "Отчёт о движении учащихся", report, years, year, f, query, WITHDRAW_REASONS, reasonTitle, styles });
});

movementRouter.get("/report.pdf", view, async (req, res) => {
  const { year, f } = await filters(req);
  if (!year) throw new NotFound();
  const report = await movementReport(actorOf(req).schoolId, year.id, f.from, f.to);
  const pdf = await reportPdf(actorOf(req).schoolName, `${year.name}, с ${formatDate(f.from)} по ${formatDate(f.to)}`, report, await reasonNames(req));
  sendPdf(res, pdf, `Отчёт о движении учащихся ${formatDate(f.from)}–${formatDate(f.to)}.pdf`);
});

/** The new order form; the duplicate-student error of an enrolment is shown beside the new student's last name too. */
async function orderFormPage(
  req: Request,
  res: Response,
  values: Record<string, unknown>,
  errors: FieldErrors = {},
  status = 200,
  stranded: Awaited<ReturnType<typeof strandedPreview>> = null,
) {
  const kind = isManualKind(values.kind) ? values.kind : "ENROL";
  const kinds = MANUAL_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] }));
  const shown = errors.lastName ? { ...errors, newLastName: errors.lastName } : errors;
  const options = await orderFormOptions(actorOf(req));
  res.page(
    "movement/order-form",
    {
      title: "Новый приказ",
      kind,
      kinds,
      ...options,
      // The school's reasons of withdrawal (reference lists, R-REG-9): archived ones are not offered.
      withdrawReasons: await referenceOptions(actorOf(req).schoolId, "WITHDRAW_REASON"),
      enrolReasons,
      styles,
      scripts,
      values,
      errors: shown,
      stranded,
      TEXT,
    },
    status,
  );
}

movementRouter.get("/new", create, async (req, res) => {
  const asked = queryText(req, "kind");
  await orderFormPage(req, res, { kind: isManualKind(asked) ? asked : "ENROL" });
});

movementRouter.post("/", create, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseOrderForm(body);
  let order = { id: 0, number: "" };
  const errors = parsed.ok ? await formErrors(async () => (order = await registerOrder(actorOf(req), parsed.data))) : parsed.errors;
  // A backdated order's entries left in the old class's journal are listed beside the choice (stranded.service.ts).
  const stranded = errors?.stranded && parsed.ok ? await strandedPreview(actorOf(req), parsed.data) : null;
  if (errors) return orderFormPage(req, res, typed(body), errors, 422, stranded);
  flash(req, "ok", `Приказ № ${order.number} зарегистрирован`);
  res.redirect(`/movement/${order.id}`);
});

/** An order's page with its correction and cancellation forms; `values` typed into them override the order's own. */
async function orderPage(req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, status = 200) {
  const order = await getOrder(actorOf(req), idParam(req));
  const own = { ...order, orderDate: isoDate(order.orderDate), destOrderDate: order.destOrderDate ? isoDate(order.destOrderDate) : "" };
  const withdrawReasons = await referenceOptions(actorOf(req).schoolId, "WITHDRAW_REASON", order.reason);
  const locals = {
    title: `Приказ № ${order.number}`,
    order,
    details: orderDetails(order, await reasonNames(req)),
    withdrawReasons,
    enrolReasons,
    styles,
    scripts,
  };
  res.page("movement/order", { ...locals, values: { ...own, ...values }, errors }, status);
}

movementRouter.get("/:id", view, (req, res) => orderPage(req, res));

movementRouter.post("/:id/cancel", requirePermission("movement", "delete"), async (req, res) => {
  const parsed = parseForm(cancelSchema, req.body);
  const errors = parsed.ok ? await formErrors(() => cancelOrder(actorOf(req), idParam(req), parsed.data.cancelReason)) : parsed.errors;
  if (errors) return orderPage(req, res, typed(req.body), errors, 422);
  flash(req, "ok", "Приказ отменён, изменения членства в классе возвращены");
  res.redirect(`/movement/${idParam(req)}`);
});

movementRouter.post("/:id/correct", requirePermission("movement", "update"), async (req, res) => {
  const parsed = parseForm(correctSchema, req.body);
  const errors = parsed.ok ? await formErrors(() => correctOrderDetails(actorOf(req), idParam(req), parsed.data)) : parsed.errors;
  if (errors) return orderPage(req, res, typed(req.body), errors, 422);
  flash(req, "ok", "Приказ исправлен");
  res.redirect(`/movement/${idParam(req)}`);
});
