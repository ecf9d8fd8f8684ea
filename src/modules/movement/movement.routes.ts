/** /movement: the movement book (R-REG-3..4), its printout and the movement report (R-RPT-5). */
import { Router, type Request } from "express";
import type { Actor } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { addDays, formatDate, isoDate, today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { prisma } from "../../lib/db.ts";
import { className } from "../../lib/names.ts";
import { parseForm, field, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { yearsOf } from "../years/years.service.ts";
import { allOrders, cancelOrder, correctOrderDetails, getOrder, listOrders, registerOrder, studentOptions, type BookFilter } from "./movement.service.ts";
import { movementReport } from "./movement.report.ts";
import { bookPdf, orderDetails, reportPdf } from "./movement.pdf.ts";
import { bookQuery, cancelSchema, correctSchema, newStudentSchema, orderSchema } from "./movement.schemas.ts";
import { ENROL_REASONS, KIND_NAMES, MANUAL_KINDS, MOVEMENT_KINDS, WITHDRAW_REASONS } from "./movement.text.ts";

export const movementRouter = Router();
const styles = ["/static/css/movement.css"];
const scripts = ["/static/js/movement.js"];

/** The year, the period (default: the whole year with its summer) and the filters of a book or report page. */
async function filters(req: Request, actor: Actor) {
  const q = bookQuery.parse(req.query);
  const years = await yearsOf(actor.schoolId);
  const year = (q.year ? years.find((y) => y.id === q.year) : null) ?? years.find((y) => y.status === "CURRENT") ?? years[0] ?? null;
  if (q.year && year?.id !== q.year) throw new NotFound();
  const from = q.from ?? year?.startDate ?? today();
  const to = q.to ?? (year ? addDays(year.endDate, 92) : from);
  const classes = year
    ? await prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: year.id }, orderBy: [{ grade: "asc" }, { letter: "asc" }] })
    : [];
  const classId = q.class && classes.some((c) => c.id === q.class) ? q.class : null;
  const f: BookFilter = { from, to: to < from ? from : to, kind: q.kind, classId };
  const query = new URLSearchParams({
    ...(year ? { year: String(year.id) } : {}),
    from: isoDate(f.from),
    to: isoDate(f.to),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(classId ? { class: String(classId) } : {}),
  }).toString();
  return { q, years, year, classes: classes.map((c) => ({ value: c.id, label: className(c) })), f, query };
}

function subtitle(f: BookFilter, classes: { value: number; label: string }[]): string {
  const parts = [`с ${formatDate(f.from)} по ${formatDate(f.to)}`];
  if (f.kind) parts.push(KIND_NAMES[f.kind]);
  if (f.classId) parts.push(`класс ${classes.find((c) => c.value === f.classId)?.label ?? ""}`);
  return parts.join(", ");
}

movementRouter.get("/movement", requirePermission("movement", "view"), async (req, res) => {
  const { q, years, year, classes, f, query } = await filters(req, req.actor!);
  const book = await listOrders(req.actor!, f, q.page);
  res.page("movement/book", {
    title: "Книга движения",
    book,
    years,
    year,
    classes,
    f,
    query,
    kinds: MOVEMENT_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] })),
    details: orderDetails,
    styles,
  });
});

movementRouter.get("/movement/book.pdf", requirePermission("movement", "view"), async (req, res) => {
  const { classes, f } = await filters(req, req.actor!);
  const rows = await allOrders(req.actor!, f);
  sendPdf(res, await bookPdf(req.actor!.schoolName, subtitle(f, classes), rows), `movement-${isoDate(f.from)}-${isoDate(f.to)}.pdf`);
});

movementRouter.get("/movement/report", requirePermission("movement", "view"), async (req, res) => {
  const { years, year, f, query } = await filters(req, req.actor!);
  const report = year ? await movementReport(req.actor!.schoolId, year.id, f.from, f.to) : null;
  res.page("movement/report", { title: "Отчёт о движении учащихся", report, years, year, f, query, WITHDRAW_REASONS, styles });
});

movementRouter.get("/movement/report.pdf", requirePermission("movement", "view"), async (req, res) => {
  const { year, f } = await filters(req, req.actor!);
  if (!year) throw new NotFound();
  const report = await movementReport(req.actor!.schoolId, year.id, f.from, f.to);
  sendPdf(
    res,
    await reportPdf(req.actor!.schoolName, `${year.name}, с ${formatDate(f.from)} по ${formatDate(f.to)}`, report),
    `movement-report-${isoDate(f.from)}.pdf`,
  );
});

async function formLocals(actor: Actor, kind: string) {
  const years = await yearsOf(actor.schoolId);
  const year = years.find((y) => y.status === "CURRENT") ?? years.find((y) => y.status === "DRAFT") ?? null;
  const writable = years.filter((y) => y.status !== "CLOSED").map((y) => y.id);
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: { in: writable } },
    include: { year: true },
    orderBy: [{ year: { startDate: "asc" } }, { grade: "asc" }, { letter: "asc" }],
  });
  const students = year ? await studentOptions(actor, year.id, today()) : { classGroups: [], unplaced: [] };
  return {
    kind,
    kinds: MANUAL_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] })),
    classOptions: classes.map((c) => ({ value: c.id, label: `${className(c)} (${c.year.name})` })),
    students,
    withdrawReasons: Object.entries(WITHDRAW_REASONS).map(([value, label]) => ({ value, label })),
    enrolReasons: Object.entries(ENROL_REASONS).map(([value, label]) => ({ value, label })),
    styles,
    scripts,
  };
}

movementRouter.get("/movement/new", requirePermission("movement", "create"), async (req, res) => {
  const kind = MANUAL_KINDS.includes(req.query.kind as never) ? String(req.query.kind) : "ENROL";
  res.page("movement/order-form", { title: "Новый приказ", ...(await formLocals(req.actor!, kind)), values: { kind } });
});

movementRouter.post("/movement", requirePermission("movement", "create"), async (req, res) => {
  const actor = req.actor!;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const parsed = parseForm(orderSchema, body);
  let errors: FieldErrors | null = parsed.ok ? null : parsed.errors;
  let newStudent = null;
  if (parsed.ok && parsed.data.kind === "ENROL" && !parsed.data.studentId) {
    const ns = parseForm(newStudentSchema, body);
    if (ns.ok)
      newStudent = {
        lastName: ns.data.newLastName,
        firstName: ns.data.newFirstName,
        middleName: ns.data.newMiddleName,
        birthDate: ns.data.newBirthDate,
        sex: ns.data.newSex,
      };
    else errors = { ...ns.errors, studentId: "Выберите ученика или заполните данные нового ученика" };
  }
  if (parsed.ok && !errors) {
    try {
      const order = await registerOrder(actor, { ...parsed.data, newStudent });
      flash(req, "ok", `Приказ № ${order.number} зарегистрирован`);
      return res.redirect(`/movement/${order.id}`);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors = e.fields;
      if (errors.lastName) errors = { ...errors, newLastName: errors.lastName };
    }
  }
  const kind = typeof body.kind === "string" && MANUAL_KINDS.includes(body.kind as never) ? body.kind : "ENROL";
  res.page("movement/order-form", { title: "Новый приказ", ...(await formLocals(actor, kind)), values: body, errors: errors ?? {} }, 422);
});

function idParam(req: Request): number {
  const r = parseForm(field.id(), req.params.id);
  if (!r.ok) throw new NotFound();
  return r.data;
}

async function orderPage(actor: Actor, id: number) {
  const order = await getOrder(actor, id);
  return {
    title: `Приказ № ${order.number}`,
    order,
    details: orderDetails(order),
    withdrawReasons: Object.entries(WITHDRAW_REASONS).map(([value, label]) => ({ value, label })),
    enrolReasons: Object.entries(ENROL_REASONS).map(([value, label]) => ({ value, label })),
    styles,
    scripts,
  };
}

movementRouter.get("/movement/:id", requirePermission("movement", "view"), async (req, res) => {
  const locals = await orderPage(req.actor!, idParam(req));
  const o = locals.order;
  res.page("movement/order", { ...locals, values: { ...o, orderDate: isoDate(o.orderDate), destOrderDate: o.destOrderDate ? isoDate(o.destOrderDate) : "" } });
});

movementRouter.post("/movement/:id/cancel", requirePermission("movement", "delete"), async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(cancelSchema, req.body);
  let errors = parsed.ok ? null : parsed.errors;
  if (parsed.ok) {
    try {
      await cancelOrder(req.actor!, id, parsed.data.cancelReason);
      flash(req, "ok", "Приказ отменён, изменения членства в классе возвращены");
      return res.redirect(`/movement/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors = e.fields;
    }
  }
  const locals = await orderPage(req.actor!, id);
  const o = locals.order;
  res.page(
    "movement/order",
    {
      ...locals,
      values: { ...o, orderDate: isoDate(o.orderDate), destOrderDate: o.destOrderDate ? isoDate(o.destOrderDate) : "", ...req.body },
      errors: errors ?? {},
    },
    422,
  );
});

movementRouter.post("/movement/:id/correct", requirePermission("movement", "update"), async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(correctSchema, req.body);
  let errors = parsed.ok ? null : parsed.errors;
  if (parsed.ok) {
    try {
      await correctOrderDetails(req.actor!, id, parsed.data);
      flash(req, "ok", "Приказ исправлен");
      return res.redirect(`/movement/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors = e.fields;
    }
  }
  res.page("movement/order", { ...(await orderPage(req.actor!, id)), values: req.body, errors: errors ?? {} }, 422);
});
